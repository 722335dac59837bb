"""The war room's buttons: each parses a small form, calls one service and returns to the room."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.incidents import forms, selectors, services
from steadfast.incidents.services.supply import start_supply_analysis

CHANGE = ("incidents", "change")


def _act(request, incident, form, call: Callable[[dict], object], done: str):
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
    else:
        try:
            call(form.cleaned_data)
        except services.StaleIncident as stale:
            messages.error(request, str(stale))
        except ValidationError as exc:
            messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                           if hasattr(exc, "error_dict") else " ".join(exc.messages))
        else:
            messages.success(request, done)
    return redirect(incident.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def incident_transition(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    return _act(request, incident, forms.TransitionForm(request.POST),
                lambda d: services.transition(actor=request.user, incident=incident, to=d["to"], at=d["at"],
                                              expected_version=d["version"], note=d["note"]), "Status changed.")


@require_POST
@policy_required(*CHANGE)
def role_assign(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    return _act(request, incident, forms.RoleForm(request.POST),
                lambda d: services.assign_role(actor=request.user, incident=incident, **d), "Role assigned.")


@require_POST
@policy_required(*CHANGE)
def task_add(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    return _act(request, incident, forms.TaskForm(request.POST),
                lambda d: services.add_task(actor=request.user, incident=incident, title=d["title"],
                                            owner=d["owner"] or None, due_at=d["due_at"]), "Task added.")


@require_POST
@policy_required(*CHANGE)
def task_done(request, incident_id: int, task_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    task = selectors.task(user=request.user, incident=incident, task_id=task_id)
    services.complete_task(actor=request.user, task=task)
    messages.success(request, f"Done: {task.title}")
    return redirect(incident.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def note_add(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    return _act(request, incident, forms.NoteForm(request.POST),
                lambda d: services.add_note(actor=request.user, incident=incident, text=d["text"]), "Note added.")


@require_POST
@policy_required(*CHANGE)
def update_publish(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    return _act(request, incident, forms.UpdateForm(request.POST),
                lambda d: services.publish_update(actor=request.user, incident=incident, **d),
                "Update published to the affected customers.")


@require_POST
@policy_required(*CHANGE)
def obligation_submit(request, incident_id: int, obligation_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    obligation = selectors.obligation(user=request.user, incident=incident, obligation_id=obligation_id)
    return _act(request, incident, forms.SubmissionForm(request.POST),
                lambda d: services.submit_obligation(actor=request.user, obligation=obligation, reference=d["reference"]),
                f"Recorded the submission of {obligation.rule}.")


@require_POST
@policy_required(*CHANGE)
def supply_analyse(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    try:
        start_supply_analysis(actor=request.user, incident=incident)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "The supply analysis is running; its progress shows below.")
    return redirect(incident.get_absolute_url())
