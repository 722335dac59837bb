"""One count everywhere. Every finding count shown on a page (home tiles, dashboard, lists) or given
by the API is a named filter of the findings list, counted through the same selector the list uses,
and every tile links to that list with the filter in its URL: the number on the tile is the number
of rows the link opens."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from steadfast.security.models.findings import FindingSource, FindingStatus, Severity
from steadfast.security.selectors import workflow

TRUE = ("1", "true", "on", "yes")


@dataclass(frozen=True)
class FindingCount:
    key: str
    label: str
    params: tuple[tuple[str, str], ...]  # the findings list's query string

    @property
    def url(self) -> str:
        return f"{reverse('security:findings')}?{urlencode(self.params)}"


FINDING_COUNTS = (
    FindingCount("open", "Open findings", (("open", "1"),)),
    FindingCount("open_critical", "Open critical findings", (("open", "1"), ("severity", "critical"))),
    FindingCount("open_high", "Open high findings", (("open", "1"), ("severity", "high"))),
    FindingCount("overdue", "Overdue findings", (("overdue", "1"),)),
    FindingCount("open_kev", "Open known-exploited vulnerabilities", (("open", "1"), ("source", "kev"))),
)


def finding_filter(params: Mapping[str, Any]) -> dict[str, Any]:
    """The findings list's query string (a page's GET, a tile's params) as selector arguments;
    values that are not a status, severity or source are ignored, as the list's form offers none."""
    status, severity, source = params.get("status") or "", params.get("severity") or "", params.get("source") or ""
    return {
        "status": status if status in FindingStatus.values else None,
        "severity": severity if severity in Severity.values else None,
        "source": source if source in FindingSource.values else None,
        "open_only": str(params.get("open", "")).lower() in TRUE,
        "overdue": str(params.get("overdue", "")).lower() in TRUE,
    }


def finding_list(*, user, params: Mapping[str, Any]) -> QuerySet:
    """The findings a list page, an export or a tile shows for these parameters."""
    return workflow.findings(user=user, **finding_filter(params))


def describe_filter(params: Mapping[str, Any]) -> list[str]:
    """The filter in words, for the list's heading: ["open", "critical", "overdue"]."""
    chosen = finding_filter(params)
    words = []
    if chosen["open_only"]:
        words.append("open (open or remediation planned)")
    if chosen["status"]:
        words.append(FindingStatus(chosen["status"]).label.lower())
    if chosen["severity"]:
        words.append(Severity(chosen["severity"]).label.lower())
    if chosen["source"]:
        words.append(FindingSource(chosen["source"]).label.lower())
    if chosen["overdue"]:
        words.append("overdue")
    return words


def finding_counts(*, user, keys: tuple[str, ...] | None = None) -> dict[str, dict[str, Any]]:
    """key → {"label", "value", "url"} for the named counts (all when keys is None); one COUNT each."""
    return {count.key: {"label": count.label, "url": count.url,
                        "value": finding_list(user=user, params=dict(count.params)).count()}
            for count in FINDING_COUNTS if keys is None or count.key in keys}
