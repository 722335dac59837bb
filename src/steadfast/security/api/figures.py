"""/security/figures: the dashboard's numbers over a period."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Query, Schema
from ninja.errors import HttpError

from steadfast.security.api.base import VIEW, WORKFLOW, router
from steadfast.security.selectors import dashboard as stats


class FiguresQuery(Schema):
    start: dt.date | None = None  # default: one year before `end`
    end: dt.date | None = None  # default: today


@router.get("/security/figures", response=dict, auth=VIEW, tags=WORKFLOW)
def figures(request, query: Query[FiguresQuery]):
    end = query.end or timezone.localdate()
    start = query.start or stats.one_year_before(end)
    if end < start:
        raise HttpError(422, "end is before start")
    return stats.figures(user=request.user, start=start, end=end)
