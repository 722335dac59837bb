"""The supplier portal for respondent accounts: their supplier's assessments and findings only."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.security.selectors import workflow as select
from steadfast.security.views import workflow_answering as answering
from steadfast.security.views import workflow_respond as respond


def _context(request, assessment_id: int) -> answering.Answering:
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    args = [assessment.pk]
    return answering.Answering(
        actor=request.user, assessment=assessment,
        page_url=reverse("security:portal_assessment", args=args), save_url=reverse("security:portal_save", args=args),
        questions_url=reverse("security:portal_questions", args=args),
        evidence_url=reverse("security:portal_evidence", args=args), xlsx_url=reverse("security:portal_xlsx", args=args),
        xlsx_upload_url=reverse("security:portal_xlsx_upload", args=args),
        evidence_file_url=lambda pk: reverse("security:portal_evidence_file", args=[pk]),
        evidence_remove_url=lambda pk: reverse("security:portal_evidence_remove", args=[pk]),
        reply_url=reverse("security:portal_reply", args=args),
        may_edit=can(request.user, "security.portal", "change"),
    )


@policy_required("security.portal", "view")
def portal_home(request):
    assessments = select.with_progress(select.assessments(user=request.user).order_by("-created_at")[:200])
    findings = select.findings(user=request.user, open_only=True).order_by("due_date", "pk")[:200]
    return render(request, "security/workflow/portal.html", {
        "assessments": assessments, "findings": respond.with_urls(_responding(request), findings)})


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


@require_POST
@policy_required("security.portal", "change")
def evidence_remove(request, evidence_id: int):
    evidence = select.get_evidence(user=request.user, evidence_id=evidence_id)
    return answering.delete_evidence(request, _context(request, evidence.assessment_id), evidence)


@require_POST
@policy_required("security.portal", "change")
def reply(request, assessment_id: int):
    return answering.post_reply(request, _context(request, assessment_id))


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


def _responding(request) -> respond.Responding:
    return respond.Responding(
        actor=request.user, finding_url=lambda pk: reverse("security:portal_finding", args=[pk]),
        plan_url=lambda pk: reverse("security:portal_finding_plan", args=[pk]),
        evidence_url=lambda pk: reverse("security:portal_finding_evidence", args=[pk]),
        evidence_file_url=lambda pk: reverse("security:portal_evidence_file", args=[pk]),
        back_url=reverse("security:portal"),
    )


@policy_required("security.portal", "view")
def finding_page(request, finding_id: int):
    return respond.render_finding(request, _responding(request), select.get_finding(user=request.user,
                                                                                    finding_id=finding_id))


@require_POST
@policy_required("security.portal", "change")
def finding_plan(request, finding_id: int):
    return respond.save_plan(request, _responding(request), select.get_finding(user=request.user, finding_id=finding_id))


@require_POST
@policy_required("security.portal", "change")
def finding_evidence(request, finding_id: int):
    return respond.upload_evidence(request, _responding(request),
                                   select.get_finding(user=request.user, finding_id=finding_id))
