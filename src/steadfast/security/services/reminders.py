"""Reminders to suppliers before an assessment is due and once it is overdue. Each kind of reminder
is sent at most once per assessment: the audit event that records it is also the memory of it."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.models import AuditEvent
from steadfast.core.services.audit import record_event
from steadfast.security.models import Assessment
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.services.invitations import email_contacts

DUE_SOON, OVERDUE = "due_soon", "overdue"
DEFAULT_DAYS_BEFORE = 7
AWAITING_SUPPLIER = (AssessmentStatus.INVITED, AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED)


def days_before() -> int:
    return int(getattr(settings, "STEADFAST_REMINDER_DAYS_BEFORE", DEFAULT_DAYS_BEFORE))


def verb_for(kind: str) -> str:
    return f"remind_{kind}"


def _already_reminded(kind: str) -> set[str]:
    return set(AuditEvent.objects.filter(object_type="security.assessment", verb=verb_for(kind))
               .values_list("object_id", flat=True))


def due_reminders(*, today: dt.date) -> list[tuple[str, Assessment]]:
    """(kind, assessment) pairs owed a reminder today and not yet sent one of that kind."""
    waiting = Assessment.objects.filter(status__in=AWAITING_SUPPLIER, due_date__isnull=False).select_related("supplier")
    soon = waiting.filter(due_date__gte=today, due_date__lte=today + dt.timedelta(days=days_before()))
    late = waiting.filter(due_date__lt=today)
    pending = []
    for kind, qs in ((DUE_SOON, soon), (OVERDUE, late)):
        sent = _already_reminded(kind)
        pending.extend((kind, a) for a in qs.order_by("due_date", "pk") if str(a.pk) not in sent)
    return pending


def send_reminders(*, actor, today: dt.date | None = None, report=None) -> dict[str, int]:
    """Send what is owed; rerunning sends nothing twice. Suppliers without contacts are counted."""
    today = today or timezone.localdate()
    pending = due_reminders(today=today)
    counts = {DUE_SOON: 0, OVERDUE: 0, "emails": 0, "without_contacts": 0}
    for n, (kind, assessment) in enumerate(pending, 1):
        due = assessment.due_date.isoformat()
        if kind == DUE_SOON:
            subject = f"Reminder: security questionnaire for {assessment.supplier} due {due}"
            intro = f"Our security questionnaire is due on {due}. Please complete and submit it."
        else:
            subject = f"Overdue: security questionnaire for {assessment.supplier} (was due {due})"
            intro = f"Our security questionnaire was due on {due} and has not been submitted yet."
        try:
            with transaction.atomic():
                sent = email_contacts(actor=actor, assessment=assessment, subject=subject, intro=intro)
                record_event(actor=actor, verb=verb_for(kind), instance=assessment,
                             changes={"emails": [None, sent], "due_date": [None, due]})
        except ValidationError:
            counts["without_contacts"] += 1
            continue
        counts[kind] += 1
        counts["emails"] += sent
        if report:
            report(n, len(pending), f"{n} of {len(pending)} reminders")
    return counts
