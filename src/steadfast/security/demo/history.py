"""History for the security demo: the finished campaign is moved into the past year, so that the
dashboard's trend, the ages of findings, the mean time to remediate and the overdue lists show
something on a demo loaded a minute ago.

Only the records' own dates move (an assessment and its findings by the same number of days, a
closed finding closed some weeks after it was raised). The audit events are never rewritten: they
keep the times at which the demo actually ran.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from steadfast.security.models import Assessment, Campaign, Finding
from steadfast.security.models.findings import FindingStatus

ASSESSMENT_TIMES = ("created_at", "invited_at", "submitted_at", "returned_at", "accepted_at")
# Accepted between about two and eleven months ago.
DAYS_AGO = (60, 330)


def backdate_campaign(*, campaign: Campaign, rng: random.Random, today: dt.date | None = None) -> dict[str, int]:
    """Move a finished campaign's assessments (each by its own random number of days) and the
    findings they raised into the past. Returns counts of what moved and of findings now overdue."""
    today = today or timezone.localdate()
    now = timezone.now()
    oldest = dt.timedelta(0)
    moved_findings = 0
    with transaction.atomic():
        for assessment in Assessment.objects.filter(campaign=campaign).order_by("pk"):
            delta = dt.timedelta(days=rng.randint(*DAYS_AGO))
            oldest = max(oldest, delta)
            fields = {name: getattr(assessment, name) - delta for name in ASSESSMENT_TIMES
                      if getattr(assessment, name) is not None}
            if assessment.due_date:
                fields["due_date"] = assessment.due_date - delta
            Assessment.objects.filter(pk=assessment.pk).update(**fields)
            for finding in Finding.objects.filter(assessment=assessment):
                raised = finding.created_at - delta
                changes = {"created_at": raised}
                if finding.due_date:
                    changes["due_date"] = finding.due_date - delta
                if finding.remediation_due and finding.remediation_due - delta > today:
                    changes["remediation_due"] = finding.remediation_due - delta
                if finding.status == FindingStatus.VERIFIED_CLOSED:
                    changes["closed_at"] = min(raised + dt.timedelta(days=rng.randint(7, 120), hours=rng.randint(0, 23)),
                                               now)
                Finding.objects.filter(pk=finding.pk).update(**changes)
                moved_findings += 1
        Campaign.objects.filter(pk=campaign.pk).update(
            created_at=campaign.created_at - oldest - dt.timedelta(days=14),
            launched_at=(campaign.launched_at or now) - oldest - dt.timedelta(days=14),
            due_date=campaign.due_date - oldest)
    overdue = Finding.objects.filter(assessment__campaign=campaign, due_date__lt=today,
                                     status__in=(FindingStatus.OPEN, FindingStatus.REMEDIATION_PLANNED)).count()
    return {"assessments": Assessment.objects.filter(campaign=campaign).count(), "findings": moved_findings,
            "overdue_findings": overdue}
