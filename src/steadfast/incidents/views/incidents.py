"""Incident pages: the filtered list, the board of open incidents, the war room, the create form."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.core.scoping import is_scoped
from steadfast.core.tables import Column, Table
from steadfast.incidents import exports, forms, forms_reviews, selectors, services
from steadfast.incidents.models import TRANSITIONS, Status
from steadfast.incidents.timezones import local

VIEW, CHANGE = ("incidents", "view"), ("incidents", "change")


def _can_change(request) -> bool:
    return can(request.user, "incidents", "change")


@policy_required(*VIEW)
def incident_list(request):
    form, rows = _filtered(request)
    columns = [
        Column("ref", "Ref", "ref", link="get_absolute_url"), Column("title", "Title", "title"),
        Column("get_severity_display", "Severity", "severity"), Column("get_status_display", "Status", "status"),
        Column("get_kind_display", "Kind", "kind"), Column("impact_started_at", "Impact started (UTC)", "impact_started_at"),
    ]
    if not is_scoped(request.user):  # customers do not see the size of other customers' impact
        columns += [Column("network_count", "Networks", "network_count", numeric=True),
                    Column("subscribers_affected", "Subscribers affected", "subscribers_affected", numeric=True)]
    table = Table(request, rows, columns, default_order="-impact_started_at")
    query = request.GET.urlencode()
    return render(request, "incidents/list.html", {"form": form, "table": table, "can_change": _can_change(request),
                                                   "export_query": f"?{query}" if query else ""})


def _filter_form(request, form_class=forms.IncidentFilterForm):
    form = form_class(request.GET or None)
    if is_scoped(request.user):
        del form.fields["commander"]  # customer viewers do not see roles
    return form


def _filtered(request):
    form = _filter_form(request)
    return form, selectors.incidents(user=request.user, **form.selector_kwargs())


@policy_required(*VIEW)
def incident_export(request, fmt: str):
    """The filtered list as CSV or XLSX (the list page's filters apply)."""
    _, rows = _filtered(request)
    table = exports.rows(rows.order_by("-impact_started_at"), hide_impact=is_scoped(request.user))
    response = HttpResponse(exports.write(fmt, table), content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="steadfast-incidents-{timezone.now():%Y-%m-%d}.{fmt}"'
    return response


BOARD_COLUMNS = {
    "open": (Status.CANDIDATE, Status.DECLARED, Status.INVESTIGATING, Status.MITIGATED),
    "closed": (Status.RESOLVED, Status.CLOSED, Status.DECLINED),
    "all": (Status.CANDIDATE, Status.DECLARED, Status.INVESTIGATING, Status.MITIGATED, Status.RESOLVED, Status.CLOSED,
            Status.DECLINED),
}
BOARD_CARDS = 60  # per column; the list page has them all


@policy_required(*VIEW)
def incident_board(request):
    """Incidents as cards in status columns, with the list's filters (kept in the URL); open ones
    unless the filter says closed or all."""
    form = _filter_form(request, forms.BoardFilterForm)
    kwargs = form.selector_kwargs()
    state = kwargs.get("state") or "open"
    kwargs["state"] = "" if state == "all" else state
    rows = selectors.board(selectors.incidents(user=request.user, **kwargs), with_commander=not is_scoped(request.user))
    statuses = [s for s in BOARD_COLUMNS[state] if not kwargs["status"] or s == kwargs["status"]]
    counts = selectors.count_by_status(rows)
    columns = []
    for status in statuses:
        cards = list(rows.filter(status=status).order_by("severity", "-impact_started_at")[:BOARD_CARDS])
        columns.append({"label": Status(status).label, "cards": cards, "total": counts.get(status, 0)})
    query = request.GET.urlencode()
    return render(request, "incidents/board.html", {
        "columns": columns, "form": form, "can_change": _can_change(request), "query": f"?{query}" if query else "",
        "customer_view": is_scoped(request.user)})


@policy_required(*CHANGE)
def incident_create(request):
    form = forms.IncidentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.create_incident(actor=request.user, **form.service_kwargs())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Declared {incident.ref}.")
            return redirect(incident.get_absolute_url())
    return render(request, "incidents/form.html", {"form": form, "title": "Declare an incident",
                                                   "cancel_url": reverse("incidents:list")},
                  status=422 if request.method == "POST" else 200)


@policy_required(*CHANGE)
def incident_edit(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    affected = selectors.affected_networks(user=request.user, incident=incident)
    form = forms.IncidentEditForm(request.POST or None, initial=forms.IncidentEditForm.initial_for(incident, affected))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.update_incident(actor=request.user, incident=incident, **form.service_kwargs())
        except services.StaleIncident as stale:
            form.add_error(None, str(stale))
            status = 409
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, f"Saved {incident.ref}.")
            return redirect(incident.get_absolute_url())
    if request.method == "POST" and status == 200:
        status = 422
    return render(request, "incidents/form.html", {"form": form, "title": f"Edit {incident.ref}",
                                                   "cancel_url": incident.get_absolute_url()}, status=status)


@policy_required(*VIEW)
def incident_detail(request, incident_id: int):
    incident = selectors.incident(user=request.user, incident_id=incident_id)
    customer_view = is_scoped(request.user)
    impact = selectors.visible_impact(user=request.user, incident=incident)
    networks = [{"impact": a, "started_local": local(incident.impact_started_at, a.network.country),
                 "detected_local": local(incident.detected_at, a.network.country)} for a in impact["networks"]]
    points = selectors.map_points(user=request.user, incident=incident, networks=impact["networks"])
    context = {"incident": incident, "networks": networks, "customer_view": customer_view, "impact": impact,
               "map_countries": json.dumps(points["countries"]), "map_sites": json.dumps(points["sites"]),
               "updates": selectors.updates(user=request.user, incident=incident), "now": timezone.now()}
    if not customer_view:
        can_change = _can_change(request)
        context.update({
            "can_change": can_change, "timeline": selectors.timeline(user=request.user, incident=incident),
            "roles": selectors.roles(user=request.user, incident=incident),
            "tasks": selectors.tasks(user=request.user, incident=incident),
            "obligations": selectors.obligations(user=request.user, incident=incident),
            "alerts": selectors.alerts(user=request.user, incident=incident),
            "next_statuses": [Status(s) for s in TRANSITIONS[incident.status]] if can_change else [],
            "nis2_suggested": selectors.nis2_suggestion(incident=incident, networks=impact["networks"]),
            "breaches": selectors.linked_breaches(user=request.user, incident=incident),
            "role_form": forms.RoleForm(), "task_form": forms.TaskForm(), "note_form": forms.NoteForm(),
            "update_form": forms.UpdateForm(),
        })
        context["supply"] = selectors.supply_panel(user=request.user, incident=incident)
        review = selectors.review(user=request.user, incident=incident)
        if review is not None:
            context.update({"review": review, "review_form": forms_reviews.ReviewForm(instance=review),
                            "action_form": forms_reviews.ReviewActionForm()})
    return render(request, "incidents/detail.html", context)


@policy_required(*VIEW)
def incident_timeline(request, incident_id: int):
    """The war room's live timeline (htmx polls it)."""
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    return render(request, "incidents/_timeline.html", {
        "incident": incident, "timeline": selectors.timeline(user=request.user, incident=incident)})
