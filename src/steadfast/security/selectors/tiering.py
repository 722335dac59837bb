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

from django.db.models import Count, Sum
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from steadfast.core.scoping import scoped
from steadfast.network.models import BomLine, CustomerNetwork, Deployment, Item, ItemSource, Supplier
from steadfast.network.selectors.graph import reachable_items_sql
from steadfast.security.models import SupplierRiskProfile

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


def _networks_by_product(product_ids: Iterable[int] | None = None) -> tuple[dict[int, set[int]], dict[int, Decimal],
                                                                          dict[int, tuple[int, int]]]:
    """product → network ids, product → revenue, network → (criticality, subscribers)."""
    deployments = Deployment.objects.all()
    if product_ids is not None:
        deployments = deployments.filter(product_id__in=product_ids)
    networks: dict[int, set[int]] = defaultdict(set)
    revenue: dict[int, Decimal] = defaultdict(Decimal)
    facts: dict[int, tuple[int, int]] = {}
    for product_id, network_id, amount, criticality, subscribers in deployments.values_list(
            "product_id", "network_id", "annual_revenue", "network__criticality", "network__subscribers"):
        networks[product_id].add(network_id)
        revenue[product_id] += amount
        facts[network_id] = (criticality, subscribers)
    return networks, revenue, facts


def _summarise(product_ids: Iterable[int], networks_of, revenue_of, facts) -> Exposure:
    products = list(product_ids)
    network_ids: set[int] = set()
    for product_id in products:
        network_ids |= networks_of.get(product_id, set())
    return Exposure(
        products=len(products), networks=len(network_ids),
        critical_networks=sum(1 for n in network_ids if facts[n][0] == CustomerNetwork.Criticality.CRITICAL),
        network_weight=sum(facts[n][0] for n in network_ids), subscribers=sum(facts[n][1] for n in network_ids),
        revenue=sum((revenue_of.get(p, Decimal(0)) for p in products), Decimal(0)),
    )


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
    networks_of, revenue_of, facts = _networks_by_product()
    memo: dict[int, Exposure] = {}  # many suppliers feed the same set of products
    result = {}
    for supplier_id, items in items_of.items():
        mask = 0
        for item_id in items:
            mask |= mask_of(item_id)
        if mask not in memo:
            memo[mask] = _summarise((p for i, p in enumerate(product_ids) if mask >> i & 1),
                                    networks_of, revenue_of, facts)
        result[supplier_id] = memo[mask]
    return result


def _walked_exposure(supplier_id: int) -> Exposure:
    seed = ItemSource.objects.filter(site__owner_supplier_id=supplier_id).values("item_id")
    up_sql, up_params = reachable_items_sql(seed, downward=False)
    product_ids = list(Item.objects.filter(pk__in=RawSQL(up_sql, up_params), kind=Item.Kind.PRODUCT)
                       .values_list("pk", flat=True))
    if not product_ids:
        return NO_EXPOSURE
    return _summarise(product_ids, *_networks_by_product(product_ids))


def map_exposures(*, supplier_ids: Iterable[int] | None = None) -> dict[int, Exposure]:
    """supplier id → Exposure, for the given suppliers (all when None). Internal: not scoped; the
    tiering service calls it for every supplier, pages show the stored result through `tier_page`."""
    wanted = None if supplier_ids is None else set(supplier_ids)
    if wanted is not None and len(wanted) <= SINGLE_WALK_LIMIT:
        return {sid: _walked_exposure(sid) for sid in wanted}
    found = _bulk_exposures(wanted)
    return {sid: found.get(sid, NO_EXPOSURE) for sid in wanted} if wanted is not None else found


# --- pages -----------------------------------------------------------------------------------------

def tier_page(*, user, supplier_id: int) -> tuple[Supplier, SupplierRiskProfile | None]:
    """The supplier (404 outside the user's scope) and its risk profile, if it was ever computed."""
    supplier = get_object_or_404(scoped(Supplier.objects.all(), user=user, supplier="id"), pk=supplier_id)
    profile = SupplierRiskProfile.objects.filter(supplier=supplier).first()
    return supplier, profile


def tier_counts(*, user) -> dict[int | None, int]:
    """Suppliers per effective tier (override first), None for suppliers never tiered."""
    counts: dict[int | None, int] = defaultdict(int)
    qs = scoped(Supplier.objects.all(), user=user, supplier="id")
    rows = (qs.values("risk_profile__tier_override", "risk_profile__tier").order_by()
            .annotate(n=Count("id")).values_list("risk_profile__tier_override", "risk_profile__tier", "n"))
    for override, tier, n in rows:
        counts[override or tier] += n
    return dict(counts)
