"""Which products and customer networks a map record's loss hits, for its continuity card.

No LP on page view: the latest run says which of the record's scenarios run short before they
recover (at risk); the map's BOM, walked upwards from the items made at those sites or sources,
says which products they go into, and the deployments which customer networks run those products.
This is what the loss can reach (an upper bound: a product with another source of the same input
may still be covered); the scenario builder prices the same loss product by product. When none of
the record's scenarios is at risk the card lists what it feeds instead, and says so."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from steadfast.continuity.selectors.runs import results_of
from steadfast.network.models import CustomerNetwork, Deployment, Item, ItemSource, ItemSourceStatus
from steadfast.network.selectors.trace_queries import edges_above_with_parents

SHOWN_PRODUCTS = 10
SHOWN_NETWORKS = 5


@dataclass(frozen=True)
class Reach:
    at_risk: bool  # True: reached from the scenarios at risk; False: all it feeds, none at risk
    products: list[tuple[int, str, str]]  # (id, ref, name) of the first SHOWN_PRODUCTS by ref
    product_count: int
    networks: list[tuple[int, str, str, int]]  # (id, ref, name, subscribers), most subscribers first
    network_count: int
    subscribers: int

    @property
    def more_products(self) -> int:
        return self.product_count - len(self.products)

    @property
    def more_networks(self) -> int:
        return self.network_count - len(self.networks)


def reach(run, *, site_id: int | None = None, supplier_id: int | None = None, item_id: int | None = None,
          source_id: int | None = None) -> Reach | None:
    """Products and customer networks the record's loss reaches in `run` (the caller checked access)."""
    rows = results_of(run, site_id=site_id, supplier_id=supplier_id, item_id=item_id, source_id=source_id)
    if rows is None:
        return None
    at_risk = rows.filter(at_risk=True).exists()
    if at_risk:
        rows = rows.filter(at_risk=True)
    live = ItemSource.objects.exclude(status=ItemSourceStatus.PHASED_OUT)
    seeds = live.filter(site_id__in=rows.filter(site__isnull=False).values("site_id")) | live.filter(
        pk__in=rows.filter(source__isnull=False).values("source_id"))
    seed_items = seeds.values("item_id")
    product_ids = set(Item.objects.filter(pk__in=seed_items, kind=Item.Kind.PRODUCT).values_list("pk", flat=True))
    product_ids |= {parent for parent, _child, _ref, _name, kind in edges_above_with_parents(seed_items)
                    if kind == Item.Kind.PRODUCT}
    products = list(Item.objects.filter(pk__in=product_ids).order_by("ref").values_list("pk", "ref", "name")
                    [:SHOWN_PRODUCTS])
    networks = CustomerNetwork.objects.filter(
        pk__in=Deployment.objects.filter(product_id__in=product_ids).values("network_id"))
    totals = networks.aggregate(subscribers=Sum("subscribers"))
    return Reach(at_risk=at_risk, products=products, product_count=len(product_ids),
                 networks=list(networks.order_by("-subscribers", "ref").values_list("pk", "ref", "name", "subscribers")
                               [:SHOWN_NETWORKS]),
                 network_count=networks.count(), subscribers=totals["subscribers"] or 0)
