"""Findings for analysts: list (filters, overdue), detail, verify-and-close, accept the risk."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.security.models.findings import (
    SECOND_APPROVAL_SEVERITIES,
    FindingSource,
    FindingStatus,
    Severity,
)
from steadfast.security.selectors import workflow as select
from steadfast.security.selectors.counts import describe_filter, finding_filter, finding_list
from steadfast.security.selectors.finding_history import finding_history, pending_acceptance
from steadfast.security.services.acceptance import decide_acceptance, request_acceptance
from steadfast.security.services.remediation import close_finding
from steadfast.security.views.workflow_exports import tabular_response


def _filtered(request):
    return finding_list(user=request.user, params=request.GET)


@policy_required("security", "view")
def finding_list_page(request):
    qs = _filtered(request).order_by("due_date", "pk")
    return render(request, "security/workflow/findings.html", {
        "findings": qs[:500], "count": qs.count(), "statuses": FindingStatus.choices, "severities": Severity.choices,
        "sources": FindingSource.choices, "query": request.GET, "filter_words": describe_filter(request.GET),
        "open_checked": finding_filter(request.GET)["open_only"], "overdue_checked": finding_filter(request.GET)["overdue"],
    })


@policy_required("security", "view")
def finding_export(request, fmt: str):
    headers = ["id", "supplier_ref", "supplier", "source", "severity", "status", "title", "cve", "due_date",
               "remediation_due", "created_at", "closed_at", "acceptance_expires"]
    rows = ([f.pk, f.supplier.ref, f.supplier.legal_name, f.source, f.severity, f.status, f.title, f.cve, f.due_date,
             f.remediation_due, f.created_at.isoformat(), f.closed_at and f.closed_at.isoformat(), f.acceptance_expires]
            for f in _filtered(request).order_by("pk").iterator(chunk_size=2000))
    return tabular_response(fmt, "findings", headers, rows)


def _detail(request, finding_id: int, *, errors=None, status=200):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    pending = pending_acceptance(finding=finding)
    can_review = can(request.user, "security.review", "change")
    return render(request, "security/workflow/finding.html", {
        "finding": finding, "evidence": select.finding_evidence(finding=finding), "errors": errors or {},
        "history": finding_history(finding=finding), "pending": pending, "can_review": can_review,
        "can_decide": can_review and pending is not None and pending.requested_by_id != request.user.pk,
        "needs_second_approval": finding.severity in SECOND_APPROVAL_SEVERITIES, "posted": request.POST,
        "acceptance_kinds": [(FindingStatus.RISK_ACCEPTED, "Accept the risk"), (FindingStatus.EXCEPTION, "Grant an exception")],
    }, status=status)


@policy_required("security", "view")
def finding_detail(request, finding_id: int):
    return _detail(request, finding_id)


@require_POST
@policy_required("security.review", "change")
def finding_close(request, finding_id: int):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    try:
        close_finding(actor=request.user, finding=finding, note=request.POST.get("note", ""))
    except ValidationError as exc:
        return _detail(request, finding_id, errors=exc.message_dict, status=422)
    messages.success(request, "Verified and closed.")
    return redirect("security:finding", finding_id)


@require_POST
@policy_required("security.review", "change")
def finding_accept_risk(request, finding_id: int):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    try:
        expires = parse_date(request.POST.get("expires", "") or "")
    except ValueError:
        return _detail(request, finding_id, errors={"expires": ["not a date (YYYY-MM-DD)"]}, status=422)
    try:
        acceptance = request_acceptance(actor=request.user, finding=finding, reason=request.POST.get("reason", ""),
                                        kind=request.POST.get("kind", FindingStatus.RISK_ACCEPTED), expires=expires)
    except ValidationError as exc:
        return _detail(request, finding_id, errors=exc.message_dict, status=422)
    if acceptance.decision == acceptance.Decision.PENDING:
        messages.success(request, "Asked for approval: a second analyst or administrator must approve it.")
    else:
        messages.success(request, "Risk acceptance recorded.")
    return redirect("security:finding", finding_id)


@require_POST
@policy_required("security.review", "change")
def finding_acceptance_decide(request, finding_id: int):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    pending = pending_acceptance(finding=finding)
    if pending is None:
        return _detail(request, finding_id, errors={"decision": ["no request is waiting for approval"]}, status=422)
    approve = request.POST.get("decision") == "approve"
    try:
        decide_acceptance(actor=request.user, acceptance=pending, approve=approve, note=request.POST.get("note", ""))
    except ValidationError as exc:
        return _detail(request, finding_id, errors=exc.message_dict, status=422)
    messages.success(request, "Acceptance approved." if approve else "Acceptance rejected; the finding stays open.")
    return redirect("security:finding", finding_id)
