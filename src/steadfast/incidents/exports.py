"""Incident lists as CSV or XLSX, in the columns an incident manager reports from."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from openpyxl import Workbook

FORMATS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
COLUMNS = (("ref", "ref"), ("title", "title"), ("kind", "kind"), ("severity", "severity"), ("status", "status"),
           ("cause_category", "cause"), ("hazard", "hazard"), ("impact_started_at", "impact_started_utc"),
           ("detected_at", "detected_utc"), ("acknowledged_at", "acknowledged_utc"), ("mitigated_at", "mitigated_utc"),
           ("resolved_at", "resolved_utc"), ("closed_at", "closed_utc"), ("subscribers_affected", "subscribers_affected"),
           ("user_minutes", "user_minutes"), ("personal_data", "personal_data"), ("nis2_significant", "nis2_significant"))


def _cell(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def rows(queryset: QuerySet, *, hide_impact: bool = False) -> Iterator[tuple]:
    """Header, then one row per incident; `hide_impact` leaves out the incident-wide figures a
    customer viewer must not see (other customers' subscribers)."""
    columns = [(f, h) for f, h in COLUMNS if not (hide_impact and f in ("subscribers_affected", "user_minutes"))]
    yield tuple(h for _, h in columns)
    for values in queryset.values_list(*[f for f, _ in columns]).iterator(chunk_size=2000):
        yield tuple(_cell(v) for v in values)


def write(fmt: str, table: Iterable[tuple]) -> bytes:
    if fmt == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(table)
        return buffer.getvalue().encode()

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("incidents")
    for row in table:
        sheet.append(list(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
