"""The supplier portal for respondent accounts: their supplier's assessments and findings only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.security.selectors import workflow as select
from steadfast.security.services.remediation import add_remediation_evidence, plan_remediation
from steadfast.security.views import workflow_answering as answering


def _context(request, assessment_id: int) -> answering.Answering:
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    args = [assessment.pk]
    return answering.Answering(
        actor=request.user, assessment=assessment,
        page_url=reverse("security:portal-assessment", args=args), save_url=reverse("security:portal-save", args=args),
        questions_url=reverse("security:portal-questions", args=args),
        evidence_url=reverse("security:portal-evidence", args=args), xlsx_url=reverse("security:portal-xlsx", args=args),
        xlsx_upload_url=reverse("security:portal-xlsx-upload", args=args),
        evidence_file_url=lambda pk: reverse("security:portal-evidence-file", args=[pk]),
    )


@policy_required("security.portal", "view")
def portal_home(request):
    assessments = select.assessments(user=request.user).order_by("-created_at")[:200]
    findings = select.findings(user=request.user, open_only=True).order_by("due_date", "pk")[:200]
    return render(request, "security/workflow/portal.html", {"assessments": assessments, "findings": findings})


@policy_required("security.portal", "view")
def assessment_page(request, assessment_id: int):
    return answering.render_page(request, _context(request, assessment_id))


@require_POST
@policy_required("security.portal", "change")
def assessment_save(request, assessment_id: int):
    return answering.save(request, _context(request, assessment_id))


@require_POST
@policy_required("security.portal", "view")
def assessment_questions(request, assessment_id: int):
    return answering.questions_partial(request, _context(request, assessment_id))


@require_POST
@policy_required("security.portal", "change")
def evidence_upload(request, assessment_id: int):
    return answering.upload_evidence(request, _context(request, assessment_id))


@policy_required("security.portal", "view")
def offline_download(request, assessment_id: int):
    return answering.offline_download(_context(request, assessment_id))


@require_POST
@policy_required("security.portal", "change")
def offline_upload(request, assessment_id: int):
    return answering.offline_upload(request, _context(request, assessment_id))


@policy_required("security.portal", "view")
def evidence_download(request, evidence_id: int):
    return answering.serve_evidence(select.get_evidence(user=request.user, evidence_id=evidence_id))


@policy_required("security.portal", "view")
def finding_page(request, finding_id: int, errors=None, status=200):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    return render(request, "security/workflow/portal_finding.html", {
        "finding": finding, "evidence": select.finding_evidence(finding=finding), "errors": errors or {},
    }, status=status)


@require_POST
@policy_required("security.portal", "change")
def finding_plan(request, finding_id: int):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    due = parse_date(request.POST.get("remediation_due", "") or "") if request.POST.get("remediation_due") else None
    try:
        if request.POST.get("remediation_due") and due is None:
            raise ValidationError({"remediation_due": "not a date (YYYY-MM-DD)"})
        plan_remediation(actor=request.user, finding=finding, plan=request.POST.get("remediation_plan", ""), due=due)
    except ValidationError as exc:
        return finding_page.__wrapped__(request, finding_id, errors=exc.message_dict, status=422)
    messages.success(request, "Remediation plan recorded.")
    return redirect("security:portal-finding", finding_id)


@require_POST
@policy_required("security.portal", "change")
def finding_evidence(request, finding_id: int):
    finding = select.get_finding(user=request.user, finding_id=finding_id)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationError({"file": "choose a file to upload"})
        add_remediation_evidence(actor=request.user, finding=finding, name=upload.name,
                                 data=upload.read(answering.evidence_max_bytes() + 1))
    except ValidationError as exc:
        return finding_page.__wrapped__(request, finding_id, errors=exc.message_dict, status=422)
    messages.success(request, f"{upload.name} attached.")
    return redirect("security:portal-finding", finding_id)
