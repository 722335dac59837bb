"""Accepting a finding's risk or granting an exception: a request with a reason and an expiry. A low
or medium finding is accepted by the reviewer who asks; a critical or high one waits until a second
person with the reviewer's role (never the requester) approves or rejects it, with a note."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.policy import can
from steadfast.core.services import crud
from steadfast.security.models import Finding, RiskAcceptance
from steadfast.security.models.findings import (
    ACCEPTANCE_STATUSES,
    OPEN_STATUSES,
    SECOND_APPROVAL_SEVERITIES,
    AcceptanceDecision,
)

SELF_APPROVED_NOTE = "Low or medium finding: accepted by the reviewer who asked; no second approval needed."


def _may_review(user) -> bool:
    return can(user, "security.review", "change")


def request_acceptance(*, actor, finding: Finding, kind: str, reason: str, expires: dt.date | None,
                       today: dt.date | None = None) -> RiskAcceptance:
    """Ask to carry the risk (kind "risk_accepted") or grant an exception until `expires`. Applied at
    once for a low or medium finding; pending a second person's approval for a critical or high one."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    errors = {}
    if kind not in ACCEPTANCE_STATUSES:
        errors["kind"] = f"choose {' or '.join(ACCEPTANCE_STATUSES)}"
    if not _may_review(actor):
        errors["requested_by"] = "only a security analyst or administrator may ask to accept a risk"
    if not reason:
        errors["reason"] = "say why the risk is acceptable"
    if expires is None:
        errors["expires"] = "an acceptance needs an expiry date"
    elif expires <= today:
        errors["expires"] = "the expiry must be in the future"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
        if finding.status not in OPEN_STATUSES:
            raise ValidationError({"status": f"finding {finding.pk} is {finding.get_status_display().lower()}"})
        pending = RiskAcceptance.objects.filter(finding=finding, decision=AcceptanceDecision.PENDING).first()
        if pending is not None:
            raise ValidationError({"finding": f"finding {finding.pk} already has a request waiting for approval "
                                              f"(asked by {pending.requested_by or 'system'})"})
        acceptance = crud.create(actor=actor, model=RiskAcceptance, finding=finding, kind=kind, reason=reason[:5000],
                                 expires=expires, requested_by=actor)
        if finding.severity not in SECOND_APPROVAL_SEVERITIES:
            acceptance = crud.update(actor=actor, instance=acceptance, decision=AcceptanceDecision.APPROVED,
                                     decided_at=timezone.now(), decision_note=SELF_APPROVED_NOTE)
            _apply(actor=actor, finding=finding, acceptance=acceptance, approver=actor)
        return acceptance


def decide_acceptance(*, actor, acceptance: RiskAcceptance, approve: bool, note: str = "",
                      today: dt.date | None = None) -> RiskAcceptance:
    """The second person approves (the finding becomes an accepted risk or exception until the
    expiry) or rejects (with a note; the finding stays open)."""
    today = today or timezone.localdate()
    note = (note or "").strip()
    with transaction.atomic():
        acceptance = RiskAcceptance.objects.select_for_update().select_related("finding").get(pk=acceptance.pk)
        errors = {}
        if acceptance.decision != AcceptanceDecision.PENDING:
            errors["decision"] = f"this request was already {acceptance.get_decision_display().lower()}"
        elif not _may_review(actor):
            errors["approver"] = "the approver must be a security analyst or administrator"
        elif acceptance.requested_by_id is not None and actor.pk == acceptance.requested_by_id:
            errors["approver"] = "a second person must decide: you asked for this acceptance"
        elif not approve and not note:
            errors["decision_note"] = "say why the request is rejected"
        elif approve and acceptance.expires <= today:
            errors["expires"] = f"the requested expiry {acceptance.expires:%Y-%m-%d} has passed; ask again"
        if errors:
            raise ValidationError(errors)
        finding = Finding.objects.select_for_update().get(pk=acceptance.finding_id)
        if approve and finding.status not in OPEN_STATUSES:
            raise ValidationError({"status": f"finding {finding.pk} is {finding.get_status_display().lower()}"})
        acceptance = crud.update(actor=actor, instance=acceptance, decided_by=actor, decided_at=timezone.now(),
                                 decision=AcceptanceDecision.APPROVED if approve else AcceptanceDecision.REJECTED,
                                 decision_note=note[:5000])
        if approve:
            _apply(actor=actor, finding=finding, acceptance=acceptance, approver=actor)
        return acceptance


def _apply(*, actor, finding: Finding, acceptance: RiskAcceptance, approver) -> Finding:
    return crud.update(actor=actor, instance=finding, status=acceptance.kind, acceptance_approver=approver,
                       acceptance_reason=acceptance.reason, acceptance_expires=acceptance.expires)
