"""Findings for analysts: list (filters, overdue), detail, verify-and-close, accept the risk."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.security.models.findings import FindingStatus, Severity
from steadfast.security.selectors import workflow as select
from steadfast.security.services.remediation import accept_risk, close_finding
from steadfast.security.views.workflow_exports import tabular_response


def _filtered(request):
    status = request.GET.get("status", "")
    severity = request.GET.get("severity", "")
    return select.findings(user=request.user, status=status if status in FindingStatus.values else None,
                           severity=severity if severity in Severity.values else None,
                           overdue=request.GET.get("overdue") == "1")


@policy_required("security", "view")
def finding_list(request):
    qs = _filtered(request).order_by("due_date", "pk")
    return render(request, "security/workflow/findings.html", {
        "findings": qs[:500], "count": qs.count(), "statuses": FindingStatus.choices, "severities": Severity.choices,
        "query": request.GET,
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
    return render(request, "security/workflow/finding.html", {
        "finding": finding, "evidence": select.finding_evidence(finding=finding), "errors": errors or {},
        "approvers": select.approvers(user=request.user),
        "acceptance_kinds": [(FindingStatus.RISK_ACCEPTED, "Risk accepted"), (FindingStatus.EXCEPTION, "Exception")],
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
    approver_id = request.POST.get("approver", "")
    approver = select.approver(user=request.user, approver_id=int(approver_id)) if approver_id.isdigit() else request.user
    try:
        accept_risk(actor=request.user, finding=finding, kind=request.POST.get("kind", FindingStatus.RISK_ACCEPTED),
                    approver=approver, reason=request.POST.get("reason", ""),
                    expires=parse_date(request.POST.get("expires", "") or ""))
    except (ValidationError, ValueError) as exc:
        errors = exc.message_dict if isinstance(exc, ValidationError) and hasattr(exc, "error_dict") \
            else {"expires": ["not a date (YYYY-MM-DD)"]}
        return _detail(request, finding_id, errors=errors, status=422)
    messages.success(request, "Risk acceptance recorded.")
    return redirect("security:finding", finding_id)
