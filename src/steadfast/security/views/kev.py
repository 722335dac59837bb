"""The KEV exposure page and its export: filters in the URL, the same rows in both."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import render

from steadfast.core.decorators import policy_required
from steadfast.core.money import with_currency
from steadfast.security.selectors.kev_exposure import (
    KEV_EXPORT_HEADERS,
    KevFilter,
    kev_export_rows,
    kev_exposure,
)
from steadfast.security.views.workflow_exports import tabular_response


def _filters(request) -> KevFilter:
    try:
        return KevFilter.from_params(request.GET)
    except ValidationError as exc:
        messages.error(request, f"Filter ignored: {' '.join(exc.messages)}")
        return KevFilter()


@policy_required("security", "view")
def kev_page(request):
    filters = _filters(request)
    return render(request, "security/kev_exposure.html", {
        "rows": kev_exposure(user=request.user, filters=filters), "filters": filters,
        "query": request.GET.urlencode()})


@policy_required("security", "view")
def kev_export(request, fmt: str):
    rows = kev_exposure(user=request.user, filters=_filters(request), limit=10_000)
    return tabular_response(fmt, "kev-exposure", with_currency(KEV_EXPORT_HEADERS, {"Revenue reached"}), kev_export_rows(rows))
