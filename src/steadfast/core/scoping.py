"""Narrowing querysets to what a user may see. Selectors call `scoped()`; nothing else filters.

A *scope kind* is one way an account's view is narrowed: a supplier respondent sees one supplier,
a customer viewer one customer. Each kind names the keyword a selector passes to `scoped()` with a
lookup path, the roles it applies to and how to read the account's value. Core registers the two
kinds whose values live on the account itself (`User.supplier`, `User.customer`); an app that brings
another (say a regulator who sees the countries they oversee) registers it in its
`AppConfig.ready()` with `register_scope_kind(...)`, keeping the values in its own table, and its
selectors pass the new keyword: core does not change (docs/conventions.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from steadfast.core.roles import SCOPED_TO_CUSTOMER, SCOPED_TO_SUPPLIER


@dataclass(frozen=True)
class ScopeKind:
    keyword: str  # what selectors pass to scoped(): scoped(qs, user=..., <keyword>="path__to_it")
    roles: frozenset[str]  # the roles narrowed by this kind (a role has at most one kind)
    value: Callable  # user -> the id (or, with many=True, an iterable or queryset of ids) they see
    many: bool = False  # filter with `<path>__in` instead of `<path>=`
    distinct: bool = False  # the paths run through to-many relations: drop repeated rows


SCOPE_KINDS: dict[str, ScopeKind] = {}


def register_scope_kind(kind: ScopeKind) -> ScopeKind:
    """Add a scope kind (idempotent for the same definition; a clash is a start-up error)."""
    known = SCOPE_KINDS.get(kind.keyword)
    if known is not None and known != kind:
        raise ValueError(f"scope kind {kind.keyword!r} is already registered differently")
    for other in SCOPE_KINDS.values():
        if other.keyword != kind.keyword and other.roles & kind.roles:
            raise ValueError(f"roles {sorted(other.roles & kind.roles)} already have scope kind {other.keyword!r}")
    SCOPE_KINDS[kind.keyword] = kind
    return kind


def unregister_scope_kind(keyword: str) -> None:
    SCOPE_KINDS.pop(keyword, None)


register_scope_kind(ScopeKind("supplier", roles=frozenset(SCOPED_TO_SUPPLIER), value=lambda user: user.supplier_id))
register_scope_kind(ScopeKind("customer", roles=frozenset(SCOPED_TO_CUSTOMER), value=lambda user: user.customer_id,
                              distinct=True))


def scope_kind(user) -> ScopeKind | None:
    """The kind that narrows this user's view; None for roles that see everything."""
    role = getattr(user, "role", None)
    return next((kind for kind in SCOPE_KINDS.values() if role in kind.roles), None)


def scoped(queryset: QuerySet, *, user, supplier: str | None = None, customer: str | None = None,
           **paths: str | None) -> QuerySet:
    """Filter `queryset` to the user's scope.

    `supplier` / `customer` (and the keywords of registered scope kinds, in `paths`) are lookup
    paths from the queryset's model to the supplier, customer, ... the record belongs to (e.g.
    "owner_supplier" for a site). A scoped user gets nothing from a model that declares no path for
    their kind of scope: no path, no access.
    """
    unknown = sorted(set(paths) - set(SCOPE_KINDS))
    if unknown:  # a typo would otherwise silently hide every row from the scoped users
        raise TypeError(f"scoped() got unknown scope kinds {unknown}; registered: {sorted(SCOPE_KINDS)}")
    if user is None or not user.is_authenticated:
        return queryset.none()
    kind = scope_kind(user)
    if kind is None:
        return queryset
    path = {"supplier": supplier, "customer": customer, **paths}.get(kind.keyword)
    if path is None:
        return queryset.none()
    narrowed = queryset.filter(**{f"{path}__in" if kind.many else path: kind.value(user)})
    return narrowed.distinct() if kind.distinct else narrowed


def is_scoped(user) -> bool:
    return scope_kind(user) is not None
