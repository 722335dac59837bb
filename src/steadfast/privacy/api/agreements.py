"""/dpas: the register of data processing agreements (supplier respondents see their own)."""

from __future__ import annotations

from ninja import Query

from steadfast.core.api.schemas import Page, order, ordered, paginate
from steadfast.privacy import selectors
from steadfast.privacy.api.base import RECORDS_VIEW, VIEW, router
from steadfast.privacy.api.schemas import (
    ActivityFilter,
    ActivityOut,
    BreachFilter,
    BreachOut,
    DpaDetailOut,
    DpaFilter,
    DpaOut,
    TransferFilter,
    TransferOut,
)

DPA_ORDER = ("ref", "status", "signed_on", "effective_on", "expires_on", "created_at")


ACTIVITY_ORDER = ("ref", "name", "our_role", "legal_basis")
TRANSFER_ORDER = ("ref", "destination_country", "mechanism")
BREACH_ORDER = ("ref", "aware_at", "authority_notified_at", "risk")


@router.get("/dpas", response=Page[DpaOut], auth=VIEW, tags=["privacy"])
def list_dpas(request, query: Query[ordered(DpaFilter, DPA_ORDER)]):
    supplier = query.supplier.strip()
    qs = selectors.dpas(user=request.user, search=query.search, status=query.status, clauses=query.clauses,
                        supplier_id=int(supplier) if supplier.isdigit() else None,
                        supplier_ref="" if supplier.isdigit() else supplier)
    return paginate(order(qs, query.ordering, DPA_ORDER, "ref"), query)


@router.get("/dpas/{dpa_id}", response=DpaDetailOut, auth=VIEW, tags=["privacy"])
def get_dpa(request, dpa_id: int):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    rows = selectors.checklist(user=request.user, document_id=dpa.current_document_id) if dpa.current_document_id else []
    dpa.checklist = [{"key": r["key"], "title": r["title"], "status": r["status"],
                      "passage": r["finding"].passage if r["finding"] else ""} for r in rows]
    return dpa


@router.get("/processing-activities", response=Page[ActivityOut], auth=RECORDS_VIEW, tags=["privacy"])
def list_activities(request, query: Query[ordered(ActivityFilter, ACTIVITY_ORDER)]):
    qs = selectors.activities(user=request.user, search=query.search, our_role=query.our_role,
                              legal_basis=query.legal_basis).prefetch_related("processors", "items", "controls")
    return paginate(order(qs, query.ordering, ACTIVITY_ORDER, "ref"), query)


@router.get("/transfers", response=Page[TransferOut], auth=RECORDS_VIEW, tags=["privacy"])
def list_transfers(request, query: Query[ordered(TransferFilter, TRANSFER_ORDER)]):
    qs = selectors.transfers(user=request.user, search=query.search, mechanism=query.mechanism,
                             destination=query.destination, flagged=query.flagged)
    page = paginate(order(qs, query.ordering, TRANSFER_ORDER, "ref"), query)
    for transfer in page["items"]:
        transfer.flag = selectors.transfer_flag(transfer)
    return page


@router.get("/breaches", response=Page[BreachOut], auth=RECORDS_VIEW, tags=["privacy"])
def list_breaches(request, query: Query[ordered(BreachFilter, BREACH_ORDER)]):
    qs = selectors.breaches(user=request.user, search=query.search, risk=query.risk, late=query.late)
    return paginate(order(qs, query.ordering, BREACH_ORDER, "-aware_at"), query)
