"""Records of processing (Art. 30) and international transfers."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from steadfast.core import selectors as core_selectors
from steadfast.core.charts import bar_chart
from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.core.tables import Column, Table
from steadfast.network.views.common import form_page
from steadfast.privacy import exports, forms, selectors, services
from steadfast.privacy.importers import KINDS, template_csv
from steadfast.privacy.tasks import start_import_job

VIEW = ("privacy.records", "view")


def can_change(request) -> bool:
    return can(request.user, "privacy.records", "change")


def _create_url(request, name: str) -> str | None:
    return reverse(f"privacy:{name}") if can_change(request) else None


@policy_required(*VIEW)
def activity_list(request):
    form = forms.ActivityFilterForm(request.GET or None)
    rows = selectors.activities(user=request.user, search=form.value("q") or "", our_role=form.value("our_role") or "",
                                legal_basis=form.value("legal_basis") or "")
    table = Table(request, rows, [
        Column("ref", "Ref", "ref", link="get_absolute_url"), Column("name", "Name", "name"),
        Column("get_our_role_display", "Our role", "our_role"), Column("get_legal_basis_display", "Legal basis", "legal_basis"),
        Column("processor_count", "Processors", "processor_count", numeric=True), Column("retention", "Retention")],
        default_order="ref")
    links = [(f"Export {fmt.upper()}", reverse("privacy:activity_export", args=[fmt])) for fmt in ("xlsx", "csv")]
    if can_change(request):
        links.append(("Import", reverse("privacy:import")))
    return render(request, "privacy/list.html", {"title": "Records of processing (Art. 30)", "form": form, "table": table,
                                                 "export_links": links, "create_url": _create_url(request, "activity_create")})


@policy_required(*VIEW)
def activity_detail(request, activity_id: int):
    activity = selectors.activity(user=request.user, activity_id=activity_id)
    return render(request, "privacy/activity_detail.html", {"activity": activity, "can_change": can_change(request)})


@policy_required(*VIEW)
def transfer_list(request):
    form = forms.TransferFilterForm(request.GET or None)
    rows = selectors.transfers(user=request.user, search=form.value("q") or "", mechanism=form.value("mechanism") or "",
                               destination=form.value("destination") or "", flagged=bool(form.value("flagged")))
    table = Table(request, rows, [
        Column("ref", "Ref", "ref", link="get_absolute_url"), Column("recipient", "Recipient"),
        Column("origin_country", "From", "origin_country"), Column("destination_country", "To", "destination_country"),
        Column("get_mechanism_display", "Mechanism", "mechanism"), Column("tia_review", "TIA next review", "tia_review")],
        default_order="ref")
    return render(request, "privacy/list.html", {"title": "International transfers", "form": form, "table": table,
                                                 "create_url": _create_url(request, "transfer_create"),
                                                 "export_links": [("World map", reverse("privacy:flows_map"))]})


@policy_required(*VIEW)
def transfer_detail(request, transfer_id: int):
    transfer = selectors.transfer(user=request.user, transfer_id=transfer_id)
    return render(request, "privacy/transfer_detail.html", {
        "transfer": transfer, "flag": selectors.transfer_flag(transfer), "can_change": can_change(request),
        "assessments": selectors.assessments(user=request.user, transfer_id=transfer.pk)})


@policy_required(*VIEW)
def breach_list(request):
    form = forms.BreachFilterForm(request.GET or None)
    rows = selectors.breaches(user=request.user, search=form.value("q") or "", risk=form.value("risk") or "",
                              late=bool(form.value("late")))
    table = Table(request, rows, [
        Column("ref", "Ref", "ref", link="get_absolute_url"), Column("title", "Breach", "title"),
        Column("aware_at", "Aware", "aware_at"), Column("get_risk_display", "Risk", "risk"),
        Column("authority_notified_at", "Authority notified", "authority_notified_at"),
        Column("hours_to_authority", "Hours to notice", numeric=True),
        Column("subjects_approx", "Data subjects (approx.)", "subjects_approx", numeric=True)],
        default_order="-aware_at")
    return render(request, "privacy/list.html", {"title": "Personal-data breaches (Art. 33(5) register)",
                                                 "form": form, "table": table, "create_url": _create_url(request, "breach_create")})


@policy_required(*VIEW)
def breach_detail(request, breach_id: int):
    return render(request, "privacy/breach_detail.html",
                  {"breach": selectors.breach(user=request.user, breach_id=breach_id), "can_change": can_change(request)})


@policy_required(*VIEW)
def dashboard(request):
    figures = selectors.dashboard(user=request.user)
    plots = {
        "signed": bar_chart(figures["signed_by_month"], title="DPAs signed per month", x_label="month",
                            y_label="agreements signed"),
        "mechanisms": bar_chart(figures["by_mechanism"], title="Transfers by mechanism", x_label="transfer mechanism",
                                y_label="transfers", width=6.8, height=3.4),
    }
    return render(request, "privacy/dashboard.html", {"f": figures, "plots": plots})


@policy_required(*VIEW)
def activity_export(request, fmt: str):
    rows = exports.ropa_rows(selectors.activities(user=request.user))
    return _download(rows, exports.ROPA_COLUMNS, fmt, "record-of-processing", "Art. 30 record")


def _download(rows, columns, fmt: str, name: str, title: str):
    if fmt == "csv":
        return HttpResponse(exports.to_csv(rows, columns), content_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if fmt == "xlsx":
        return HttpResponse(exports.to_xlsx(rows, columns, title=title),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                            headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    raise Http404


CHANGE = ("privacy.records", "change")


@policy_required(*CHANGE)
def activity_create(request):
    return form_page(request, form_class=forms.ActivityForm, title="New processing activity", success="Created {obj}.",
                     cancel_url=reverse("privacy:activities"),
                     save=lambda data: services.create_activity(actor=request.user, **data))


@policy_required(*CHANGE)
def activity_edit(request, activity_id: int):
    activity = selectors.activity(user=request.user, activity_id=activity_id)
    initial = forms.ActivityForm.initial_for(activity)
    return form_page(request, form_class=forms.ActivityForm, title=f"Edit {activity}", initial=initial,
                     cancel_url=activity.get_absolute_url(), success="Saved {obj}.",
                     save=lambda data: services.update_activity(actor=request.user, activity=activity, **data))


@policy_required(*CHANGE)
def transfer_create(request):
    return form_page(request, form_class=forms.TransferForm, title="New international transfer", success="Created {obj}.",
                     cancel_url=reverse("privacy:transfers"),
                     save=lambda data: services.create_transfer(actor=request.user, **data))


@policy_required(*CHANGE)
def assessment_create(request, transfer_id: int):
    transfer = selectors.transfer(user=request.user, transfer_id=transfer_id)
    return form_page(request, form_class=forms.AssessmentForm, title=f"Transfer impact assessment for {transfer}",
                     cancel_url=transfer.get_absolute_url(), success="Recorded the assessment.",
                     save=lambda data: services.add_assessment(actor=request.user, transfer=transfer, **data),
                     next_url=lambda _: transfer.get_absolute_url())


@policy_required(*CHANGE)
def breach_create(request):
    return form_page(request, form_class=forms.BreachForm, title="Record a personal-data breach", success="Recorded {obj}.",
                     cancel_url=reverse("privacy:breaches"),
                     save=lambda data: services.record_breach(actor=request.user, **data))


@policy_required(*CHANGE)
def breach_notify(request, breach_id: int):
    breach = selectors.breach(user=request.user, breach_id=breach_id)
    return form_page(request, form_class=forms.NotifyAuthorityForm, title=f"Notify the authority of {breach.ref}",
                     cancel_url=breach.get_absolute_url(), success="Recorded the notification of {obj}.",
                     save=lambda data: services.notify_authority(actor=request.user, breach=breach, **data))


@policy_required(*VIEW)
def flows_map(request):
    return render(request, "privacy/flows_map.html")


@policy_required(*VIEW)
def flows_data(request):
    return JsonResponse({"countries": selectors.flows_by_country(user=request.user),
                         "list_url": reverse("privacy:transfers")})


@policy_required(*CHANGE)
def import_page(request):
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_import_job(actor=request.user, kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"],
                               dry_run=form.cleaned_data["dry_run"])
        return redirect("privacy:job", job_id=job.pk)
    return render(request, "privacy/import.html", {"form": form}, status=422 if request.method == "POST" else 200)


@policy_required(*CHANGE)
def import_template(request, kind: str):
    if kind not in KINDS:
        raise Http404
    return HttpResponse(template_csv(kind), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{kind}-template.csv"'})


@policy_required("jobs", "view")
def job_page(request, job_id: int):
    return render(request, "privacy/job.html", {"job": core_selectors.job(user=request.user, job_id=job_id)})


@policy_required(*VIEW)
def lookup(request):
    """Suggestions for a ref picker: /privacy/lookup/?kind=suppliers&q=acme → {"items": [{"value", "label"}]}."""
    try:
        items = selectors.lookup(user=request.user, kind=request.GET.get("kind", ""), q=request.GET.get("q", ""),
                                 framework=request.GET.get("framework", ""))
    except ValueError as exc:
        return JsonResponse({"detail": str(exc)}, status=400)
    return JsonResponse({"items": items})
