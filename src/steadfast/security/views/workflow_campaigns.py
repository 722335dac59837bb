"""Campaign pages (choose suppliers × questionnaire × due date, launch as a job) and the
analyst's list of all assessments with exports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.core.tables import Column, Table
from steadfast.security.forms import CampaignCloseForm, CampaignExtendForm, CampaignForm
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.selectors import workflow as select
from steadfast.security.services.campaign_actions import (
    EMAIL_ACTIONS,
    campaign_assessments,
    close_campaign,
    extend_campaign,
    start_campaign_emails,
)
from steadfast.security.services.campaigns import (
    create_campaign,
    describe_filter,
    launch_campaign,
    select_suppliers,
)
from steadfast.security.views.workflow_exports import tabular_response


@policy_required("security", "view")
def campaign_list(request):
    return render(request, "security/workflow/campaigns.html",
                  {"campaigns": select.campaigns(user=request.user).order_by("-created_at")[:200]})


@policy_required("security", "change")
def campaign_new(request):
    form = CampaignForm(request.POST or None, templates=select.templates(user=request.user, published_only=True))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = create_campaign(actor=request.user, name=form.cleaned_data["name"],
                                       template=form.cleaned_data["template"], due_date=form.cleaned_data["due_date"],
                                       filter=form.supplier_filter())
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Campaign created: check the selection, then launch it.")
            return redirect("security:campaign", campaign.pk)
    return render(request, "security/workflow/campaign_new.html", {"form": form},
                  status=422 if request.method == "POST" else 200)


def _detail(request, campaign_id: int, *, extend_form=None, close_form=None, status=200):
    campaign = select.get_campaign(user=request.user, campaign_id=campaign_id)
    counts = select.campaign_status_counts(campaign=campaign)
    return render(request, "security/workflow/campaign.html", {
        "campaign": campaign, "filter_words": describe_filter(campaign.filter),
        "counts": [(label, counts[value]) for value, label in AssessmentStatus.choices],
        "job": select.campaign_job(user=request.user, campaign=campaign),
        "selected": select_suppliers(filter=campaign.filter).count() if campaign.status == "draft" else None,
        "assessments": select.with_progress(select.assessments(user=request.user, campaign_id=campaign.pk)
                                            .order_by("supplier__ref")[:100]),
        "can_change": can(request.user, "security", "change"), "email_actions": EMAIL_ACTIONS,
        "extend_form": extend_form or CampaignExtendForm(), "close_form": close_form or CampaignCloseForm(),
    }, status=status)


@policy_required("security", "view")
def campaign_detail(request, campaign_id: int):
    return _detail(request, campaign_id)


@require_POST
@policy_required("security", "change")
def campaign_emails(request, campaign_id: int):
    campaign = select.get_campaign(user=request.user, campaign_id=campaign_id)
    try:
        job = start_campaign_emails(actor=request.user, campaign=campaign, action=request.POST.get("action", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"{job.label}: running in the background.")
    return redirect("security:campaign", campaign.pk)


@require_POST
@policy_required("security", "change")
def campaign_extend(request, campaign_id: int):
    campaign = select.get_campaign(user=request.user, campaign_id=campaign_id)
    form = CampaignExtendForm(request.POST)
    if form.is_valid():
        try:
            moved = extend_campaign(actor=request.user, campaign=campaign, due_date=form.cleaned_data["due_date"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Due date moved for the campaign and {moved:,} open assessments.")
            return redirect("security:campaign", campaign.pk)
    return _detail(request, campaign_id, extend_form=form, status=422)


@require_POST
@policy_required("security", "change")
def campaign_close(request, campaign_id: int):
    campaign = select.get_campaign(user=request.user, campaign_id=campaign_id)
    form = CampaignCloseForm(request.POST)
    if form.is_valid():
        try:
            close_campaign(actor=request.user, campaign=campaign, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Campaign closed.")
            return redirect("security:campaign", campaign.pk)
    return _detail(request, campaign_id, close_form=form, status=422)


@policy_required("security", "view")
def campaign_export(request, campaign_id: int, fmt: str):
    campaign = select.get_campaign(user=request.user, campaign_id=campaign_id)
    headers = ["id", "supplier_ref", "supplier", "country", "status", "due_date", "invited_at", "submitted_at",
               "accepted_at", "answered", "shown", "score", "residual_risk"]

    def rows():
        chunk = []
        for assessment in campaign_assessments(campaign=campaign).iterator(chunk_size=500):
            chunk.append(assessment)
            if len(chunk) == 500:
                yield from _export_rows(chunk)
                chunk = []
        yield from _export_rows(chunk)

    return tabular_response(fmt, f"campaign-{campaign.pk}", headers, rows())


def _export_rows(chunk):
    progress = select.progress_of(assessments=chunk)
    for a in chunk:
        p = progress[a.pk]
        yield [a.pk, a.supplier.ref, a.supplier.legal_name, a.supplier.country, a.get_status_display(), a.due_date,
               a.invited_at and a.invited_at.isoformat(), a.submitted_at and a.submitted_at.isoformat(),
               a.accepted_at and a.accepted_at.isoformat(), p["answered"], p["shown"], a.score, a.residual_risk]


@require_POST
@policy_required("security", "change")
def campaign_launch(request, campaign_id: int):
    campaign = select.get_campaign(user=request.user, campaign_id=campaign_id)
    try:
        launch_campaign(actor=request.user, campaign=campaign, invite=request.POST.get("invite", "1") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Launched: assessments are being created in the background.")
    return redirect("security:campaign", campaign.pk)


ASSESSMENT_COLUMNS = [
    Column("pk", "#", "pk", numeric=True), Column("supplier.legal_name", "Supplier", "supplier__legal_name"),
    Column("supplier.country", "Country", "supplier__country"), Column("template", "Questionnaire"),
    Column("campaign", "Campaign"), Column("get_status_display", "Status", "status"),
    Column("due_date", "Due", "due_date"), Column("score", "Score", "score", numeric=True),
    Column("residual_risk", "Residual risk", "residual_risk", numeric=True),
]


@policy_required("security", "view")
def assessment_list(request):
    status = request.GET.get("status", "")
    qs = select.assessments(user=request.user, status=status if status in AssessmentStatus.values else None)
    table = Table(request, qs, ASSESSMENT_COLUMNS, default_order="-created_at")
    return render(request, "security/workflow/assessments.html", {"table": table, "statuses": AssessmentStatus.choices,
                                                                 "status": status})


@policy_required("security", "view")
def assessment_export(request, fmt: str):
    qs = select.assessments(user=request.user).order_by("pk")
    headers = ["id", "supplier_ref", "supplier", "country", "template", "campaign", "status", "due_date",
               "submitted_at", "accepted_at", "score", "inherent_score", "residual_risk"]
    rows = ([a.pk, a.supplier.ref, a.supplier.legal_name, a.supplier.country, str(a.template),
             a.campaign.name if a.campaign else "", a.status, a.due_date, a.submitted_at and a.submitted_at.isoformat(),
             a.accepted_at and a.accepted_at.isoformat(), a.score, a.inherent_score, a.residual_risk]
            for a in qs.iterator(chunk_size=2000))
    return tabular_response(fmt, "assessments", headers, rows)
