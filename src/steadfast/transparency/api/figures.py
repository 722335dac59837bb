"""/figures and /publications: the published figures, their records, and the signed snapshots."""

from __future__ import annotations

import datetime as dt

from ninja import Query

from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate
from steadfast.transparency.api.base import FIGURES, router
from steadfast.transparency.api.schemas import (
    FiguresOut,
    PeriodQuery,
    PublicationDetailOut,
    PublicationOut,
    RecordOut,
    RecordQuery,
)
from steadfast.transparency.selectors import figures as selectors
from steadfast.transparency.selectors import publications

PUBLICATION_ORDER = ("period_end", "published_at")
RECORD_ORDER = ("id", "label", "amount")  # default: the figure's own order


def _period(year: int | None) -> selectors.Period:
    return selectors.Period.year(year if year is not None else dt.date.today().year - 1)


@router.get("/figures", response=FiguresOut, auth=FIGURES)
def list_figures(request, query: Query[PeriodQuery]):
    """Every figure the caller may read, computed now from the records (as `steadfast figures --json`)."""
    period = _period(query.period)
    items = [{"name": name, **computed.figure.describe(), "period_kind": computed.figure.period,
              "value": computed.value, "records": len(computed.rows)}
             for name, computed in selectors.compute_all(user=request.user, period=period).items()]
    return {"period": period.as_json(), "count": len(items), "items": items}


@router.get("/figures/{name}/records", response=Page[RecordOut], auth=FIGURES)
def figure_records(request, name: str, query: Query[ordered(RecordQuery, RECORD_ORDER)]):
    """The records behind one figure (its drill-down): `count` equals the figure for counted figures."""
    computed = selectors.compute(user=request.user, name=name, period=_period(query.period))
    rows = computed.rows
    if query.search:
        needle = query.search.lower()
        rows = [r for r in rows if needle in r.label.lower() or needle in r.id.lower()]
    if query.ordering:
        key = query.ordering.lstrip("-")
        rows = sorted(rows, key=lambda r: (getattr(r, key) is None, getattr(r, key) or 0 if key == "amount"
                                           else getattr(r, key)), reverse=query.ordering.startswith("-"))
    return {"count": len(rows), "items": rows[query.offset: query.offset + query.limit]}


@router.get("/publications", response=Page[PublicationOut], auth=FIGURES)
def list_publications(request, query: Query[ordered(ListQuery, PUBLICATION_ORDER)]):
    """Every signed publication, newest period first (corrections name what they supersede)."""
    return paginate(order(publications.publications(), query.ordering, PUBLICATION_ORDER, "-period_end"), query)


@router.get("/publications/{publication_id}", response=PublicationDetailOut, auth=FIGURES)
def get_publication(request, publication_id: int):
    return publications.publication(publication_id=publication_id)
