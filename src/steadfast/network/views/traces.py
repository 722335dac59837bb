"""Trace pages: supplier → products → customer networks, a product's sourcing tree, a network's
suppliers and sites.

A busy trace runs to thousands of rows (the demo's busiest supplier exposes 1,600 networks, a
network stands on ~4,000 sites); rendering them all cost most of the request. Each long table shows
its first `PAGE_SIZE` rows, in the selector's order of importance, with the total ("showing 50 of
1,600"); the rest comes on demand from `trace_rows` (an htmx partial: the next page, or all of it)
and as a CSV download of the whole table."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from steadfast.core.decorators import policy_required
from steadfast.core.money import with_currency
from steadfast.network import selectors

VIEW = ("network", "view")
MONEY_COLUMNS = {"annual_revenue", "revenue_exposed"}  # their CSV headers name the currency
PAGE_SIZE = 50  # rows of each long table on the page; the rest on demand


def _supplier_label(s) -> str:
    return s.legal_name if s is not None else "our own"


def _site_owner(site) -> str:
    return _supplier_label(site.supplier)


@dataclass(frozen=True)
class TableSpec:
    """One long table of a trace: where its rows are, the template rendering them (a loop over
    `rows` ending with the "show more" row), its column count, and its CSV columns."""

    rows: Callable[[Any], list]
    template: str
    colspan: int
    csv: tuple[tuple[str, Callable[[Any], object]], ...]


def _path(p) -> str:
    return " → ".join(step.ref for step in p.path)


def _sources(node) -> str:
    return "; ".join(f"{s.site.name} · {_supplier_label(s.site.supplier)}" + (" (phased out)" if s.status == "phased_out" else "")
                     for s in node.sources)


def _sourced_rows(trace) -> list:
    """Sole sources first, except for a supplier respondent (a redacted trace), who sees its items by
    ref: the order would tell it which of them it alone supplies, competitive information."""
    if trace.redacted:
        return sorted(trace.sourced_items, key=lambda s: (s.item.ref, s.site.ref))
    return trace.sourced_items


# Columns a redacted trace leaves out of its CSV (competitive information, as above; the rule is in
# selectors/trace_types.py).
HIDDEN_WHEN_REDACTED = {"other_sources", "sole_source", "single_sourced", "unsourced", "items_in_bom"}

TABLES: dict[str, dict[str, TableSpec]] = {
    "supplier": {
        "sourced": TableSpec(_sourced_rows, "network/trace_rows/supplier_sourced.html", 4, (
            ("item_ref", lambda s: s.item.ref), ("item", lambda s: s.item.name), ("site_ref", lambda s: s.site.ref),
            ("site", lambda s: s.site.name), ("capacity_per_day", lambda s: s.capacity_per_day),
            ("other_sources", lambda s: s.other_sources), ("sole_source", lambda s: s.sole_source))),
        "products": TableSpec(lambda t: t.products, "network/trace_rows/supplier_products.html", 5, (
            ("product_ref", lambda p: p.product.ref), ("product", lambda p: p.product.name), ("through", _path),
            ("networks", lambda p: p.networks), ("subscribers", lambda p: p.subscribers),
            ("annual_revenue", lambda p: p.annual_revenue))),
        "networks": TableSpec(lambda t: t.networks, "network/trace_rows/supplier_networks.html", 7, (
            ("network_ref", lambda n: n.ref), ("network", lambda n: n.name), ("customer", lambda n: n.customer_name),
            ("country", lambda n: n.country), ("criticality", lambda n: n.criticality),
            ("subscribers", lambda n: n.subscribers), ("revenue_exposed", lambda n: n.annual_revenue),
            ("products", lambda n: " ".join(n.products)))),
    },
    "item": {
        "nodes": TableSpec(lambda t: t.nodes, "network/trace_rows/item_nodes.html", 3, (
            ("depth", lambda n: n.depth), ("item_ref", lambda n: n.item.ref), ("item", lambda n: n.item.name),
            ("quantity", lambda n: n.quantity), ("shown_above", lambda n: n.repeat),
            ("single_sourced", lambda n: not n.repeat and n.single_sourced),
            ("unsourced", lambda n: not n.repeat and n.unsourced), ("sources", lambda n: "" if n.repeat else _sources(n)))),
        "suppliers": TableSpec(lambda t: t.suppliers, "network/trace_rows/item_suppliers.html", 3, (
            ("supplier_ref", lambda s: s.ref), ("supplier", lambda s: s.legal_name), ("tier", lambda s: s.tier),
            ("country", lambda s: s.country))),
    },
    "network": {
        "products": TableSpec(lambda t: t.products, "network/trace_rows/network_products.html", 5, (
            ("product_ref", lambda p: p.product.ref), ("product", lambda p: p.product.name),
            ("installed", lambda p: p.installed_quantity), ("annual_revenue", lambda p: p.annual_revenue),
            ("items_in_bom", lambda p: p.items), ("single_sourced", lambda p: p.single_sourced))),
        "suppliers": TableSpec(lambda t: t.suppliers, "network/trace_rows/network_suppliers.html", 5, (
            ("supplier_ref", lambda b: b.supplier.ref), ("supplier", lambda b: b.supplier.legal_name),
            ("tier", lambda b: b.supplier.tier), ("country", lambda b: b.supplier.country),
            ("relation", lambda b: b.relation), ("sites", lambda b: b.sites))),
        "sites": TableSpec(lambda t: t.sites, "network/trace_rows/network_sites.html", 4, (
            ("site_ref", lambda s: s.ref), ("site", lambda s: s.name), ("kind", lambda s: s.kind),
            ("country", lambda s: s.country), ("owner", _site_owner))),
    },
}

_TRACE = {"supplier": ("supplier_id", selectors.supplier_trace), "item": ("item_id", selectors.item_trace),
          "network": ("network_id", selectors.network_trace)}


@dataclass(frozen=True)
class RowsPage:
    """`rows[offset:end]` of one trace table, and the links to the rest."""

    kind: str
    pk: int
    table: str
    rows: list
    offset: int
    total: int
    colspan: int

    @property
    def end(self) -> int:
        return self.offset + len(self.rows)

    @property
    def remaining(self) -> int:
        return self.total - self.end

    @property
    def next_count(self) -> int:
        return min(PAGE_SIZE, self.remaining)

    def _url(self, name: str) -> str:
        return reverse(f"network:{self.kind}_trace_{name}", kwargs={_TRACE[self.kind][0]: self.pk, "kind": self.kind,
                                                                   "table": self.table})

    @property
    def next_url(self) -> str:
        return f"{self._url('rows')}?offset={self.end}"

    @property
    def all_url(self) -> str:
        return f"{self._url('rows')}?offset={self.end}&limit=all"

    @property
    def csv_url(self) -> str:
        return self._url("csv")


def _page(kind: str, pk: int, table: str, trace, *, offset: int, limit: int | None) -> RowsPage:
    """`limit` None: every row from `offset` on."""
    spec = TABLES[kind][table]
    rows = spec.rows(trace)
    stop = len(rows) if limit is None else offset + limit
    return RowsPage(kind, pk, table, rows[offset:stop], offset, len(rows), spec.colspan)


def trace_pages(kind: str, pk: int, trace) -> dict[str, RowsPage]:
    """The first page of each of the trace's long tables, by table name (templates: `pages.networks`)."""
    return {table: _page(kind, pk, table, trace, offset=0, limit=PAGE_SIZE) for table in TABLES[kind]}


