"""/security/findings: list and read; a remediation plan (the supplier), verify and close or
accept the risk (the reviewer)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from ninja import Field, Query, Schema

from steadfast.core.api.schemas import ListQuery, Page, StrictSchema, order, ordered, paginate
from steadfast.security.api.base import PORTAL_CHANGE, PORTAL_VIEW, REVIEW, WORKFLOW, router
from steadfast.security.models.findings import FindingSource, FindingStatus, Severity
from steadfast.security.selectors import workflow as select
from steadfast.security.selectors.finding_history import pending_acceptance
from steadfast.security.services import acceptance, remediation


class FindingOut(Schema):
    id: int
    supplier_id: int
    assessment_id: int | None
    source: str
    severity: str
    status: str
    title: str
    cve: str
    due_date: dt.date | None
    remediation_plan: str
    remediation_due: dt.date | None
    closed_at: dt.datetime | None
    closure_note: str
    acceptance_expires: dt.date | None


class FindingQuery(ListQuery):
    status: FindingStatus | None = None
    severity: Severity | None = None
    source: FindingSource | None = None
    supplier_id: int | None = None
    open: bool = Field(False, description="open or remediation planned (the pages' 'open findings')")
    overdue: bool = False


class PlanIn(StrictSchema):
    remediation_plan: str = Field("", max_length=10000)
    remediation_due: dt.date | None = None


class CloseIn(StrictSchema):
    note: str = Field(..., description="what was verified (required)")


class DecideIn(StrictSchema):
    note: str = Field("", description="required to reject")


class AcceptRiskIn(StrictSchema):
    kind: FindingStatus = FindingStatus.RISK_ACCEPTED
    reason: str
    expires: dt.date


FINDING_ORDER = ("due_date", "created_at", "severity")


@router.get("/security/findings", response=Page[FindingOut], auth=PORTAL_VIEW, tags=WORKFLOW)
def list_findings(request, query: Query[ordered(FindingQuery, FINDING_ORDER)]):
    qs = select.findings(user=request.user, status=query.status, severity=query.severity, source=query.source,
                         supplier_id=query.supplier_id, overdue=query.overdue, open_only=query.open)
    return paginate(order(qs, query.ordering, FINDING_ORDER, "due_date"), query)


@router.get("/security/findings/{finding_id}", response=FindingOut, auth=PORTAL_VIEW, tags=WORKFLOW)
def get_finding(request, finding_id: int):
    return select.get_finding(user=request.user, finding_id=finding_id)


@router.post("/security/findings/{finding_id}/plan", response=FindingOut, auth=PORTAL_CHANGE, tags=WORKFLOW)
def plan(request, finding_id: int, body: PlanIn):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    return remediation.plan_remediation(actor=request.user, finding=finding, plan=body.remediation_plan,
                                        due=body.remediation_due)


@router.post("/security/findings/{finding_id}/close", response=FindingOut, auth=REVIEW, tags=WORKFLOW)
def close(request, finding_id: int, body: CloseIn):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    return remediation.close_finding(actor=request.user, finding=finding, note=body.note)


@router.post("/security/findings/{finding_id}/accept-risk", response=FindingOut, auth=REVIEW, tags=WORKFLOW)
def accept_risk(request, finding_id: int, body: AcceptRiskIn):
    """Applied at once for a low or medium finding; a critical or high one stays open until a second
    reviewer approves (POST …/acceptance/approve)."""
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    acceptance.request_acceptance(actor=request.user, finding=finding, kind=body.kind, reason=body.reason,
                                  expires=body.expires)
    return select.get_finding(user=request.user, finding_id=finding_id)


def _decide(request, finding_id: int, body: DecideIn, *, approve: bool):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    pending = pending_acceptance(finding=finding)
    if pending is None:
        raise ValidationError({"decision": "no request is waiting for approval"})
    acceptance.decide_acceptance(actor=request.user, acceptance=pending, approve=approve, note=body.note)
    return select.get_finding(user=request.user, finding_id=finding_id)


@router.post("/security/findings/{finding_id}/acceptance/approve", response=FindingOut, auth=REVIEW, tags=WORKFLOW)
def approve_acceptance(request, finding_id: int, body: DecideIn):
    """A second reviewer (not the requester) approves the pending acceptance."""
    return _decide(request, finding_id, body, approve=True)


@router.post("/security/findings/{finding_id}/acceptance/reject", response=FindingOut, auth=REVIEW, tags=WORKFLOW)
def reject_acceptance(request, finding_id: int, body: DecideIn):
    return _decide(request, finding_id, body, approve=False)
