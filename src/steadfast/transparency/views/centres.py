"""Transparency centres pages: the register, a centre, evaluations (list, booking, detail with its
steps, versions and findings), the month calendar, and the regulators' countries."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.core.tables import Column, Table
from steadfast.transparency import centre_forms as forms
from steadfast.transparency.models import TRANSITIONS, EvaluationStatus
from steadfast.transparency.selectors import centres as selectors
from steadfast.transparency.services import centres as services
from steadfast.transparency.services import regulators as regulator_services

VIEW, CHANGE = ("transparency.centres", "view"), ("transparency.centres", "change")


def _errors(request, exc: ValidationError) -> None:
    for errors in getattr(exc, "message_dict", {"": exc.messages}).values():
        messages.error(request, " ".join(errors))


@policy_required(*VIEW)
def centre_list(request):
    return render(request, "transparency/centres/centre_list.html", {
        "centres": selectors.centres(user=request.user),
        "can_book": can(request.user, "transparency.booking", "change")})


@policy_required(*VIEW)
def centre_detail(request, centre_id: int):
    centre = selectors.centre(user=request.user, centre_id=centre_id)
    upcoming = selectors.evaluations(user=request.user, centre_id=centre.pk).filter(
        ends_at__gte=timezone.now()).order_by("starts_at")[:20]
    return render(request, "transparency/centres/centre_detail.html", {
        "centre": centre, "upcoming": upcoming, "can_book": can(request.user, "transparency.booking", "change")})


@policy_required(*VIEW)
def evaluation_list(request):
    status = request.GET.get("status", "")
    rows = selectors.evaluations(user=request.user, status=status if status in EvaluationStatus.values else "",
                                 search=request.GET.get("q", "").strip())
    table = Table(request, rows, [
        Column("ref", "Ref", "ref", link="get_absolute_url"), Column("title", "Title", "title"),
        Column("organisation", "Organisation", "organisation"), Column("room", "Room", "room__centre__name"),
        Column("starts_at", "Starts", "starts_at"), Column("get_status_display", "Status", "status")],
        default_order="-starts_at")
    return render(request, "transparency/centres/evaluation_list.html", {
        "table": table, "statuses": EvaluationStatus.choices, "status": status, "q": request.GET.get("q", ""),
        "can_book": can(request.user, "transparency.booking", "change")})


@policy_required("transparency.booking", "change")
def evaluation_request(request):
    form = forms.BookingForm(request.POST or None, user=request.user,
                             initial={"room": request.GET.get("room"), "day": request.GET.get("day")})
    if request.method == "POST" and form.is_valid():
        try:
            evaluation = services.request_evaluation(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Requested {evaluation.ref}: the centre confirms it once approved.")
            return redirect(evaluation.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    return render(request, "transparency/centres/evaluation_form.html", {"form": form}, status=status)


@policy_required(*VIEW)
def evaluation_detail(request, evaluation_id: int):
    evaluation = selectors.evaluation(user=request.user, evaluation_id=evaluation_id)
    can_change = can(request.user, *CHANGE)
    steps = [action for action, (sources, _) in TRANSITIONS.items() if evaluation.status in sources] if can_change else []
    return render(request, "transparency/centres/evaluation_detail.html", {
        "evaluation": evaluation, "steps": steps, "can_change": can_change,
        "report_form": forms.ReportForm(), "version_form": forms.VersionForm(), "finding_form": forms.FindingForm(),
        "status_choices": forms.FindingStatusForm().fields["status"].choices})


@require_POST
@policy_required(*CHANGE)
def evaluation_step(request, evaluation_id: int, step: str):
    evaluation = selectors.evaluation(user=request.user, evaluation_id=evaluation_id)
    if step not in TRANSITIONS:
        raise Http404
    try:
        services.transition(actor=request.user, evaluation=evaluation, action=step,
                            report_summary=request.POST.get("report_summary", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"{evaluation.ref}: {evaluation.get_status_display().lower()}.")
    return redirect(evaluation.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def version_add(request, evaluation_id: int):
    evaluation = selectors.evaluation(user=request.user, evaluation_id=evaluation_id)
    form = forms.VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a product and give its version.")
        return redirect(evaluation.get_absolute_url())
    try:
        version = services.add_version(actor=request.user, evaluation=evaluation, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, f"Recorded {version} (SBOM SHA-256 {version.sbom_sha256[:16]}…).")
    return redirect(evaluation.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def finding_add(request, evaluation_id: int):
    evaluation = selectors.evaluation(user=request.user, evaluation_id=evaluation_id)
    form = forms.FindingForm(request.POST)
    if not form.is_valid():
        messages.error(request, "A finding needs a title, a severity and a due date.")
        return redirect(evaluation.get_absolute_url())
    try:
        services.add_finding(actor=request.user, evaluation=evaluation, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, "Finding recorded.")
    return redirect(evaluation.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def finding_status(request, evaluation_finding_id: int):
    finding = selectors.finding(user=request.user, finding_id=evaluation_finding_id)
    form = forms.FindingStatusForm(request.POST)
    if form.is_valid():
        services.set_finding_status(actor=request.user, finding=finding, status=form.cleaned_data["status"])
        messages.success(request, f"Finding is now {finding.get_status_display().lower()}.")
    else:
        messages.error(request, "Choose a status.")
    return redirect(finding.evaluation.get_absolute_url())


@policy_required(*VIEW)
def calendar(request):
    today = timezone.localdate()
    try:
        first = dt.datetime.strptime(request.GET.get("month", ""), "%Y-%m").date()
    except ValueError:
        first = today.replace(day=1)
    centre_id = request.GET.get("centre", "")
    centre_id = int(centre_id) if centre_id.isdigit() else None
    grid = selectors.month_grid(user=request.user, year=first.year, month=first.month, centre_id=centre_id)
    return render(request, "transparency/centres/calendar.html", {
        "grid": grid, "centres": selectors.centres(user=request.user), "centre_id": centre_id, "today": today})


@policy_required("transparency.regulators", "view")
def regulators(request):
    form = forms.RegulatorCountryForm(request.POST or None)
    if request.method == "POST":
        if not can(request.user, "transparency.regulators", "change"):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        if request.POST.get("remove"):
            assignment = get_object_or_404(selectors.regulator_countries(user=request.user),
                                           pk=request.POST.get("remove") if request.POST["remove"].isdigit() else 0)
            regulator_services.remove_country(actor=request.user, assignment=assignment)
            messages.success(request, f"{assignment.user} no longer oversees {assignment.country}.")
            return redirect("transparency:regulators")
        if form.is_valid():
            try:
                done = regulator_services.assign_country(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, f"{done.user} now oversees {done.country}.")
                return redirect("transparency:regulators")
    return render(request, "transparency/centres/regulators.html", {
        "assignments": selectors.regulator_countries(user=request.user), "form": form,
        "can_change": can(request.user, "transparency.regulators", "change")},
        status=422 if request.method == "POST" else 200)
