"""Working an incident: roles, tasks, notes and the updates customers read."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.models import User
from steadfast.core.roles import SCOPED_TO_CUSTOMER, SCOPED_TO_SUPPLIER
from steadfast.core.services import crud
from steadfast.incidents.models import (
    CustomerUpdate,
    Incident,
    IncidentRole,
    RoleAssignment,
    Task,
    TimelineKind,
    UpdateKind,
)
from steadfast.incidents.services.common import not_in_future, timeline
from steadfast.incidents.services.notify import notify_customers


def _staff(person) -> User:
    if not isinstance(person, User):
        person = User.objects.filter(username=person).first() if isinstance(person, str) else None
        if person is None:
            raise ValidationError({"person": "no such user"})
    if person.role in SCOPED_TO_CUSTOMER | SCOPED_TO_SUPPLIER or not person.is_active:
        raise ValidationError({"person": f"{person.username} is not one of our active staff"})
    return person


def assign_role(*, actor, incident: Incident, role: str, person, at: dt.datetime | None = None) -> RoleAssignment:
    """`person` assumes `role`; the current holder (if any) hands over at the same moment."""
    if role not in IncidentRole.values:
        raise ValidationError({"role": f"choose one of {', '.join(IncidentRole.values)}"})
    person = _staff(person)
    at = at or timezone.now()
    not_in_future("at", at)
    if at < incident.detected_at:
        raise ValidationError({"at": "a role cannot be assumed before the incident was detected"})
    with transaction.atomic():
        current = RoleAssignment.objects.select_for_update().filter(incident=incident, role=role,
                                                                   handed_over_at__isnull=True).first()
        label = IncidentRole(role).label
        if current is not None:
            if current.person_id == person.pk:
                return current
            if at < current.assumed_at:
                raise ValidationError({"at": f"before {current.person.username} assumed the role"})
            crud.update(actor=actor, instance=current, handed_over_at=at)
        assignment = crud.create(actor=actor, model=RoleAssignment, incident=incident, role=role, person=person, assumed_at=at)
        text = f"{person.username} is {label.lower()}" + (f" (handed over by {current.person.username})" if current else "")
        timeline(incident=incident, kind=TimelineKind.ROLE_CHANGE, actor=actor, at=at, text=text,
                 data={"role": role, "person": person.username})
        if incident.acknowledged_at is None:  # the first responder taking a role acknowledges it
            Incident.objects.filter(pk=incident.pk).update(acknowledged_at=at)
            incident.acknowledged_at = at
            crud.record_events(actor=actor, events=[crud.pending_for("update", incident, {"acknowledged_at": [None, at]})])
        return assignment


def hand_over(*, actor, assignment: RoleAssignment, at: dt.datetime | None = None) -> RoleAssignment:
    at = at or timezone.now()
    not_in_future("at", at)
    if assignment.handed_over_at is not None:
        raise ValidationError({"role": "already handed over"})
    if at < assignment.assumed_at:
        raise ValidationError({"at": "before the role was assumed"})
    with transaction.atomic():
        assignment = crud.update(actor=actor, instance=assignment, handed_over_at=at)
        timeline(incident=assignment.incident, kind=TimelineKind.ROLE_CHANGE, actor=actor, at=at,
                 text=f"{assignment.person.username} handed over {assignment.get_role_display().lower()}")
        return assignment


def add_task(*, actor, incident: Incident, title: str, owner=None, due_at: dt.datetime | None = None) -> Task:
    if not title.strip():
        raise ValidationError({"title": "say what has to be done"})
    owner = _staff(owner) if owner else None
    with transaction.atomic():
        task = crud.create(actor=actor, model=Task, incident=incident, title=title.strip(), owner=owner, due_at=due_at)
        timeline(incident=incident, kind=TimelineKind.TASK, actor=actor,
                 text=f"Task: {task.title}" + (f" → {owner.username}" if owner else "")
                 + (f", due {due_at:%Y-%m-%d %H:%M} UTC" if due_at else ""), data={"task": task.pk})
        return task


def complete_task(*, actor, task: Task, at: dt.datetime | None = None) -> Task:
    if task.done_at is not None:
        return task
    with transaction.atomic():
        task = crud.update(actor=actor, instance=task, done_at=at or timezone.now())
        timeline(incident=task.incident, kind=TimelineKind.TASK, actor=actor, at=task.done_at, text=f"Done: {task.title}",
                 data={"task": task.pk})
        return task


def add_note(*, actor, incident: Incident, text: str, at: dt.datetime | None = None):
    if not text.strip():
        raise ValidationError({"text": "the note is empty"})
    not_in_future("at", at)
    with transaction.atomic():
        entry = timeline(incident=incident, kind=TimelineKind.NOTE, actor=actor, at=at, text=text.strip())
        crud.record_events(actor=actor, events=[crud.pending_for("note", incident, {"note": [None, entry.text]})])
        return entry


def publish_update(*, actor, incident: Incident, kind: str = UpdateKind.TACTICAL, conditions: str = "", actions: str = "",
                   needs: str = "", summary: str = "", at: dt.datetime | None = None) -> CustomerUpdate:
    """Publish an update to the affected customers (their viewers see it in the portal at once)."""
    if kind not in UpdateKind.values:
        raise ValidationError({"kind": "tactical or executive"})
    if kind == UpdateKind.EXECUTIVE and not summary.strip():
        raise ValidationError({"summary": "an executive update needs its summary"})
    if kind == UpdateKind.TACTICAL and not (conditions.strip() or actions.strip()):
        raise ValidationError({"conditions": "a tactical update says what is happening or what we are doing"})
    at = at or timezone.now()
    with transaction.atomic():
        update = crud.create(actor=actor, model=CustomerUpdate, incident=incident, kind=kind, conditions=conditions.strip(),
                             actions=actions.strip(), needs=needs.strip(), summary=summary.strip(), author=actor,
                             published_at=at)
        timeline(incident=incident, kind=TimelineKind.UPDATE_PUBLISHED, actor=actor, at=at,
                 text=f"{update.get_kind_display().split(' (')[0]} update published to customers", data={"update": update.pk})
        notify_customers(actor=actor, update=update)
        return update
