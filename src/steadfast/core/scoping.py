"""Narrowing querysets to what a user may see. Selectors call `scoped()`; nothing else filters."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from steadfast.core.roles import Role


def scoped(queryset: QuerySet, *, user, supplier: str | None = None, customer: str | None = None) -> QuerySet:
    """Filter `queryset` to the user's scope.

    `supplier` / `customer` are lookup paths from the queryset's model to the supplier or customer
    the record belongs to (e.g. "owner_supplier" for a site). A scoped user gets nothing from a
    model that declares no path for their kind of scope: no path, no access.
    """
    if user is None or not user.is_authenticated:
        return queryset.none()
    if user.role == Role.SUPPLIER_RESPONDENT:
        if supplier is None:
            return queryset.none()
        return queryset.filter(Q(**{supplier: user.supplier_id}))
    if user.role == Role.CUSTOMER_VIEWER:
        if customer is None:
            return queryset.none()
        return queryset.filter(Q(**{customer: user.customer_id})).distinct()
    return queryset


def is_scoped(user) -> bool:
    return user.role in (Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER)
