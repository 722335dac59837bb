"""The life of a finding: raised from an accepted assessment's gaps, answered by the supplier with a
remediation plan, verified and closed by an analyst, or carried as an accepted risk / exception."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.security.models import Assessment, Evidence, Finding, Question
from steadfast.security.models.findings import (
    ACCEPTANCE_STATUSES,
    OPEN_STATUSES,
    FindingSource,
    FindingStatus,
    Severity,
)
from steadfast.security.models.questionnaires import AnswerType
from steadfast.security.services.portal import store_evidence, visible_question_ids

DEFAULT_DUE_DAYS = {Severity.CRITICAL: 30, Severity.HIGH: 60, Severity.MEDIUM: 90, Severity.LOW: 180}
LADDER = [Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL]
UNKNOWN_TIER = 2  # a supplier not yet tiered is treated as tier 2 until it is


def due_days(severity: str) -> int:
    configured = getattr(settings, "STEADFAST_FINDING_DUE_DAYS", {}) or {}
    return int(configured.get(str(severity), DEFAULT_DUE_DAYS[Severity(severity)]))


def gap_severity(*, weight: int, tier: int | None, partial: bool) -> str:
    """Base severity from the question's weight (≥8 high, ≥5 medium, else low), one step up for a
    tier-1 supplier, one step down for tier 3-4, one step down when the answer was "partial"."""
    level = 2 if weight >= 8 else 1 if weight >= 5 else 0
    tier = UNKNOWN_TIER if tier is None else tier
    if tier == 1:
        level += 1
    elif tier >= 3:
        level -= 1
    if partial:
        level -= 1
    return LADDER[max(0, min(level, len(LADDER) - 1))].value


def gap_findings(*, assessment: Assessment, questions: list[Question], values: Mapping[int, Any],
                 tier: int | None, today: dt.date) -> list[Finding]:
    """Unsaved findings for each shown, weighted yes/no/partial question answered no, partial or not at all."""
    visible = visible_question_ids(questions, values)
    findings = []
    for question in questions:
        if question.answer_type != AnswerType.YES_NO_PARTIAL_NA or question.weight <= 0 or question.pk not in visible:
            continue
        value = values.get(question.pk)
        if value in ("yes", "na"):
            continue
        severity = gap_severity(weight=question.weight, tier=tier, partial=value == "partial")
        answered = {"no": "answered no", "partial": "answered partially"}.get(value, "left unanswered")
        findings.append(Finding(
            supplier_id=assessment.supplier_id, assessment=assessment, question=question,
            source=FindingSource.ASSESSMENT, severity=severity, status=FindingStatus.OPEN,
            title=f"{question.code}: {question.text[:300]}", detail=f"Gap in assessment {assessment.pk}: {answered}.",
            due_date=today + dt.timedelta(days=due_days(severity)),
        ))
    return findings


def raise_gap_findings(*, actor, findings: list[Finding]) -> list[Finding]:
    """Insert the findings with one audit event each; call inside the acceptance transaction."""
    created = Finding.objects.bulk_create(findings)
    if created and created[0].pk is None:  # backends without RETURNING (older SQLite): read them back
        created = list(Finding.objects.filter(assessment=findings[0].assessment, source=FindingSource.ASSESSMENT))
    record_events(actor=actor, events=[crud.pending_for("create", f, {k: [None, v] for k, v in crud.snapshot(f).items()})
                                       for f in created])
    return created


def _locked_finding(finding: Finding) -> Finding:
    return Finding.objects.select_for_update().get(pk=finding.pk)


def plan_remediation(*, actor, finding: Finding, plan: str, due: dt.date | None) -> Finding:
    """The supplier's answer: what they will do and by when."""
    plan = (plan or "").strip()
    errors = {}
    if not plan:
        errors["remediation_plan"] = "describe what will be done"
    if due is not None and due < timezone.localdate():
        errors["remediation_due"] = "the planned date is in the past"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        finding = _locked_finding(finding)
        if finding.status not in OPEN_STATUSES:
            raise ValidationError({"status": f"finding {finding.pk} is {finding.get_status_display().lower()}"})
        return crud.update(actor=actor, instance=finding, remediation_plan=plan[:10000], remediation_due=due,
                           status=FindingStatus.REMEDIATION_PLANNED)


def add_remediation_evidence(*, actor, finding: Finding, name: str, data: bytes) -> Evidence:
    """Evidence of remediation is kept with the assessment the gap came from (the answers stay locked)."""
    if finding.assessment_id is None:
        raise ValidationError({"file": "this finding did not come from an assessment; describe the fix in the plan"})
    if finding.status not in OPEN_STATUSES:
        raise ValidationError({"status": f"finding {finding.pk} is {finding.get_status_display().lower()}"})
    return store_evidence(actor=actor, assessment=finding.assessment, question=finding.question, name=name, data=data)


def close_finding(*, actor, finding: Finding, note: str) -> Finding:
    """The analyst has verified the remediation, and says what was verified (required)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": "say what was verified before closing the finding"})
    with transaction.atomic():
        finding = _locked_finding(finding)
        if finding.status not in OPEN_STATUSES:
            raise ValidationError({"status": f"finding {finding.pk} is already {finding.get_status_display().lower()}"})
        return crud.update(actor=actor, instance=finding, status=FindingStatus.VERIFIED_CLOSED, closed_at=timezone.now(),
                           verified_by=actor, closure_note=note[:5000])


def reopen_expired_acceptances(*, actor, today: dt.date | None = None) -> int:
    """An accepted risk or exception past its expiry is open again (due now)."""
    today = today or timezone.localdate()
    reopened = 0
    with transaction.atomic():
        for finding in Finding.objects.select_for_update().filter(status__in=ACCEPTANCE_STATUSES,
                                                                  acceptance_expires__lt=today):
            crud.update(actor=actor, instance=finding, validate=False, status=FindingStatus.OPEN, due_date=today)
            reopened += 1
    return reopened
