"""/security/frameworks and their /controls (OSCAL catalogs, reference data)."""

from __future__ import annotations

from datetime import datetime

from ninja import Query, Schema

from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate
from steadfast.security.api.base import VIEW, router
from steadfast.security.selectors.frameworks import list_controls, list_frameworks


class FrameworkOut(Schema):
    id: int
    name: str
    version: str
    source: str
    oscal_version: str
    imported_at: datetime
    control_count: int
    withdrawn_count: int


class ControlOut(Schema):
    id: int
    control_id: str
    label: str
    title: str
    statement: str
    group_path: str
    group_title: str
    parent_id: int | None
    withdrawn: bool


class ControlQuery(ListQuery):
    include_withdrawn: bool = True


FRAMEWORK_ORDER = ("name", "version", "imported_at")
CONTROL_ORDER = {"control_id": "control_id", "order": "sort_order"}


@router.get("/security/frameworks", response=Page[FrameworkOut], auth=VIEW)
def frameworks(request, query: Query[ordered(ListQuery, FRAMEWORK_ORDER)]):
    qs = list_frameworks(user=request.user, search=query.search)
    return paginate(order(qs, query.ordering, FRAMEWORK_ORDER, "name"), query)


@router.get("/security/frameworks/{framework_id}/controls", response=Page[ControlOut], auth=VIEW)
def controls(request, framework_id: int, query: Query[ordered(ControlQuery, CONTROL_ORDER)]):
    qs = list_controls(user=request.user, framework_id=framework_id, include_withdrawn=query.include_withdrawn,
                       search=query.search)
    return paginate(order(qs, query.ordering, CONTROL_ORDER, "sort_order"), query)
