"""The risk register page: filters in the URL, sortable columns, and bulk actions on the chosen rows
or on every row the filters match (add to a running campaign, reassess now, export CSV/XLSX)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.money import currency_label, with_currency
from steadfast.core.policy import can
from steadfast.core.tables import Column, Table
from steadfast.network.models import Supplier
from steadfast.security.models import Campaign
from steadfast.security.models.assessments import CampaignStatus
from steadfast.security.selectors.risk_register import (
    REGISTER_EXPORT_HEADERS,
    RESIDUAL_BANDS,
    RegisterFilter,
    highest_exposure,
    register_export_rows,
    risk_register,
)
from steadfast.security.services.register_actions import MAX_REASSESS_NOW, add_to_campaign, reassess_now
from steadfast.security.views.workflow_exports import tabular_response

COLUMNS = [
    Column("ref", "Ref", "ref"), Column("legal_name", "Supplier", "legal_name"),
    Column("country", "Country", "country"), Column("tier", "Supply tier", "tier", numeric=True),
    Column("security_tier", "Security tier", "security_tier", numeric=True),
    # What the supplier's loss would cost comes before the findings: the register is sorted by it.
    Column("revenue", lazy(currency_label, str)("Revenue exposed"), "revenue", numeric=True),
    Column("networks", "Networks exposed", "networks", numeric=True),
    Column("inherent", "Inherent risk", "inherent", numeric=True),
    Column("residual", "Residual risk", "residual", numeric=True),
    Column("open_critical", "Open critical", "open_critical", numeric=True),
    Column("open_high", "Open high", "open_high", numeric=True),
    Column("open_medium", "Open medium", "open_medium", numeric=True),
    Column("open_low", "Open low", "open_low", numeric=True),
    Column("open_kev", "Open KEV", "open_kev", numeric=True),
    Column("last_assessed", "Last assessed", "last_assessed"),
    Column("next_due", "Next assessment", "next_due"),
]


def _filters(request, params=None) -> tuple[RegisterFilter, str | None]:
    try:
        return RegisterFilter.from_params(params if params is not None else request.GET), None
    except ValidationError as exc:
        return RegisterFilter(), " ".join(exc.messages)


@policy_required("security", "view")
def register_page(request):
    filters, error = _filters(request)
    if error:
        messages.error(request, f"Filter ignored: {error}")
    table = Table(request, risk_register(user=request.user, filters=filters.without_ids()), COLUMNS,
                  default_order="-revenue")
    today = timezone.localdate()
    rows = list(table.page.object_list)
    for row in rows:
        row.last_assessed_day = row.last_assessed and timezone.localtime(row.last_assessed).date()
        row.overdue = row.next_due is not None and row.next_due < today
    may_change = can(request.user, "security", "change")
    campaigns = (list(Campaign.objects.filter(status=CampaignStatus.RUNNING).order_by("-launched_at", "-pk")
                      .values_list("pk", "name")[:100]) if may_change else [])
    return render(request, "security/register/register.html", {
        "table": table, "rows": rows, "filters": filters, "described": filters.describe(),
        "bands": [(key, label) for key, (label, *_) in RESIDUAL_BANDS.items()],
        "categories": Supplier.Category.choices, "may_change": may_change, "campaigns": campaigns,
        "top": highest_exposure(user=request.user), "max_now": MAX_REASSESS_NOW,
        "filter_pairs": [(name, value) for name in RegisterFilter.PARAMS for value in request.GET.getlist(name) if value],
    })


def _filter_query(params) -> str:
    """The filters alone (no sort, page or chosen rows), for the export links and the bulk form."""
    kept = QueryDict(mutable=True)
    for name in RegisterFilter.PARAMS:
        for value in params.getlist(name):
            if value:
                kept.appendlist(name, value)
    return kept.urlencode()


def _chosen(request, params) -> RegisterFilter:
    """The rows a bulk action applies to: the ticked ones, or every row the filters match."""
    filters = RegisterFilter.from_params(params)
    if params.get("scope") == "all":
        return filters.without_ids()
    if not filters.ids:
        raise ValidationError({"supplier": "tick at least one supplier, or choose “every supplier matching the filters”"})
    return filters


@policy_required("security", "view")
def register_export(request, fmt: str):
    try:
        filters = _chosen(request, request.GET) if request.GET.get("scope") else RegisterFilter.from_params(request.GET)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("security:risk_register") + "?" + _filter_query(request.GET))
    # Unexposed suppliers last on both databases (PostgreSQL sorts NULL first when descending).
    rows = risk_register(user=request.user, filters=filters).order_by(F("revenue").desc(nulls_last=True), "pk")
    return tabular_response(fmt, "risk-register", with_currency(REGISTER_EXPORT_HEADERS, {"Revenue exposed"}),
                             register_export_rows(rows))


@require_POST
@policy_required("security", "change")
def register_bulk(request):
    back = _next(request) or reverse("security:risk_register") + "?" + _filter_query(request.POST)
    try:
        filters = _chosen(request, request.POST)
        ids = list(risk_register(user=request.user, filters=filters).values_list("pk", flat=True))
        if not ids:
            raise ValidationError({"supplier": "no supplier matches the filters"})
        action = request.POST.get("action")
        if action == "campaign":
            try:
                campaign_id = int(request.POST.get("campaign") or "")
            except ValueError:
                raise ValidationError({"campaign": "choose a running campaign"}) from None
            campaign = get_object_or_404(Campaign, pk=campaign_id)
            result = add_to_campaign(actor=request.user, campaign=campaign, supplier_ids=ids)
            messages.success(request, _added(result, f"added to {campaign.name}")
                             + " Invite them from the campaign page.")
            return redirect("security:campaign", campaign.pk)
        if action == "reassess":
            result = reassess_now(actor=request.user, supplier_ids=ids)
            messages.success(request, _added(result, "sent a reassessment") + f" {result['invited']:,} invited "
                             f"({_count(result['emails'], 'e-mail')}; {result['without_contacts']:,} without a contact).")
            return redirect(back)
        raise ValidationError({"action": "choose add to campaign or reassess now"})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(back)


def _next(request) -> str | None:
    """Where a bulk action started from another page (a supplier's tier page) goes back to: a local URL only."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return None


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'s' if n != 1 else ''}"


def _added(result: dict[str, int], what: str) -> str:
    text = f"{result['added']:,} supplier{'s' if result['added'] != 1 else ''} {what}."
    if result["already_open"]:
        text += f" {result['already_open']:,} skipped: an assessment already open."
    if result["inactive"]:
        text += f" {result['inactive']:,} skipped: not active."
    return text
