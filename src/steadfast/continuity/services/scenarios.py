"""Disruption scenarios: a selection on the map and a TTR → the engine → what it hits.

The same service answers the scenario builder page, the API and `steadfast continuity scenario`.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace

import numpy as np
import pycountry
from django.core.exceptions import ValidationError
from django.db.models import Sum

from steadfast.continuity.models import SelectionKind
from steadfast.continuity.services.map_network import map_network
from steadfast.core.services.jobs import start_job
from steadfast.engine import Analyzer, Network, Scenario, explain, product_tts
from steadfast.network.models import (
    CustomerNetwork,
    Deployment,
    Item,
    ItemSource,
    ItemSourceStatus,
    Site,
    Supplier,
)

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True)
class Selection:
    """What is lost: sites, all sites of suppliers, all sites in countries, or every site within
    `radius_km` of a point; for `ttr_days` days."""

    kind: str
    ttr_days: float
    refs: tuple[str, ...] = ()
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None


@dataclass(frozen=True)
class WhatIf:
    """Edits tried on a copy of the engine's network, never on the map: extra units on hand at
    sources (source ref → units added), and second sources (source ref → a site that would make the
    same item with the same capacity and inputs, none of its stock)."""

    extra_inventory: dict[str, float] = field(default_factory=dict)
    second_source: dict[str, str] = field(default_factory=dict)


def validate_selection(selection: Selection) -> None:
    errors: dict[str, str] = {}
    if selection.kind not in SelectionKind.values:
        errors["selection"] = f"must be one of {', '.join(SelectionKind.values)}, got {selection.kind!r}"
    if not (isinstance(selection.ttr_days, int | float) and math.isfinite(selection.ttr_days) and selection.ttr_days > 0):
        errors["ttr_days"] = f"the TTR must be a positive number of days, got {selection.ttr_days!r}"
    if selection.kind == SelectionKind.CIRCLE:
        for name, low, high in (("latitude", -90, 90), ("longitude", -180, 180)):
            value = getattr(selection, name)
            if value is None or not math.isfinite(value) or not low <= value <= high:
                errors[name] = f"must be a number between {low} and {high}, got {value!r}"
        radius = selection.radius_km
        if radius is None or not math.isfinite(radius) or radius <= 0:
            errors["radius_km"] = f"the radius must be a positive number of km, got {radius!r}"
    elif selection.kind in SelectionKind.values and not [r for r in selection.refs if r.strip()]:
        errors["refs"] = f"name at least one of the {selection.kind} to lose"
    if errors:
        raise ValidationError(errors)


def selected_sites(selection: Selection) -> list[tuple[int, str]]:
    """(pk, ref) of the sites the selection loses, in ref order. Unknown refs are an error that
    names them; a selection that holds no site is an error too."""
    validate_selection(selection)
    refs = sorted({r.strip() for r in selection.refs if r.strip()})
    sites = Site.objects.order_by("ref")
    if selection.kind == SelectionKind.SITES:
        rows = list(sites.filter(ref__in=refs).values_list("pk", "ref"))
        _unknown(refs, {ref for _, ref in rows}, "refs", "site")
    elif selection.kind == SelectionKind.SUPPLIERS:
        known = set(Supplier.objects.filter(ref__in=refs).values_list("ref", flat=True))
        _unknown(refs, known, "refs", "supplier")
        rows = list(sites.filter(owner_supplier__ref__in=refs).values_list("pk", "ref"))
    elif selection.kind == SelectionKind.COUNTRIES:
        codes = sorted({r.upper() for r in refs})
        bad = [c for c in codes if len(c) != 2 or not c.isalpha()]
        if bad:
            raise ValidationError({"refs": f"not ISO 3166 alpha-2 country codes: {', '.join(bad)}"})
        rows = list(sites.filter(country__in=codes).values_list("pk", "ref"))
    elif selection.kind == SelectionKind.SUBDIVISIONS:
        codes = sorted({r.upper() for r in refs})

        bad = [c for c in codes if pycountry.subdivisions.get(code=c) is None]
        if bad:
            raise ValidationError({"refs": f"not ISO 3166-2 subdivision codes (like JP-28): {', '.join(bad)}"})
        rows = list(sites.filter(subdivision__in=codes).values_list("pk", "ref"))
    else:
        rows = sites_within(selection.latitude, selection.longitude, selection.radius_km)
    if not rows:
        raise ValidationError({"refs" if selection.kind != SelectionKind.CIRCLE else "radius_km":
                               "the selection holds no site on the map"})
    return rows


def _unknown(asked: list[str], known: set[str], field_name: str, what: str) -> None:
    missing = [r for r in asked if r not in known]
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        raise ValidationError({field_name: f"unknown {what} ref{'s' if len(missing) > 1 else ''}: {shown}"})


def sites_within(latitude: float, longitude: float, radius_km: float) -> list[tuple[int, str]]:
    """Sites whose great-circle (haversine) distance from the point is at most `radius_km`."""
    rows = list(Site.objects.order_by("ref").values_list("pk", "ref", "latitude", "longitude"))
    if not rows:
        return []
    lat = np.radians([r[2] for r in rows])
    lon = np.radians([r[3] for r in rows])
    lat0, lon0 = math.radians(latitude), math.radians(longitude)
    a = np.sin((lat - lat0) / 2) ** 2 + math.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    return [(r[0], r[1]) for r, d in zip(rows, distance, strict=True) if d <= radius_km]


def with_what_if(network: Network, what_if: WhatIf | None) -> Network:
    """A copy of the network with the edits applied (the map is left as it is)."""
    if what_if is None or not (what_if.extra_inventory or what_if.second_source):
        return network
    if what_if.second_source:
        network = _with_second_sources(network, what_if.second_source)
    inventory = network.inventory.copy()
    for ref, units in what_if.extra_inventory.items():
        if ref not in network.node_ids:
            raise ValidationError({"extra_inventory": f"unknown or phased-out source {ref!r}"})
        if not (math.isfinite(units) and units >= 0):
            raise ValidationError({"extra_inventory": f"extra units at {ref} must be a non-negative number, got {units!r}"})
        inventory[network.index_of(ref)] += units
    return replace(network, inventory=inventory)


def _with_second_sources(network: Network, second: dict[str, str]) -> Network:
    """The network plus, for each source, a copy at another site: same part, capacity and edges."""

    known_sites = set(Site.objects.filter(ref__in=list(second.values())).values_list("ref", flat=True))
    ids = list(network.node_ids)
    parts = [network.part_names[k] for k in network.part_of]
    sites = [network.site_names[k] for k in network.site_of]
    capacity, inventory = list(network.capacity), list(network.inventory)
    demand, profit, ttr = list(network.demand), list(network.profit), list(network.ttr)
    edges_from = [network.node_ids[k] for k in network.edge_from]
    edges_to = [network.node_ids[k] for k in network.edge_to]
    qty = list(network.edge_qty)
    for ref, site in second.items():
        if ref not in network.node_ids:
            raise ValidationError({"second_source": f"unknown or phased-out source {ref!r}"})
        if site not in known_sites:
            raise ValidationError({"second_source": f"unknown site {site!r} for a second source of {ref}"})
        k = network.index_of(ref)
        if network.groups.of_node[k] >= 0:
            raise ValidationError({"second_source": f"{ref} makes a product; add a second source of its inputs"})
        copy = f"{ref}~{site}"
        ids.append(copy)
        parts.append(parts[k])
        sites.append(site)
        capacity.append(network.capacity[k])
        inventory.append(0.0)
        demand.append(0.0)
        profit.append(network.profit[k])
        ttr.append(float("nan"))
        for e in range(network.num_edges):
            if network.edge_from[e] == k:
                edges_from.append(copy), edges_to.append(edges_to[e]), qty.append(network.edge_qty[e])
            elif network.edge_to[e] == k:
                edges_from.append(edges_from[e]), edges_to.append(copy), qty.append(network.edge_qty[e])
    # A product's demand belongs to its part (engine/model.py DemandGroups): carry it over.
    part_demand = part_profit = None
    if network.part_demand is not None:
        part_demand = {name: float(network.part_demand[k]) for k, name in enumerate(network.part_names)
                       if network.part_demand[k] > 0}
        part_profit = {name: float(network.part_profit[k]) for k, name in enumerate(network.part_names)
                       if network.part_demand[k] > 0}
    return Network.from_arrays(ids, parts=parts, sites=sites, capacity=capacity, inventory=inventory,
                                     demand=demand, profit=profit, ttr=ttr, edges_from=edges_from, edges_to=edges_to,
                                     qty=qty, part_demand=part_demand, part_profit=part_profit)


def engine_scenario(network: Network, site_refs: list[str], ttr_days: float, *, name: str = "scenario") -> Scenario:
    """Every node at the sites lost entirely for the TTR (as a scenario file's `site` rows)."""

    members = network.site_members
    nodes = sorted({int(k) for ref in site_refs for k in members.get(ref, ())})
    return Scenario(name=name, ttr=float(ttr_days), nodes=tuple(nodes), losses=(1.0,) * len(nodes))


def run_scenario(selection: Selection, *, what_if: WhatIf | None = None, network: Network | None = None,
                 analyzer: Analyzer | None = None) -> dict:
    """The engine's answer for the selection, and what it hits on the map.

    Keys: sites, tts (days; None = unbounded), pi, ttr, at_risk, products [{ref, name, pi, lost_units, tts,
    at_risk}] (a product's own TTS: engine.product_tts),
    networks, subscribers, revenue_at_risk (annual revenue of the deployments of products that
    lose output), site_refs, curve [[days, pi]] (PI over horizons around the TTR, for the chart).
    """

    sites = selected_sites(selection)
    base = network if network is not None else map_network()
    net = with_what_if(base, what_if)
    if analyzer is None or net is not base:
        analyzer = Analyzer(net)
    site_refs = [ref for _, ref in sites]
    scenario = engine_scenario(net, site_refs, selection.ttr_days)
    result = analyzer.analyse(scenario) if scenario.nodes else None
    tts = math.inf if result is None else result.tts
    pi = 0.0 if result is None else result.pi
    products = _products_hit(net, scenario, analyzer) if result is not None and result.at_risk else []
    hit_refs = [p["ref"] for p in products]
    deployments = Deployment.objects.filter(product__ref__in=hit_refs)
    network_ids = set(deployments.values_list("network_id", flat=True))
    subscribers = 0
    if network_ids:
        subscribers = CustomerNetwork.objects.filter(pk__in=network_ids).aggregate(total=Sum("subscribers"))["total"] or 0
    revenue = deployments.aggregate(total=Sum("annual_revenue"))["total"] or 0
    return {
        "sites": len(sites),
        "nodes": len(scenario.nodes),
        "ttr": float(selection.ttr_days),
        "tts": None if math.isinf(tts) else tts,
        "pi": pi,
        "at_risk": bool(selection.ttr_days > tts),
        "products": products,
        "networks": len(network_ids),
        "subscribers": int(subscribers),
        "revenue_at_risk": float(revenue),
        "site_refs": site_refs,
        "curve": _pi_curve(analyzer, scenario, tts) if scenario.nodes else [],
    }


def _products_hit(network: Network, scenario: Scenario, analyzer: Analyzer) -> list[dict]:
    """Products that lose output over the TTR, with the margin lost (units × margin per unit) and
    each product's own TTS (days until its output first falls short; None = unbounded)."""

    why = explain(network, scenario, analyzer=analyzer)
    units_by_part: dict[str, float] = defaultdict(float)
    tts_by_part: dict[str, float] = {}
    own_tts = product_tts(network, scenario, analyzer=analyzer,
                          products=[key for key, units in why.lost_units.items() if units > 0])
    for key, units in why.lost_units.items():
        # the engine names a product by its node (a source) or by its part (an item)
        part = network.part_names[network.part_of[network.index_of(key)]] if key in network.node_ids else key
        units_by_part[part] += units
        if key in own_tts:
            tts_by_part[part] = min(tts_by_part.get(part, math.inf), own_tts[key])
    items = {ref: (name, float(margin)) for ref, name, margin in
             Item.objects.filter(ref__in=list(units_by_part)).values_list("ref", "name", "margin_per_unit")}
    products = []
    for ref, units in units_by_part.items():
        if units <= 0:
            continue
        tts = tts_by_part.get(ref, math.inf)
        products.append({"ref": ref, "name": items.get(ref, (ref, 0.0))[0], "lost_units": units,
                         "pi": units * items.get(ref, (ref, 0.0))[1], "tts": None if math.isinf(tts) else tts,
                         "at_risk": bool(scenario.ttr > tts)})
    return sorted(products, key=lambda p: (-p["pi"], p["ref"]))


def _pi_curve(analyzer: Analyzer, scenario: Scenario, tts: float, points: int = 12) -> list[list[float]]:
    """PI at horizons from 0 to past the TTR and the TTS: the TTS-vs-TTR chart's line."""
    end = max(scenario.ttr, tts if math.isfinite(tts) else 0.0) * 1.5
    horizons = sorted({*np.linspace(end / points, end, points).tolist(), scenario.ttr}
                      | ({tts} if math.isfinite(tts) and tts > 0 else set()))
    curve = [[0.0, 0.0]]
    for t in horizons:
        curve.append([float(t), analyzer.analyse(replace(scenario, ttr=float(t))).pi])
    return curve


SCENARIO_JOB_KIND = "continuity.scenario"


def selection_params(selection: Selection, what_if: WhatIf | None = None) -> dict:
    return {"kind": selection.kind, "ttr_days": selection.ttr_days, "refs": list(selection.refs),
            "latitude": selection.latitude, "longitude": selection.longitude, "radius_km": selection.radius_km,
            "extra_inventory": dict(what_if.extra_inventory) if what_if else {},
            "second_source": dict(what_if.second_source) if what_if else {}}


def selection_from_params(params: dict) -> tuple[Selection, WhatIf]:
    return (Selection(kind=params["kind"], ttr_days=params["ttr_days"], refs=tuple(params.get("refs") or ()),
                      latitude=params.get("latitude"), longitude=params.get("longitude"),
                      radius_km=params.get("radius_km")),
            WhatIf(extra_inventory=dict(params.get("extra_inventory") or {}),
                   second_source=dict(params.get("second_source") or {})))


def start_scenario(*, actor, selection: Selection, what_if: WhatIf | None = None, label: str = "",
                   saved_scenario_id: int | None = None):
    """Check the selection now (bad input stores nothing), then answer it in the background worker."""

    sites = selected_sites(selection)
    for ref, units in (what_if.extra_inventory.items() if what_if else ()):
        if not (math.isfinite(units) and units >= 0):
            raise ValidationError({"extra_inventory": f"extra units at {ref} must be a non-negative number"})
    if what_if and what_if.second_source:
        known = set(ItemSource.objects.filter(ref__in=list(what_if.second_source))
                    .exclude(status=ItemSourceStatus.PHASED_OUT).values_list("ref", flat=True))
        _unknown(sorted(what_if.second_source), known, "second_source", "source")
        _unknown(sorted(set(what_if.second_source.values())),
                 set(Site.objects.filter(ref__in=list(what_if.second_source.values())).values_list("ref", flat=True)),
                 "second_source", "site")
    label = label or f"Scenario: {len(sites):,} sites lost for {selection.ttr_days:g} days"
    return start_job(actor=actor if getattr(actor, "pk", None) else None, kind=SCENARIO_JOB_KIND, label=label,
                     params={**selection_params(selection, what_if), "saved_scenario_id": saved_scenario_id})
