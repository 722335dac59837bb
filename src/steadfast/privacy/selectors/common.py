"""Scope and filter helpers shared by the privacy selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q

from steadfast.core.policy import VIEW, can


def require(user, domain: str = "privacy") -> None:
    if not can(user, domain, VIEW):
        raise PermissionDenied


def search_q(search: str, *fields: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": search.strip()})
    return condition
