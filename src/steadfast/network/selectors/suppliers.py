"""Reads of suppliers, their contacts, sites and contracts, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from steadfast.core.scoping import scoped
from steadfast.network.models import Contract, Site, Supplier, SupplierContact
from steadfast.network.selectors.common import filtered, require_view, search_q


def suppliers(*, user, search: str = "", country: str = "", tier: int | None = None, category: str = "",
              status: str = "", parent_id: int | None = None) -> QuerySet[Supplier]:
    require_view(user)
    qs = scoped(Supplier.objects.select_related("parent"), user=user, supplier="id")
    qs = filtered(qs, country=country.upper(), tier=tier, category=category, status=status, parent_id=parent_id)
    if search:
        qs = qs.filter(search_q(search, "ref", "legal_name", "duns", "lei", "vat"))
    return qs


def supplier(*, user, supplier_id: int) -> Supplier:
    return get_object_or_404(suppliers(user=user), pk=supplier_id)


def supplier_contacts(*, user, supplier_id: int | None = None, search: str = "") -> QuerySet[SupplierContact]:
    require_view(user)
    qs = scoped(SupplierContact.objects.select_related("supplier"), user=user, supplier="supplier")
    qs = filtered(qs, supplier_id=supplier_id)
    if search:
        qs = qs.filter(search_q(search, "name", "email", "role"))
    return qs


def supplier_contact(*, user, contact_id: int) -> SupplierContact:
    return get_object_or_404(supplier_contacts(user=user), pk=contact_id)


def sites(*, user, search: str = "", country: str = "", kind: str = "", supplier_id: int | None = None,
          tier: int | None = None, own: bool | None = None) -> QuerySet[Site]:
    """`own=True`: our own company's sites; `tier`: the owning supplier's tier."""
    require_view(user)
    qs = scoped(Site.objects.select_related("owner_supplier"), user=user, supplier="owner_supplier")
    qs = filtered(qs, country=country.upper(), kind=kind, owner_supplier_id=supplier_id, owner_supplier__tier=tier)
    if own is not None:
        qs = qs.filter(owner_supplier__isnull=own)
    if search:
        qs = qs.filter(search_q(search, "ref", "name", "city"))
    return qs


def site(*, user, site_id: int) -> Site:
    return get_object_or_404(sites(user=user), pk=site_id)


def contracts(*, user, search: str = "", supplier_id: int | None = None, status: str = "",
              country: str = "") -> QuerySet[Contract]:
    require_view(user)
    qs = scoped(Contract.objects.select_related("supplier", "owner"), user=user, supplier="supplier")
    qs = filtered(qs, supplier_id=supplier_id, status=status, supplier__country=country.upper())
    if search:
        qs = qs.filter(search_q(search, "ref", "title", "supplier__legal_name"))
    return qs


def contract(*, user, contract_id: int) -> Contract:
    return get_object_or_404(contracts(user=user), pk=contract_id)
