"""Approved sources: which sites make or hold each item, with capacity enough for its demand.

Sustainable by construction: the approved sources of an item together have 1.3-2x its derived
daily demand (or are unlimited), so in normal operation every product's demand is met and only
a disruption can cut supply. Qualifying and phased-out sources come on top of that capacity.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict

from steadfast.network.demo.items import ItemWorld
from steadfast.network.demo.sizes import allocate
from steadfast.network.demo.suppliers import SupplierWorld
from steadfast.network.models import (
    ItemSource,
    ItemSourceStatus,
    Site,
    SiteKind,
    SupplierCategory,
    SupplierStatus,
)

C, K = SupplierCategory, SiteKind
# Which kind of site supplies each BOM level (role → weight): contract manufacturers build
# products, assemblies and boards; component makers sell chips, passives and optics; fabricators
# (manufacturing services below tier 1) make PCBs, housings and cables; only materials companies
# (components suppliers at tier 3) sell raw materials.
LEVEL_ROLES = {
    "products": {"own_factory": 70, "ems": 30},
    "assemblies": {"own_factory": 30, "ems": 70},
    "sub_assemblies": {"ems": 60, "t1_components": 40},
    "components": {"t1_components": 60, "t2_components": 40},
    "parts": {"fabricators": 75, "t2_components": 25},
    "raw_materials": {"t3_materials": 100},
    "software": {"software": 90, "own_office": 10},
}
SERVICE_ROLES = {C.LOGISTICS: {"logistics": 100}, C.CLOUD: {"cloud": 90, "own_data_centre": 10},
                 C.PROFESSIONAL: {"professional": 100}}
SOURCING_MIX = {"products": {1: 40, 2: 50, 3: 10}, "software": {1: 70, 2: 25, 3: 5}, "services": {1: 50, 2: 35, 3: 15}}
DEFAULT_MIX = {1: 45, 2: 35, 3: 14, 4: 6}
UNLIMITED_SHARE = {"software": 0.8, "services": 0.5, "raw_materials": 0.1}
LEAD_TIME_DAYS = {"products": (1, 10), "assemblies": (3, 20), "sub_assemblies": (5, 30), "components": (7, 90),
                  "parts": (10, 45), "raw_materials": (20, 60), "software": (0, 2), "services": (1, 14)}
ALTERNATIVE_SHARE = 0.08  # items that also have a qualifying or phased-out source


def site_role(site: Site) -> str | None:
    supplier = site.owner_supplier
    if supplier is None:
        return {K.FACTORY: "own_factory", K.OFFICE: "own_office", K.DATA_CENTRE: "own_data_centre"}.get(site.kind)
    category, tier, kind = supplier.category, supplier.tier, site.kind
    if category in (C.LOGISTICS, C.CLOUD, C.PROFESSIONAL):
        return {C.LOGISTICS: "logistics", C.CLOUD: "cloud", C.PROFESSIONAL: "professional"}[category]
    if category == C.SOFTWARE:
        return "software" if kind in (K.OFFICE, K.DATA_CENTRE) else None
    if kind not in (K.FACTORY, K.WAREHOUSE):
        return None
    if tier == 1:
        return "ems" if category == C.MANUFACTURING else "t1_components" if kind == K.FACTORY else None
    if category == C.MANUFACTURING:
        return "fabricators" if kind == K.FACTORY else None
    if tier == 2:
        return "t2_components" if kind == K.FACTORY else None
    return "t3_materials"


def _pools(suppliers: SupplierWorld) -> tuple[dict[str, list[Site]], dict[str, list[Site]]]:
    """Sites by role: those of active suppliers (and our own), and those of the others."""
    approved: dict[str, list[Site]] = defaultdict(list)
    others: dict[str, list[Site]] = defaultdict(list)
    for site in suppliers.own_sites + suppliers.supplier_sites:
        role = site_role(site)
        if role is None:
            continue
        active = site.owner_supplier is None or site.owner_supplier.status == SupplierStatus.ACTIVE
        (approved if active else others)[role].append(site)
    return approved, others


def build_sources(rng: random.Random, items: ItemWorld, suppliers: SupplierWorld) -> list[ItemSource]:
    approved, others = _pools(suppliers)
    fallback = approved.get("own_factory") or suppliers.own_sites  # we make it ourselves if no supplier fits
    sources: list[ItemSource] = []
    for level, level_items in items.levels.items():
        mix = SOURCING_MIX.get(level, DEFAULT_MIX)
        for item, wanted in zip(level_items, allocate(rng, len(level_items), mix), strict=True):
            roles = SERVICE_ROLES[items.provider[item.ref]] if level == "services" else LEVEL_ROLES[level]
            sites = _pick_sites(rng, approved, roles, wanted) or [rng.choice(fallback)]
            demand = items.demand[item.ref]
            sources += _approved_sources(rng, item, level, sites, demand)
            if level != "software" and rng.random() < ALTERNATIVE_SHARE:
                extra = _pick_sites(rng, others, roles, 1, exclude=sites)
                if extra:
                    sources.append(_alternative_source(rng, item, extra[0], demand))
    return sources


def _pick_sites(rng: random.Random, pools: dict[str, list[Site]], roles: dict[str, int], count: int,
                exclude: list[Site] = ()) -> list[Site]:
    available = {role: weight for role, weight in roles.items() if pools.get(role)}
    chosen: list[Site] = []
    if not available:
        return chosen
    names, weights = list(available), list(available.values())
    for _ in range(count * 6):  # a few tries: a small pool may not have `count` distinct sites
        site = rng.choice(pools[rng.choices(names, weights=weights)[0]])
        if site not in chosen and site not in exclude:
            chosen.append(site)
            if len(chosen) == count:
                break
    return chosen


def _approved_sources(rng: random.Random, item, level: str, sites: list[Site], demand: float) -> list[ItemSource]:
    required = max(demand, 0.01) * rng.uniform(1.3, 2.0)
    weights = [rng.uniform(0.5, 1.5) for _ in sites]
    total = sum(weights)
    whole_units = item.unit in ("each", "licence")
    sources = []
    for site, weight in zip(sites, weights, strict=True):
        share = weight / total
        unlimited = rng.random() < UNLIMITED_SHARE.get(level, 0.03)
        stock_days = 0 if level in ("software", "services") else rng.uniform(3, 28)
        inventory = demand * share * stock_days
        sources.append(ItemSource(
            ref=f"{item.ref}@{site.ref}", item=item, site=site, status=ItemSourceStatus.APPROVED,
            capacity_per_day=None if unlimited else math.ceil(required * share * 100) / 100,
            inventory=float(math.ceil(inventory)) if whole_units else round(inventory, 2),
            lead_time_days=round(rng.uniform(*LEAD_TIME_DAYS[level]), 1), share=round(share, 4),
            ttr_days=_source_ttr(rng, site),
        ))
    return sources


def _source_ttr(rng: random.Random, site: Site) -> float | None:
    """A quarter of sources have their own time to recover (requalifying that item's line or tooling),
    near the site's; the rest leave it blank and the engine uses the site's (shown on the site page)."""
    if rng.random() >= 0.25:
        return None
    base = site.ttr_days or rng.uniform(7, 90)
    return round(min(365.0, base * rng.uniform(0.7, 1.6)), 1)


def _alternative_source(rng: random.Random, item, site: Site, demand: float) -> ItemSource:
    qualifying = site.owner_supplier is not None and site.owner_supplier.status == SupplierStatus.ONBOARDING
    return ItemSource(
        ref=f"{item.ref}@{site.ref}", item=item, site=site, share=0,
        status=ItemSourceStatus.QUALIFYING if qualifying else ItemSourceStatus.PHASED_OUT,
        capacity_per_day=math.ceil(max(demand, 0.01) * rng.uniform(0.3, 1.0) * 100) / 100,
        inventory=0.0, lead_time_days=round(rng.uniform(5, 60), 1), ttr_days=None,
    )
