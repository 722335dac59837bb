"""Suppliers, their contacts and contracts."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.network.models import Contract, Supplier, SupplierContact
from steadfast.network.services.common import delete_unless_used, known_fields, resolve

SUPPLIER_FIELDS = {"ref", "legal_name", "country", "duns", "lei", "vat", "tier", "parent", "category", "status",
                   "website", "notes"}
CONTACT_FIELDS = {"name", "email", "role"}
CONTRACT_FIELDS = {"ref", "supplier", "title", "start_date", "end_date", "auto_renewal", "notice_days", "value",
                   "currency", "owner", "status"}


def _check_tier(*, supplier: Supplier | None, tier: int, parent: Supplier | None) -> None:
    """Tier 1 has no parent; tier N ≥ 2 supplies through a supplier of a lower tier number."""
    if tier == 1:
        if parent is not None:
            raise ValidationError({"parent": "a tier-1 supplier supplies us directly: leave the parent blank"})
        return
    if parent is None:
        raise ValidationError({"parent": f"a tier-{tier} supplier needs the supplier it supplies through"})
    if supplier is not None and parent.pk == supplier.pk:
        raise ValidationError({"parent": "a supplier cannot supply through itself"})
    if parent.tier >= tier:
        raise ValidationError({"parent": f"{parent.ref} is tier {parent.tier}: the parent of a tier-{tier} "
                                         f"supplier must have a lower tier"})
    if supplier is not None and supplier.pk:
        lowest_child = supplier.sub_suppliers.order_by("tier").values_list("tier", flat=True).first()
        if lowest_child is not None and lowest_child <= tier:
            raise ValidationError({"tier": f"a sub-tier supplier of {supplier.ref} is tier {lowest_child}: "
                                           f"this supplier's tier must stay below it"})


def _normalise_supplier(fields: dict) -> dict:
    if "country" in fields and isinstance(fields["country"], str):
        fields["country"] = fields["country"].strip().upper()
    if "lei" in fields and isinstance(fields["lei"], str):
        fields["lei"] = fields["lei"].strip().upper()
    if "parent" in fields:
        fields["parent"] = resolve(Supplier, fields["parent"], field="parent", required=False)
    return fields


def create_supplier(*, actor, **fields) -> Supplier:
    fields = _normalise_supplier(known_fields(Supplier, fields, allowed=SUPPLIER_FIELDS))
    _check_tier(supplier=None, tier=int(fields.get("tier") or 1), parent=fields.get("parent"))
    return crud.create(actor=actor, model=Supplier, **fields)


def update_supplier(*, actor, supplier: Supplier, **fields) -> Supplier:
    fields = _normalise_supplier(known_fields(Supplier, fields, allowed=SUPPLIER_FIELDS))
    with transaction.atomic():
        if "tier" in fields or "parent" in fields:
            _check_tier(supplier=supplier, tier=int(fields.get("tier", supplier.tier)),
                        parent=fields.get("parent", supplier.parent))
        return crud.update(actor=actor, instance=supplier, **fields)


def delete_supplier(*, actor, supplier: Supplier) -> None:
    delete_unless_used(actor=actor, instance=supplier)


def create_supplier_contact(*, actor, supplier: Supplier | str | int, **fields) -> SupplierContact:
    known_fields(SupplierContact, fields, allowed=CONTACT_FIELDS)
    owner = resolve(Supplier, supplier, field="supplier")
    return crud.create(actor=actor, model=SupplierContact, supplier=owner, **fields)


def update_supplier_contact(*, actor, contact: SupplierContact, **fields) -> SupplierContact:
    return crud.update(actor=actor, instance=contact, **known_fields(SupplierContact, fields, allowed=CONTACT_FIELDS))


def delete_supplier_contact(*, actor, contact: SupplierContact) -> None:
    crud.delete(actor=actor, instance=contact)


def _normalise_contract(fields: dict) -> dict:
    if "supplier" in fields:
        fields["supplier"] = resolve(Supplier, fields["supplier"], field="supplier")
    if "owner" in fields and isinstance(fields["owner"], str):
        from django.contrib.auth import get_user_model

        username = fields["owner"].strip()
        owner = get_user_model().objects.filter(username=username).first() if username else None
        if username and owner is None:
            raise ValidationError({"owner": f"no user named {username!r}"})
        fields["owner"] = owner
    if "currency" in fields and isinstance(fields["currency"], str):
        fields["currency"] = fields["currency"].strip().upper()
    return fields


def _check_contract_dates(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": f"the contract ends ({end}) before it starts ({start})"})


def create_contract(*, actor, **fields) -> Contract:
    fields = _normalise_contract(known_fields(Contract, fields, allowed=CONTRACT_FIELDS))
    if "supplier" not in fields:
        raise ValidationError({"supplier": "a supplier is required"})
    _check_contract_dates(fields.get("start_date"), fields.get("end_date"))
    return crud.create(actor=actor, model=Contract, **fields)


def update_contract(*, actor, contract: Contract, **fields) -> Contract:
    fields = _normalise_contract(known_fields(Contract, fields, allowed=CONTRACT_FIELDS))
    _check_contract_dates(fields.get("start_date", contract.start_date), fields.get("end_date", contract.end_date))
    return crud.update(actor=actor, instance=contract, **fields)


def delete_contract(*, actor, contract: Contract) -> None:
    crud.delete(actor=actor, instance=contract)
