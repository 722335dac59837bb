"""/sites, /items, /sources and /bom."""

from __future__ import annotations

from ninja import Query, Status

from steadfast.core.api.schemas import Page, order, ordered, paginate
from steadfast.network import selectors, services
from steadfast.network.api.base import CHANGE, VIEW, router
from steadfast.network.api.schemas import (
    BomFilter,
    BomIn,
    BomOut,
    BomPatch,
    ItemFilter,
    ItemIn,
    ItemOut,
    ItemPatch,
    SiteFilter,
    SiteIn,
    SiteOut,
    SitePatch,
    SourceFilter,
    SourceIn,
    SourceOut,
    SourcePatch,
)

SITE_ORDER = ("ref", "name", "kind", "country", "city", "created_at")
SOURCE_ORDER = ("ref", "capacity_per_day", "inventory", "status", "created_at")
# Scoped accounts do not see our costs and demand: ordering by them would tell the order of the values.
ITEM_ORDER_SCOPED = ("ref", "name", "kind", "created_at")
ITEM_ORDER = (*ITEM_ORDER_SCOPED, "unit_cost", "demand_per_day")
BOM_ORDER = {"parent": "parent__ref", "child": "child__ref", "quantity": "quantity", "created_at": "created_at"}


@router.get("/sites", response=Page[SiteOut], auth=VIEW, tags=["sites"])
def list_sites(request, query: Query[ordered(SiteFilter, SITE_ORDER)]):
    qs = selectors.sites(user=request.user, search=query.search, country=query.country, kind=query.kind,
                         supplier_id=query.supplier_id, tier=query.tier, own=query.own)
    return paginate(order(qs, query.ordering, SITE_ORDER, "ref"), query)


@router.post("/sites", response={201: SiteOut}, auth=CHANGE, tags=["sites"])
def create_site(request, body: SiteIn):
    return Status(201, services.create_site(actor=request.user, **body.model_dump()))


@router.get("/sites/{site_id}", response=SiteOut, auth=VIEW, tags=["sites"])
def get_site(request, site_id: int):
    return selectors.site(user=request.user, site_id=site_id)


@router.patch("/sites/{site_id}", response=SiteOut, auth=CHANGE, tags=["sites"])
def update_site(request, site_id: int, body: SitePatch):
    site = selectors.site(user=request.user, site_id=site_id)
    return services.update_site(actor=request.user, site=site, **body.model_dump(exclude_unset=True))


@router.delete("/sites/{site_id}", response={204: None}, auth=CHANGE, tags=["sites"])
def delete_site(request, site_id: int):
    services.delete_site(actor=request.user, site=selectors.site(user=request.user, site_id=site_id))
    return Status(204, None)


@router.get("/items", response=Page[ItemOut], auth=VIEW, tags=["items"])
def list_items(request, query: Query[ordered(ItemFilter, ITEM_ORDER)]):
    qs = selectors.items(user=request.user, search=query.search, kind=query.kind, supplier_id=query.supplier_id,
                         customer_id=query.customer_id)
    fields = ITEM_ORDER if selectors.shows_commercials(request.user) else ITEM_ORDER_SCOPED
    return paginate(order(qs, query.ordering, fields, "ref"), query)


@router.post("/items", response={201: ItemOut}, auth=CHANGE, tags=["items"])
def create_item(request, body: ItemIn):
    return Status(201, services.create_item(actor=request.user, **body.model_dump()))


@router.get("/items/{item_id}", response=ItemOut, auth=VIEW, tags=["items"])
def get_item(request, item_id: int):
    return selectors.item(user=request.user, item_id=item_id)


@router.patch("/items/{item_id}", response=ItemOut, auth=CHANGE, tags=["items"])
def update_item(request, item_id: int, body: ItemPatch):
    item = selectors.item(user=request.user, item_id=item_id)
    return services.update_item(actor=request.user, item=item, **body.model_dump(exclude_unset=True))


@router.delete("/items/{item_id}", response={204: None}, auth=CHANGE, tags=["items"])
def delete_item(request, item_id: int):
    services.delete_item(actor=request.user, item=selectors.item(user=request.user, item_id=item_id))
    return Status(204, None)


@router.get("/sources", response=Page[SourceOut], auth=VIEW, tags=["sources"])
def list_sources(request, query: Query[ordered(SourceFilter, SOURCE_ORDER)]):
    qs = selectors.item_sources(user=request.user, search=query.search, item_id=query.item_id, site_id=query.site_id,
                                supplier_id=query.supplier_id, status=query.status, country=query.country,
                                kind=query.kind)
    return paginate(order(qs, query.ordering, SOURCE_ORDER, "ref"), query)


@router.post("/sources", response={201: SourceOut}, auth=CHANGE, tags=["sources"])
def create_source(request, body: SourceIn):
    return Status(201, services.create_item_source(actor=request.user, **body.model_dump()))


@router.get("/sources/{source_id}", response=SourceOut, auth=VIEW, tags=["sources"])
def get_source(request, source_id: int):
    return selectors.item_source(user=request.user, source_id=source_id)


@router.patch("/sources/{source_id}", response=SourceOut, auth=CHANGE, tags=["sources"])
def update_source(request, source_id: int, body: SourcePatch):
    source = selectors.item_source(user=request.user, source_id=source_id)
    return services.update_item_source(actor=request.user, source=source, **body.model_dump(exclude_unset=True))


@router.delete("/sources/{source_id}", response={204: None}, auth=CHANGE, tags=["sources"])
def delete_source(request, source_id: int):
    services.delete_item_source(actor=request.user, source=selectors.item_source(user=request.user, source_id=source_id))
    return Status(204, None)


@router.get("/bom", response=Page[BomOut], auth=VIEW, tags=["bom"])
def list_bom(request, query: Query[ordered(BomFilter, BOM_ORDER)]):
    qs = selectors.bom_lines(user=request.user, search=query.search, parent_id=query.parent_id, child_id=query.child_id)
    return paginate(order(qs, query.ordering, BOM_ORDER, "parent__ref"), query)


@router.post("/bom", response={201: BomOut}, auth=CHANGE, tags=["bom"])
def create_bom_line(request, body: BomIn):
    """A BOM line: `quantity` units of `child` per unit of `parent`. A line that closes a cycle is
    refused with 422 naming the cycle, e.g. 'BOM cycle: A → B → C → A'."""
    return Status(201, services.create_bom_line(actor=request.user, **body.model_dump()))


@router.get("/bom/{bom_id}", response=BomOut, auth=VIEW, tags=["bom"])
def get_bom_line(request, bom_id: int):
    return selectors.bom_line(user=request.user, bom_id=bom_id)


@router.patch("/bom/{bom_id}", response=BomOut, auth=CHANGE, tags=["bom"])
def update_bom_line(request, bom_id: int, body: BomPatch):
    line = selectors.bom_line(user=request.user, bom_id=bom_id)
    return services.update_bom_line(actor=request.user, line=line, **body.model_dump(exclude_unset=True))


@router.delete("/bom/{bom_id}", response={204: None}, auth=CHANGE, tags=["bom"])
def delete_bom_line(request, bom_id: int):
    services.delete_bom_line(actor=request.user, line=selectors.bom_line(user=request.user, bom_id=bom_id))
    return Status(204, None)
