"""Reminders to suppliers: before an assessment is due and once it is overdue (each kind at most once
per assessment: the audit event that records it is also the memory of it), and of their findings
that are overdue or due soon (at most once per finding per interval: `Finding.reminded_on`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from steadfast.core.models import AuditEvent
from steadfast.core.services.audit import PendingEvent, record_event, record_events
from steadfast.security.models import Assessment, Finding
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.models.findings import OPEN_STATUSES
from steadfast.security.services.finding_notices import email_findings, plural
from steadfast.security.services.invitations import email_contacts

DUE_SOON, OVERDUE = "due_soon", "overdue"
DEFAULT_DAYS_BEFORE = 7
DEFAULT_FINDING_DAYS_BEFORE = 7  # findings due within this many days are reminded of
DEFAULT_FINDING_INTERVAL_DAYS = 7  # at most one reminder per finding in this many days
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


def finding_days_before() -> int:
    return int(getattr(settings, "STEADFAST_FINDING_REMINDER_DAYS_BEFORE", DEFAULT_FINDING_DAYS_BEFORE))


def finding_interval_days() -> int:
    return max(1, int(getattr(settings, "STEADFAST_FINDING_REMINDER_INTERVAL_DAYS", DEFAULT_FINDING_INTERVAL_DAYS)))


def findings_owed_reminder(*, today: dt.date):
    """Open or planned findings overdue or due within the configured days, not reminded of within
    the configured interval."""
    return (Finding.objects.filter(status__in=OPEN_STATUSES, due_date__isnull=False,
                                   due_date__lte=today + dt.timedelta(days=finding_days_before()))
            .filter(Q(reminded_on__isnull=True)
                    | Q(reminded_on__lte=today - dt.timedelta(days=finding_interval_days()))))


def send_finding_reminders(*, actor, today: dt.date | None = None, report=None) -> dict[str, int]:
    """One email per contact of each supplier owed a reminder, listing its overdue and soon-due
    findings (remediate links for contacts without an account). In one transaction: the findings
    reminded get `reminded_on = today`, and one audit event `remind_findings` records the run.
    Findings of suppliers without contacts are counted and left to the next run."""
    today = today or timezone.localdate()
    counts = {"findings_overdue": 0, "findings_due_soon": 0, "finding_emails": 0, "finding_suppliers": 0,
              "finding_suppliers_without_contacts": 0}
    with transaction.atomic():
        owed = list(findings_owed_reminder(today=today).select_for_update(of=("self",))
                    .select_related("supplier").order_by("supplier_id", "due_date", "pk"))
        by_supplier: dict[int, list[Finding]] = defaultdict(list)
        for finding in owed:
            by_supplier[finding.supplier_id].append(finding)
        reminded: list[int] = []
        for n, findings in enumerate(by_supplier.values(), 1):
            supplier = findings[0].supplier
            late = sum(1 for f in findings if f.due_date < today)
            soon = len(findings) - late
            parts = ([f"{late} overdue"] if late else []) + ([f"{soon} due by {today + dt.timedelta(days=finding_days_before())}"]
                                                             if soon else [])
            sent = email_findings(
                actor=actor, supplier=supplier, findings=findings,
                subject=f"Reminder: security findings for {supplier}: {', '.join(parts)}",
                intro=(f"{plural(len(findings), 'security finding')} of yours "
                       f"{'is' if len(findings) == 1 else 'are'} overdue or due soon ({', '.join(parts)}). "
                       "Please send a remediation plan, or evidence that it is done:"))
            if report:
                report(n, len(by_supplier), f"finding reminders: {n} of {len(by_supplier)} suppliers")
            if not sent:
                counts["finding_suppliers_without_contacts"] += 1
                continue
            counts["finding_suppliers"] += 1
            counts["finding_emails"] += sent
            counts["findings_overdue"] += late
            counts["findings_due_soon"] += soon
            reminded.extend(f.pk for f in findings)
        if reminded:
            Finding.objects.filter(pk__in=reminded).update(reminded_on=today)
            record_events(actor=actor, events=[PendingEvent(
                "remind_findings", "security.findingreminders", today.isoformat(),
                f"finding reminders {today.isoformat()}",
                {"findings": [None, len(reminded)], "overdue": [None, counts["findings_overdue"]],
                 "due_soon": [None, counts["findings_due_soon"]], "suppliers": [None, counts["finding_suppliers"]],
                 "emails": [None, counts["finding_emails"]], "finding_ids": [None, sorted(reminded)]})])
    return counts
