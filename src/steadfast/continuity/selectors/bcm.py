"""Reads of the BCM organisation: owners, and the policy, scope and objectives with their reviews."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from steadfast.continuity.models import BcmDocument, ContinuityOwner, DocumentStatus
from steadfast.continuity.selectors.common import visible
from steadfast.core.policy import VIEW, can


def owners(*, user, scope: str = "") -> QuerySet[ContinuityOwner]:
    qs = visible(ContinuityOwner.objects.select_related("product", "site", "owner", "deputy"), user=user)
    if scope:
        qs = qs.filter(scope=scope)
    return qs.order_by("scope", "supplier_tier", "product__ref", "site__ref")


def owner(*, user, owner_id: int) -> ContinuityOwner:
    return get_object_or_404(owners(user=user), pk=owner_id)


def owner_of(*, user, product_id: int | None = None, site_id: int | None = None,
             supplier_tier: int | None = None) -> ContinuityOwner | None:
    """The continuity owner of a product, a site or a supplier tier, for the map pages (None for a
    role without continuity access)."""
    if not can(user, "continuity", VIEW):
        return None
    qs = owners(user=user)
    if product_id is not None:
        return qs.filter(product_id=product_id).first()
    if site_id is not None:
        return qs.filter(site_id=site_id).first()
    if supplier_tier is not None:
        return qs.filter(supplier_tier=supplier_tier).first()
    return None


def documents(*, user, kind: str = "", search: str = "") -> QuerySet[BcmDocument]:
    qs = visible(BcmDocument.objects.select_related("owner", "approved_by"), user=user)
    if kind:
        qs = qs.filter(kind=kind)
    if search:
        qs = qs.filter(title__icontains=search.strip()) | qs.filter(ref__icontains=search.strip())
    return qs.order_by("kind", "ref")


def document(*, user, document_id: int) -> BcmDocument:
    return get_object_or_404(documents(user=user), pk=document_id)


def overdue_documents(*, user, today: dt.date | None = None) -> list[BcmDocument]:
    """Policy, scope and objectives (not retired) never reviewed or past their next review."""
    today = today or dt.date.today()
    rows = documents(user=user).exclude(status=DocumentStatus.RETIRED)
    return [d for d in rows if d.review_overdue(today)]
