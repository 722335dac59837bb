"""Read-only API over the audit trail."""

from __future__ import annotations

import datetime as dt

from ninja import Query, Router, Schema

from steadfast.core import selectors
from steadfast.core.api.auth import policy
from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate
from steadfast.core.services.audit import verify_chain

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    seq: int
    occurred_at: dt.datetime
    actor_label: str
    verb: str
    object_type: str
    object_id: str
    object_label: str
    changes: dict
    prev_hash: str
    hash: str


class AuditFilter(ListQuery):
    actor: str = ""
    object_type: str = ""
    object_id: str = ""
    verb: str = ""
    since: dt.date | None = None
    until: dt.date | None = None


EVENT_ORDER = ("seq", "occurred_at")


@router.get("/events", response=Page[AuditEventOut], auth=policy("audit", "view"))
def list_events(request, query: Query[ordered(AuditFilter, EVENT_ORDER)]):
    events = selectors.audit_events(
        user=request.user, actor=query.actor, object_type=query.object_type, object_id=query.object_id,
        verb=query.verb, since=query.since, until=query.until, search=query.search,
    )
    return paginate(order(events, query.ordering, EVENT_ORDER, "-seq"), query)


@router.get("/events/{seq}", response=AuditEventOut, auth=policy("audit", "view"))
def get_event(request, seq: int):
    return selectors.audit_event(user=request.user, seq=seq)


class ChainStatus(Schema):
    ok: bool
    checked: int
    bad_seq: int | None
    reason: str


@router.get("/verify", response=ChainStatus, auth=policy("audit", "view"))
def verify(request):
    selectors.audit_events(user=request.user)  # applies the policy check in the selector too
    return verify_chain().__dict__
