"""Reads for inherent-risk tiering: each supplier's weight on the business map, and the tier page.

`map_exposures` answers "what depends on these suppliers" for the whole supplier base at once: a
handful of bulk queries (sources, BOM lines, deployments, networks) and a reverse BOM walk in memory,
item → products reachable upward, with product sets held as integer bit masks so that thousands of
suppliers cost seconds, not one trace each. For a few suppliers it walks the BOM in the database
instead (the same recursive query as the supplier trace). Both give what the supplier trace shows:
the supplier's own sites' sources (any status), every product above those items, and the customer
networks running those products.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db.models import Count, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.core.models import AuditEvent
from steadfast.core.scoping import scoped
from steadfast.network.models import BomLine, CustomerNetwork, Deployment, Item, ItemSource, Supplier
from steadfast.network.selectors.graph import reachable_items_sql
from steadfast.security.models import Finding, KevEntry, SupplierRiskProfile
from steadfast.security.models.findings import OPEN_STATUSES, FindingSource
from steadfast.security.services.risk_formula import KevSignal

# Below this many suppliers a per-supplier walk in the database beats loading the whole BOM.
SINGLE_WALK_LIMIT = 20


@dataclass(frozen=True)
class Exposure:
    """What depends on one supplier, through the map."""

    products: int = 0
    networks: int = 0
    critical_networks: int = 0
    network_weight: int = 0  # Σ criticality (1 low … 4 critical) over the exposed networks
    subscribers: int = 0
    revenue: Decimal = Decimal(0)


@dataclass(frozen=True)
class MapTotals:
    """The whole business: the denominators of the map shares."""

    products: int
    network_weight: int
    subscribers: int
    revenue: Decimal


NO_EXPOSURE = Exposure()


def map_totals() -> MapTotals:
    networks = CustomerNetwork.objects.aggregate(weight=Sum("criticality"), subscribers=Sum("subscribers"))
    return MapTotals(
        products=Item.objects.filter(kind=Item.Kind.PRODUCT).count(),
        network_weight=int(networks["weight"] or 0),
        subscribers=int(networks["subscribers"] or 0),
        revenue=Deployment.objects.aggregate(total=Sum("annual_revenue"))["total"] or Decimal(0),
    )


def _exposures_of(product_sets: list[list[int]], product_ids: list[int]) -> list[Exposure]:
    """Exposure of each set of products (indices into product_ids), all sets at once: a sets ×
    products matrix times the products × networks deployment matrix gives the networks each set
    reaches; criticality, subscribers and revenue (in cents: exact sums) follow by matrix products."""
    if not product_sets:
        return []
    deployments = Deployment.objects.filter(product_id__in=product_ids) if len(product_ids) <= 500 \
        else Deployment.objects.filter(product__kind=Item.Kind.PRODUCT)
    rows = list(deployments.values_list("product_id", "network_id", "annual_revenue", "network__criticality",
                                        "network__subscribers"))
    product_index = {pid: i for i, pid in enumerate(product_ids)}
    network_index: dict[int, int] = {}
    for _, network_id, *_ in rows:
        network_index.setdefault(network_id, len(network_index))
    runs = np.zeros((len(product_ids), max(len(network_index), 1)), dtype=np.float32)
    revenue_cents = np.zeros(len(product_ids), dtype=np.int64)
    criticality = np.zeros(runs.shape[1], dtype=np.int64)
    subscribers = np.zeros(runs.shape[1], dtype=np.int64)
    for product_id, network_id, amount, crit, subs in rows:
        if product_id not in product_index:
            continue
        p, n = product_index[product_id], network_index[network_id]
        runs[p, n] = 1.0
        revenue_cents[p] += int(amount * 100)
        criticality[n], subscribers[n] = crit, subs
    chosen = np.zeros((len(product_sets), len(product_ids)), dtype=np.float32)
    for row, products in enumerate(product_sets):
        chosen[row, products] = 1.0
    reached = (chosen @ runs) > 0.5  # sets × networks
    reached_int = reached.astype(np.int64)
    revenue = chosen.astype(np.int64) @ revenue_cents
    weight = reached_int @ criticality
    subs = reached_int @ subscribers
    critical = reached_int @ (criticality == CustomerNetwork.Criticality.CRITICAL).astype(np.int64)
    counts, networks = chosen.sum(axis=1), reached.sum(axis=1)
    return [Exposure(products=int(counts[i]), networks=int(networks[i]), critical_networks=int(critical[i]),
                     network_weight=int(weight[i]), subscribers=int(subs[i]),
                     revenue=Decimal(int(revenue[i])) / 100)
            for i in range(len(product_sets))]


def _product_mask_reader(product_ids: list[int]) -> Callable[[int], int]:
    """A function item id → bit mask of the products it goes into (bit i = product_ids[i]), reading
    the whole BOM once and remembering every item it has walked through."""
    parents: dict[int, list[int]] = defaultdict(list)
    for parent_id, child_id in BomLine.objects.values_list("parent_id", "child_id").iterator(chunk_size=20000):
        parents[child_id].append(parent_id)
    own_bit = {product_id: 1 << index for index, product_id in enumerate(product_ids)}
    masks: dict[int, int] = {}

    def mask_of(start: int) -> int:
        # Iterative post-order walk upward: a deep BOM must not hit Python's recursion limit, and a
        # cycle in bad data only stops the walk (an item on the current path counts as nothing).
        on_path: set[int] = set()
        stack = [(start, False)]
        while stack:
            node, expanded = stack.pop()
            if node in masks:
                continue
            if expanded:
                on_path.discard(node)
                mask = own_bit.get(node, 0)
                for parent in parents.get(node, ()):
                    mask |= masks.get(parent, 0)
                masks[node] = mask
            elif node not in on_path:
                on_path.add(node)
                stack.append((node, True))
                stack.extend((parent, False) for parent in parents.get(node, ()) if parent not in masks)
        return masks[start]

    return mask_of


def _bulk_exposures(supplier_ids: set[int] | None) -> dict[int, Exposure]:
    product_ids = list(Item.objects.filter(kind=Item.Kind.PRODUCT).order_by("pk").values_list("pk", flat=True))
    sources = ItemSource.objects.filter(site__owner_supplier__isnull=False)
    if supplier_ids is not None:
        sources = sources.filter(site__owner_supplier_id__in=supplier_ids)
    items_of: dict[int, set[int]] = defaultdict(set)
    for supplier_id, item_id in sources.values_list("site__owner_supplier_id", "item_id").iterator(chunk_size=20000):
        items_of[supplier_id].add(item_id)
    mask_of = _product_mask_reader(product_ids)
    supplier_masks: dict[int, int] = {}
    for supplier_id, items in items_of.items():
        mask = 0
        for item_id in items:
            mask |= mask_of(item_id)
        supplier_masks[supplier_id] = mask
    distinct = sorted(set(supplier_masks.values()))  # many suppliers feed the same set of products
    width = (len(product_ids) + 7) // 8 or 1
    sets = [np.flatnonzero(np.unpackbits(np.frombuffer(mask.to_bytes(width, "little"), dtype=np.uint8),
                                         bitorder="little")[:len(product_ids)]).tolist() for mask in distinct]
    by_mask = dict(zip(distinct, _exposures_of(sets, product_ids), strict=True))
    return {supplier_id: by_mask[mask] for supplier_id, mask in supplier_masks.items()}


def _walked_exposure(supplier_id: int) -> Exposure:
    return _walked_exposure_of_items(ItemSource.objects.filter(site__owner_supplier_id=supplier_id).values("item_id"))


def _walked_exposure_of_items(seed) -> Exposure:
    """Exposure of the products above the seed items (a queryset of item_id values or a set of ids)."""
    if not isinstance(seed, QuerySet):
        seed = sorted(seed)
    up_sql, up_params = reachable_items_sql(seed, downward=False)
    product_ids = list(Item.objects.filter(pk__in=RawSQL(up_sql, up_params), kind=Item.Kind.PRODUCT)
                       .order_by("pk").values_list("pk", flat=True))
    if not product_ids:
        return NO_EXPOSURE
    return _exposures_of([list(range(len(product_ids)))], product_ids)[0]


def map_exposures(*, supplier_ids: Iterable[int] | None = None) -> dict[int, Exposure]:
    """supplier id → Exposure, for the given suppliers (all when None). Internal: not scoped; the
    tiering service calls it for every supplier, pages show the stored result through `tier_page`."""
    wanted = None if supplier_ids is None else set(supplier_ids)
    if wanted is not None and len(wanted) <= SINGLE_WALK_LIMIT:
        return {sid: _walked_exposure(sid) for sid in wanted}
    found = _bulk_exposures(wanted)
    return {sid: found.get(sid, NO_EXPOSURE) for sid in wanted} if wanted is not None else found


@dataclass(frozen=True)
class SoleDependence:
    """What depends on a supplier alone: the items its sites make that no other site makes (sources
    elsewhere phased out do not count), and the revenue of the products above those items."""

    items: int = 0
    revenue: Decimal = Decimal(0)


NO_DEPENDENCE = SoleDependence()


def _sole_items(supplier_ids: Iterable[int] | None) -> dict[int, set[int]]:
    """supplier id → items sourced at its sites that no other site makes, as the supplier trace counts them."""
    mine = ItemSource.objects.filter(site__owner_supplier__isnull=False)
    if supplier_ids is not None:
        mine = mine.filter(site__owner_supplier_id__in=list(supplier_ids))
    rows = ItemSource.objects.filter(item_id__in=mine.values("item_id")).values_list(
        "item_id", "site__owner_supplier_id", "status")
    makers: dict[int, set] = defaultdict(set)  # item → suppliers (None: our own sites) with a live source
    sourced_by: dict[int, set[int]] = defaultdict(set)  # supplier → items at its sites
    for item_id, owner, status in rows.iterator(chunk_size=20000):
        if status != ItemSource.Status.PHASED_OUT:
            makers[item_id].add(owner)
        if owner is not None:
            sourced_by[owner].add(item_id)
    wanted = None if supplier_ids is None else set(supplier_ids)
    return {owner: {item for item in items if not (makers[item] - {owner})}
            for owner, items in sourced_by.items() if wanted is None or owner in wanted}


def sole_sourced_counts(*, supplier_ids: Iterable[int] | None = None) -> dict[int, int]:
    """supplier id → how many items its sites make that no other site makes. Internal: not scoped."""
    return {owner: len(items) for owner, items in _sole_items(supplier_ids).items()}


def sole_dependence(*, supplier_ids: Iterable[int] | None = None) -> dict[int, SoleDependence]:
    """supplier id → SoleDependence: its sole-sourced items and the annual revenue of every product
    above them (through the BOM), i.e. revenue no other source could keep flowing if the supplier
    were lost. Internal: not scoped. Like `map_exposures`: bulk bit masks for many suppliers, a
    database walk for a few."""
    sole = _sole_items(supplier_ids)
    if not sole:
        return {}
    if len(sole) <= SINGLE_WALK_LIMIT:
        return {sid: SoleDependence(len(items), _walked_exposure_of_items(items).revenue if items else Decimal(0))
                for sid, items in sole.items()}
    product_ids = list(Item.objects.filter(kind=Item.Kind.PRODUCT).order_by("pk").values_list("pk", flat=True))
    mask_of = _product_mask_reader(product_ids)
    masks = {sid: _or_masks(mask_of, items) for sid, items in sole.items()}
    revenue_of = _revenue_by_mask(sorted(set(masks.values())), product_ids)
    return {sid: SoleDependence(len(sole[sid]), revenue_of[mask]) for sid, mask in masks.items()}


def _or_masks(mask_of: Callable[[int], int], items: Iterable[int]) -> int:
    mask = 0
    for item_id in items:
        mask |= mask_of(item_id)
    return mask


def _revenue_by_mask(masks: list[int], product_ids: list[int]) -> dict[int, Decimal]:
    width = (len(product_ids) + 7) // 8 or 1
    sets = [np.flatnonzero(np.unpackbits(np.frombuffer(mask.to_bytes(width, "little"), dtype=np.uint8),
                                         bitorder="little")[:len(product_ids)]).tolist() for mask in masks]
    return {mask: exposure.revenue for mask, exposure in zip(masks, _exposures_of(sets, product_ids), strict=True)}


def kev_signals(*, supplier_ids: Iterable[int] | None = None) -> dict[int, KevSignal]:
    """supplier id → its open KEV findings, how many CISA flags as used by ransomware, and when the
    first of them was raised. Two queries. Internal: not scoped."""
    findings = Finding.objects.filter(source=FindingSource.KEV, status__in=OPEN_STATUSES)
    if supplier_ids is not None:
        findings = findings.filter(supplier_id__in=list(supplier_ids))
    rows = list(findings.values_list("supplier_id", "cve", "created_at"))
    ransomware = set(KevEntry.objects.filter(cve_id__in={cve for _, cve, _ in rows},
                                             known_ransomware_use__iexact="known").values_list("cve_id", flat=True))
    grouped: dict[int, list] = defaultdict(list)
    for supplier_id, cve, created in rows:
        grouped[supplier_id].append((cve, created))
    return {sid: KevSignal(open=len(found), ransomware=sum(1 for cve, _ in found if cve in ransomware),
                           first_found=timezone.localdate(min(created for _, created in found)))
            for sid, found in grouped.items()}


# --- pages -----------------------------------------------------------------------------------------

def tier_page(*, user, supplier_id: int) -> tuple[Supplier, SupplierRiskProfile | None, list]:
    """The supplier (404 outside the user's scope), its risk profile if it was ever computed, and the
    audited changes of its tier override (who, when, from what to what, why), newest first."""
    supplier = get_object_or_404(scoped(Supplier.objects.all(), user=user, supplier="id"), pk=supplier_id)
    profile = SupplierRiskProfile.objects.filter(supplier=supplier).first()
    overrides = []
    if profile is not None:
        events = AuditEvent.objects.filter(object_type="security.supplierriskprofile", object_id=str(profile.pk),
                                           verb="update").order_by("-seq")
        for event in events:
            if "tier_override" in event.changes or "tier_override_reason" in event.changes:
                tier = event.changes.get("tier_override", [None, profile.tier_override])
                reason = event.changes.get("tier_override_reason", [None, profile.tier_override_reason])
                overrides.append({"when": event.occurred_at, "who": event.actor_label, "before": tier[0],
                                  "after": tier[1], "reason": reason[1]})
    return supplier, profile, overrides


def tier_counts(*, user) -> dict[int | None, int]:
    """Suppliers per effective tier (override first), None for suppliers never tiered."""
    counts: dict[int | None, int] = defaultdict(int)
    qs = scoped(Supplier.objects.all(), user=user, supplier="id")
    rows = (qs.values("risk_profile__tier_override", "risk_profile__tier").order_by()
            .annotate(n=Count("id")).values_list("risk_profile__tier_override", "risk_profile__tier", "n"))
    for override, tier, n in rows:
        counts[override or tier] += n
    return dict(counts)


@dataclass(frozen=True)
class MapDependents:
    """What on the map depends on one supplier (the supplier trace's products and networks), the
    most exposed first, cut to `limit` rows each; the counts are of all of them."""

    products: list
    product_count: int
    networks: list
    network_count: int


def map_dependents(*, supplier_id: int, limit: int = 10) -> MapDependents:
    """Products above the supplier's items (by deployed revenue) and the customer networks running
    them (by criticality, then subscribers). Four queries; the supplier must already be in scope."""
    seed = ItemSource.objects.filter(site__owner_supplier_id=supplier_id).values("item_id")
    up_sql, up_params = reachable_items_sql(seed, downward=False)
    products = Item.objects.filter(pk__in=RawSQL(up_sql, up_params), kind=Item.Kind.PRODUCT)
    top_products = list(products.annotate(revenue=Sum("deployments__annual_revenue"),
                                          network_count=Count("deployments__network", distinct=True))
                        .order_by("-revenue", "ref")[:limit])
    networks = CustomerNetwork.objects.filter(
        pk__in=Deployment.objects.filter(product__in=RawSQL(up_sql, up_params)).values("network_id"))
    top_networks = list(networks.select_related("customer").order_by("-criticality", "-subscribers", "ref")[:limit])
    return MapDependents(products=top_products, product_count=products.count(),
                         networks=top_networks, network_count=networks.count())
