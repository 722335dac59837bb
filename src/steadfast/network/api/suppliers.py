"""/suppliers, their /contacts, and /contracts."""

from __future__ import annotations

from ninja import Query, Status

from steadfast.core.api.schemas import Page, order, ordered, paginate
from steadfast.network import selectors, services
from steadfast.network.api.base import CHANGE, VIEW, router
from steadfast.network.api.schemas import (
    ContactIn,
    ContactOut,
    ContactPatch,
    ContractFilter,
    ContractIn,
    ContractOut,
    ContractPatch,
    SupplierFilter,
    SupplierIn,
    SupplierOut,
    SupplierPatch,
)

SUPPLIER_ORDER = ("ref", "legal_name", "country", "tier", "category", "status", "created_at", "updated_at")
CONTRACT_ORDER = ("ref", "title", "start_date", "end_date", "value", "status", "created_at")


@router.get("/suppliers", response=Page[SupplierOut], auth=VIEW, tags=["suppliers"])
def list_suppliers(request, query: Query[ordered(SupplierFilter, SUPPLIER_ORDER)]):
    qs = selectors.suppliers(user=request.user, search=query.search, country=query.country, tier=query.tier,
                             category=query.category, status=query.status, parent_id=query.parent_id)
    return paginate(order(qs, query.ordering, SUPPLIER_ORDER, "ref"), query)


@router.post("/suppliers", response={201: SupplierOut}, auth=CHANGE, tags=["suppliers"])
def create_supplier(request, body: SupplierIn):
    return Status(201, services.create_supplier(actor=request.user, **body.model_dump()))


@router.get("/suppliers/{supplier_id}", response=SupplierOut, auth=VIEW, tags=["suppliers"])
def get_supplier(request, supplier_id: int):
    return selectors.supplier(user=request.user, supplier_id=supplier_id)


@router.patch("/suppliers/{supplier_id}", response=SupplierOut, auth=CHANGE, tags=["suppliers"])
def update_supplier(request, supplier_id: int, body: SupplierPatch):
    supplier = selectors.supplier(user=request.user, supplier_id=supplier_id)
    return services.update_supplier(actor=request.user, supplier=supplier, **body.model_dump(exclude_unset=True))


@router.delete("/suppliers/{supplier_id}", response={204: None}, auth=CHANGE, tags=["suppliers"])
def delete_supplier(request, supplier_id: int):
    services.delete_supplier(actor=request.user, supplier=selectors.supplier(user=request.user, supplier_id=supplier_id))
    return Status(204, None)


@router.get("/suppliers/{supplier_id}/contacts", response=list[ContactOut], auth=VIEW, tags=["suppliers"])
def list_contacts(request, supplier_id: int):
    supplier = selectors.supplier(user=request.user, supplier_id=supplier_id)
    return list(selectors.supplier_contacts(user=request.user, supplier_id=supplier.pk))


@router.post("/suppliers/{supplier_id}/contacts", response={201: ContactOut}, auth=CHANGE, tags=["suppliers"])
def create_contact(request, supplier_id: int, body: ContactIn):
    supplier = selectors.supplier(user=request.user, supplier_id=supplier_id)
    return Status(201, services.create_supplier_contact(actor=request.user, supplier=supplier, **body.model_dump()))


def _contact(request, supplier_id: int, contact_id: int):
    contact = selectors.supplier_contact(user=request.user, contact_id=contact_id)
    if contact.supplier_id != supplier_id:
        from django.http import Http404

        raise Http404
    return contact


@router.get("/suppliers/{supplier_id}/contacts/{contact_id}", response=ContactOut, auth=VIEW, tags=["suppliers"])
def get_contact(request, supplier_id: int, contact_id: int):
    return _contact(request, supplier_id, contact_id)


@router.patch("/suppliers/{supplier_id}/contacts/{contact_id}", response=ContactOut, auth=CHANGE, tags=["suppliers"])
def update_contact(request, supplier_id: int, contact_id: int, body: ContactPatch):
    contact = _contact(request, supplier_id, contact_id)
    return services.update_supplier_contact(actor=request.user, contact=contact, **body.model_dump(exclude_unset=True))


@router.delete("/suppliers/{supplier_id}/contacts/{contact_id}", response={204: None}, auth=CHANGE, tags=["suppliers"])
def delete_contact(request, supplier_id: int, contact_id: int):
    services.delete_supplier_contact(actor=request.user, contact=_contact(request, supplier_id, contact_id))
    return Status(204, None)


@router.get("/contracts", response=Page[ContractOut], auth=VIEW, tags=["contracts"])
def list_contracts(request, query: Query[ordered(ContractFilter, CONTRACT_ORDER)]):
    qs = selectors.contracts(user=request.user, search=query.search, supplier_id=query.supplier_id,
                             status=query.status, country=query.country)
    return paginate(order(qs, query.ordering, CONTRACT_ORDER, "ref"), query)


@router.post("/contracts", response={201: ContractOut}, auth=CHANGE, tags=["contracts"])
def create_contract(request, body: ContractIn):
    return Status(201, services.create_contract(actor=request.user, **body.model_dump()))


@router.get("/contracts/{contract_id}", response=ContractOut, auth=VIEW, tags=["contracts"])
def get_contract(request, contract_id: int):
    return selectors.contract(user=request.user, contract_id=contract_id)


@router.patch("/contracts/{contract_id}", response=ContractOut, auth=CHANGE, tags=["contracts"])
def update_contract(request, contract_id: int, body: ContractPatch):
    contract = selectors.contract(user=request.user, contract_id=contract_id)
    return services.update_contract(actor=request.user, contract=contract, **body.model_dump(exclude_unset=True))


@router.delete("/contracts/{contract_id}", response={204: None}, auth=CHANGE, tags=["contracts"])
def delete_contract(request, contract_id: int):
    services.delete_contract(actor=request.user, contract=selectors.contract(user=request.user, contract_id=contract_id))
    return Status(204, None)
