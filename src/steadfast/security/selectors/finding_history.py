"""A finding's history for people: who did what, when and why, from the audit trail of the finding
and of its risk-acceptance requests; and the request waiting for a second person, if any."""

from __future__ import annotations

from django.db.models import Q

from steadfast.core.models import AuditEvent
from steadfast.security.models import Finding, RiskAcceptance
from steadfast.security.models.findings import AcceptanceDecision, FindingStatus

KIND_LABELS = {FindingStatus.RISK_ACCEPTED.value: "accept the risk", FindingStatus.EXCEPTION.value: "grant an exception"}
# Finding fields whose new value says why a status changed.
WHY_FIELDS = ("closure_note", "acceptance_reason", "remediation_plan")


def pending_acceptance(*, finding: Finding) -> RiskAcceptance | None:
    """The request waiting for approval (the finding must already be in the user's scope)."""
    return (RiskAcceptance.objects.filter(finding=finding, decision=AcceptanceDecision.PENDING)
            .select_related("requested_by").first())


def _status_label(value) -> str:
    return FindingStatus(value).label if value in FindingStatus.values else str(value or "—")


def _finding_entry(event: AuditEvent) -> dict | None:
    changes = event.changes or {}
    if event.verb == "create":
        return {"what": "Raised", "why": ""}
    if "status" in changes:
        before, after = changes["status"]
        why = next((changes[f][1] for f in WHY_FIELDS if f in changes and changes[f][1]), "")
        return {"what": f"{_status_label(before)} → {_status_label(after)}", "why": why}
    if "remediation_plan" in changes or "remediation_due" in changes:
        return {"what": "Remediation plan changed", "why": (changes.get("remediation_plan") or [None, ""])[1]}
    if "due_date" in changes:
        return {"what": f"Due date {changes['due_date'][0] or '—'} → {changes['due_date'][1] or '—'}", "why": ""}
    return None  # bookkeeping (reminder dates) is not history people need


def _acceptance_entry(event: AuditEvent) -> dict | None:
    changes = event.changes or {}
    if event.verb == "create":
        kind = KIND_LABELS.get((changes.get("kind") or [None, ""])[1], "accept the risk")
        expires = (changes.get("expires") or [None, ""])[1]
        return {"what": f"Asked to {kind} until {expires}", "why": (changes.get("reason") or [None, ""])[1]}
    if "decision" in changes:
        decision = changes["decision"][1]
        label = AcceptanceDecision(decision).label if decision in AcceptanceDecision.values else decision
        return {"what": f"Acceptance {label.lower()}", "why": (changes.get("decision_note") or [None, ""])[1]}
    return None


def finding_history(*, finding: Finding) -> list[dict]:
    """Oldest first: {"when", "who", "what", "why"}. Two queries."""
    acceptance_ids = [str(pk) for pk in RiskAcceptance.objects.filter(finding=finding).values_list("pk", flat=True)]
    events = AuditEvent.objects.filter(
        Q(object_type="security.finding", object_id=str(finding.pk))
        | Q(object_type="security.riskacceptance", object_id__in=acceptance_ids)).order_by("seq")
    history = []
    for event in events:
        entry = (_finding_entry if event.object_type == "security.finding" else _acceptance_entry)(event)
        if entry is not None:
            history.append({"when": event.occurred_at, "who": event.actor_label, **entry})
    return history
