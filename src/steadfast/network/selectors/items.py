"""Reads of items, their sources and BOM lines, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from steadfast.core.scoping import is_scoped, scoped
from steadfast.network.models import BomLine, Deployment, Item, ItemSource
from steadfast.network.selectors.common import filtered, require_view, search_q, visible_items


def shows_commercials(user) -> bool:
    """Whether the user may see our unit costs, planned demand and margins. Supplier respondents and
    customer viewers see the items in their scope without them, in pages and the API (item exports
    give scoped accounts no rows at all)."""
    return user is not None and user.is_authenticated and not is_scoped(user)


def items(*, user, search: str = "", kind: str = "", supplier_id: int | None = None,
          customer_id: int | None = None) -> QuerySet[Item]:
    """`supplier_id`: items sourced at that supplier's sites; `customer_id`: products it runs.

    The filters read the sources and deployments through the user's scope, as the lists of those
    records do: a supplier respondent filtering by a competitor (or a customer viewer by another
    customer) gets what a filter naming a supplier that does not exist gets, nothing. Filtering the
    scoped items by unscoped sources would answer "which of my items does supplier N also make" (a
    probe enumerated competitors that way)."""
    qs = visible_items(user)
    qs = filtered(qs, kind=kind)
    if supplier_id:
        sources = scoped(ItemSource.objects.filter(site__owner_supplier_id=supplier_id), user=user,
                         supplier="site__owner_supplier")
        qs = qs.filter(pk__in=sources.values("item_id"))
    if customer_id:
        deployed = scoped(Deployment.objects.filter(network__customer_id=customer_id), user=user,
                          customer="network__customer")
        qs = qs.filter(pk__in=deployed.values("product_id"))
    if search:
        qs = qs.filter(search_q(search, "ref", "name"))
    return qs


def item(*, user, item_id: int) -> Item:
    return get_object_or_404(items(user=user), pk=item_id)


def item_sources(*, user, search: str = "", item_id: int | None = None, site_id: int | None = None,
                 supplier_id: int | None = None, status: str = "", country: str = "",
                 kind: str = "") -> QuerySet[ItemSource]:
    """`kind` is the item's kind; `country` the site's."""
    require_view(user)
    qs = scoped(ItemSource.objects.select_related("item", "site", "site__owner_supplier"), user=user,
                supplier="site__owner_supplier")
    qs = filtered(qs, item_id=item_id, site_id=site_id, site__owner_supplier_id=supplier_id, status=status,
                  site__country=country.upper(), item__kind=kind)
    if search:
        qs = qs.filter(search_q(search, "ref", "item__name", "site__name"))
    return qs


def item_source(*, user, source_id: int) -> ItemSource:
    return get_object_or_404(item_sources(user=user), pk=source_id)


def bom_lines(*, user, parent_id: int | None = None, child_id: int | None = None,
              search: str = "") -> QuerySet[BomLine]:
    """The BOM is the vendor's design: scoped users (suppliers, customers) see none of it."""
    require_view(user)
    qs = scoped(BomLine.objects.select_related("parent", "child"), user=user)
    qs = filtered(qs, parent_id=parent_id, child_id=child_id)
    if search:
        qs = qs.filter(search_q(search, "parent__ref", "child__ref", "parent__name", "child__name"))
    return qs


def bom_line(*, user, bom_id: int) -> BomLine:
    return get_object_or_404(bom_lines(user=user), pk=bom_id)