@policy_required(*VIEW)
def supplier_trace(request, supplier_id: int):
    trace = selectors.supplier_trace(user=request.user, supplier_id=supplier_id)
    return render(request, "network/supplier_trace.html", {"trace": trace, "pages": trace_pages("supplier", supplier_id, trace)})


@policy_required(*VIEW)
def item_trace(request, item_id: int):
    tree = selectors.item_trace(user=request.user, item_id=item_id)
    return render(request, "network/item_trace.html", {"tree": tree, "pages": trace_pages("item", item_id, tree)})


@policy_required(*VIEW)
def network_trace(request, network_id: int):
    trace = selectors.network_trace(user=request.user, network_id=network_id)
    return render(request, "network/network_trace.html", {"trace": trace, "pages": trace_pages("network", network_id, trace)})


def _trace_and_spec(request, kind: str, pk: int, table: str):
    key, trace_of = _TRACE[kind]
    return trace_of(user=request.user, **{key: pk}), TABLES[kind][table]


@policy_required(*VIEW)
def trace_rows(request, kind: str, table: str, **ids):
    """More rows of one trace table, as `<tr>`s ending with the next "show more" row (htmx swaps them
    in place of the row that asked): `?offset=50` the next page, `&limit=all` the rest."""
    pk = ids[_TRACE[kind][0]]
    raw_offset, raw_limit = request.GET.get("offset", "0"), request.GET.get("limit", "")
    try:
        offset = int(raw_offset)
        limit = None if raw_limit == "all" else int(raw_limit) if raw_limit else PAGE_SIZE
    except ValueError:
        offset = limit = -1
    if offset < 0 or (limit is not None and limit < 1):
        return HttpResponseBadRequest("offset must be a whole number ≥ 0 and limit a whole number ≥ 1 or 'all'.",
                                      content_type="text/plain; charset=utf-8")
    trace, spec = _trace_and_spec(request, kind, pk, table)
    page = _page(kind, pk, table, trace, offset=offset, limit=limit)
    return HttpResponse(render_to_string(spec.template, {"page": page, "trace": trace, "tree": trace}, request))


@policy_required(*VIEW)
def trace_csv(request, kind: str, table: str, **ids):
    """The whole table as CSV, every row."""
    pk = ids[_TRACE[kind][0]]
    trace, spec = _trace_and_spec(request, kind, pk, table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = [(name, value) for name, value in spec.csv
               if not (getattr(trace, "redacted", False) and name in HIDDEN_WHEN_REDACTED)]
    writer.writerow(with_currency([name for name, _ in columns], MONEY_COLUMNS))
    writer.writerows([[value(row) for _, value in columns] for row in spec.rows(trace)])
    response = HttpResponse(buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{pk}-{table}.csv"'
    return response
