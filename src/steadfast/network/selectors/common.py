"""Scope and filter helpers shared by the network selectors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from steadfast.core.policy import VIEW, can
from steadfast.core.scoping import is_scoped, scoped
from steadfast.network.models import Deployment, Item, ItemSource


def require_view(user) -> None:
    if not can(user, "network", VIEW):
        raise PermissionDenied


def search_q(search: str, *fields: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": search.strip()})
    return condition


def filtered(queryset: QuerySet, **lookups) -> QuerySet:
    """Apply the lookups whose value was given (None and "" mean 'any')."""
    given = {k: v for k, v in lookups.items() if v is not None and v != ""}
    return queryset.filter(**given) if given else queryset


def visible_items(user) -> QuerySet[Item]:
    """Items a user may see: all for unscoped roles; for a supplier respondent the items sourced at
    its supplier's sites; for a customer viewer the products deployed in its customer's networks."""
    require_view(user)
    items = Item.objects.all()
    if not is_scoped(user):
        return scoped(items, user=user)
    sourced = scoped(ItemSource.objects.all(), user=user, supplier="site__owner_supplier").values("item_id")
    deployed = scoped(Deployment.objects.all(), user=user, customer="network__customer").values("product_id")
    return items.filter(Q(pk__in=sourced) | Q(pk__in=deployed))
