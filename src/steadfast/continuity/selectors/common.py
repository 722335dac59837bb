"""Scope for every continuity read: the policy's `continuity` domain, and no scoped role sees any
of it (no supplier or customer path is declared, so `scoped` answers nothing to them)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from steadfast.core.policy import VIEW, can
from steadfast.core.scoping import scoped


def visible(queryset: QuerySet, *, user) -> QuerySet:
    if not can(user, "continuity", VIEW):
        raise PermissionDenied
    return scoped(queryset, user=user)
