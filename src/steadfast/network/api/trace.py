"""Traces: /suppliers/{id}/trace (what depends on a supplier), /items/{id}/trace (the full sourcing
tree), /networks/{id}/trace (the products and suppliers behind a customer network).

For supplier respondents and customer viewers a trace shows only what their scope allows (the
answer says `redacted: true`)."""

from __future__ import annotations

from django.http import HttpResponse

from steadfast.network import selectors
from steadfast.network.api.base import VIEW, router
from steadfast.network.selectors.trace_types import NetworkTrace, SourcingTree, SupplierTrace, trace_json


@router.get("/suppliers/{supplier_id}/trace", response=SupplierTrace, auth=VIEW, tags=["trace"])
def trace_supplier(request, supplier_id: int):
    """Supplier → its sites → items sourced there → every product they go into (through every BOM
    level) → the customer networks running those products, with subscribers and revenue exposed."""
    return _json(selectors.supplier_trace(user=request.user, supplier_id=supplier_id))


@router.get("/items/{item_id}/trace", response=SourcingTree, auth=VIEW, tags=["trace"])
def trace_item(request, item_id: int):
    """The full sourcing tree in depth-first order: every BOM level × every source; a shared
    sub-assembly is expanded once (`repeat: true` where it appears again)."""
    return _json(selectors.item_trace(user=request.user, item_id=item_id))


@router.get("/networks/{network_id}/trace", response=NetworkTrace, auth=VIEW, tags=["trace"])
def trace_network(request, network_id: int):
    """Customer network → deployed products → the suppliers (all tiers) and sites behind them."""
    return _json(selectors.network_trace(user=request.user, network_id=network_id))


def _json(trace) -> HttpResponse:
    """The response schemas are the selector's dataclasses themselves (trace_types.py); the body is
    written from them directly, without ninja's validate-then-dump of megabytes of small objects."""
    return HttpResponse(trace_json(trace), content_type="application/json")
