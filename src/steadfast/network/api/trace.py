"""Traces: /suppliers/{id}/trace (what depends on a supplier), /items/{id}/trace (the full sourcing
tree), /networks/{id}/trace (the products and suppliers behind a customer network).

For supplier respondents and customer viewers a trace shows only what their scope allows (the
answer says `redacted: true`)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpResponse
from ninja import Schema
from pydantic_core import to_json

from steadfast.network import selectors
from steadfast.network.api.base import VIEW, router
from steadfast.network.selectors.trace_types import as_payload


class ItemRefOut(Schema):
    id: int
    ref: str
    name: str
    kind: str


class SupplierRefOut(Schema):
    id: int
    ref: str
    legal_name: str
    tier: int
    country: str


class SiteRefOut(Schema):
    id: int
    ref: str
    name: str
    kind: str
    country: str
    supplier: SupplierRefOut | None


class SourcedItemOut(Schema):
    source_id: int
    source_ref: str
    item: ItemRefOut
    site: SiteRefOut
    capacity_per_day: float | None
    status: str
    other_sources: int | None  # null for a supplier respondent: competitors' sourcing is not its business
    sole_source: bool | None


class ExposedProductOut(Schema):
    product: ItemRefOut
    path: list[ItemRefOut]
    networks: int
    subscribers: int
    annual_revenue: Decimal


class ExposedNetworkOut(Schema):
    id: int
    ref: str
    name: str
    customer_id: int
    customer_name: str
    country: str
    kind: str
    criticality: int
    subscribers: int
    annual_revenue: Decimal
    products: list[str]


class SupplierTraceOut(Schema):
    supplier: SupplierRefOut
    sites: list[SiteRefOut]
    sourced_items: list[SourcedItemOut]
    items_above: int
    products: list[ExposedProductOut]
    networks: list[ExposedNetworkOut]
    sub_suppliers: list[SupplierRefOut]
    subscribers: int
    annual_revenue: Decimal
    redacted: bool


class SourceNodeOut(Schema):
    id: int
    ref: str
    site: SiteRefOut
    capacity_per_day: float | None
    inventory: float
    status: str
    ttr_days: float | None


class TreeNodeOut(Schema):
    item: ItemRefOut
    depth: int
    quantity: float
    sources: list[SourceNodeOut]
    has_children: bool
    repeat: bool
    single_sourced: bool
    unsourced: bool


class SourcingTreeOut(Schema):
    root: ItemRefOut
    nodes: list[TreeNodeOut]
    item_count: int
    source_count: int
    depth: int
    single_sourced: list[ItemRefOut]
    unsourced: list[ItemRefOut]
    suppliers: list[SupplierRefOut]
    redacted: bool


class DeployedProductOut(Schema):
    product: ItemRefOut
    installed_quantity: int
    annual_revenue: Decimal
    items: int
    single_sourced: int


class SupplierBehindOut(Schema):
    supplier: SupplierRefOut
    sites: int
    relation: str


class NetworkTraceOut(Schema):
    network_id: int
    network_ref: str
    network_name: str
    customer_name: str
    subscribers: int
    products: list[DeployedProductOut]
    suppliers: list[SupplierBehindOut]
    sites: list[SiteRefOut]
    items: int
    redacted: bool


@router.get("/suppliers/{supplier_id}/trace", response=SupplierTraceOut, auth=VIEW, tags=["trace"])
def trace_supplier(request, supplier_id: int):
    """Supplier → its sites → items sourced there → every product they go into (through every BOM
    level) → the customer networks running those products, with subscribers and revenue exposed."""
    trace = selectors.supplier_trace(user=request.user, supplier_id=supplier_id)
    payload = as_payload(trace)
    if trace.redacted:  # a respondent learns nothing of other sources of what it supplies
        payload["sourced_items"] = sorted(({**row, "other_sources": None, "sole_source": None}
                                           for row in payload["sourced_items"]),
                                          key=lambda row: (row["item"]["ref"], row["site"]["ref"]))
    return HttpResponse(to_json(payload), content_type="application/json")


@router.get("/items/{item_id}/trace", response=SourcingTreeOut, auth=VIEW, tags=["trace"])
def trace_item(request, item_id: int):
    """The full sourcing tree in depth-first order: every BOM level × every source; a shared
    sub-assembly is expanded once (`repeat: true` where it appears again)."""
    return _json(selectors.item_trace(user=request.user, item_id=item_id))


@router.get("/networks/{network_id}/trace", response=NetworkTraceOut, auth=VIEW, tags=["trace"])
def trace_network(request, network_id: int):
    """Customer network → deployed products → the suppliers (all tiers) and sites behind them."""
    return _json(selectors.network_trace(user=request.user, network_id=network_id))


def _json(trace) -> HttpResponse:
    """Traces run to megabytes of small objects: validating each against the response schema cost
    most of the request. `as_payload` emits the schema's exact keys (a test checks the parsed JSON
    matches), so the schemas stay for the OpenAPI document while the body is encoded directly, by
    pydantic_core's encoder: a quarter of json.dumps's time (the busiest network's 1.5 MB: 16 -> 4.5
    ms). Decimals come out as strings, as ninja's encoder writes them."""
    return HttpResponse(to_json(as_payload(trace)), content_type="application/json")
