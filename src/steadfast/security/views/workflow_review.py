"""The analyst's review: the queue of submitted assessments, one assessment with its answers,
evidence, score and history, and the return / accept actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.security.selectors import workflow as select
from steadfast.security.selectors.answer_threads import open_request_codes, sheet_with_threads
from steadfast.security.services.portal import assessment_score, stored_values, template_questions
from steadfast.security.services.review import accept_assessment, return_assessment
from steadfast.security.services.scoring import residual_risk


@policy_required("security.review", "view")
def review_queue(request):
    return render(request, "security/workflow/review_queue.html",
                  {"assessments": select.review_queue(user=request.user)[:500]})


def _detail(request, assessment_id: int, *, errors=None, status=200):
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    rows = sheet_with_threads(assessment=assessment)
    for row in rows:
        for item in row.evidence:
            item.url = reverse("security:portal_evidence_file", args=[item.pk])
    questions = template_questions(assessment)
    values = stored_values(assessment)
    score = assessment_score(assessment, questions, values)
    preview_residual = residual_risk(inherent=assessment.inherent_score, score=score.score)
    return render(request, "security/workflow/review.html", {
        "assessment": assessment, "rows": rows, "score": score, "preview_residual": preview_residual,
        "open_requests": open_request_codes(rows),
        "history": select.status_changes(assessment=assessment), "errors": errors or {},
        "findings": assessment.findings.order_by("due_date", "pk") if assessment.status == "accepted" else [],
    }, status=status)


@policy_required("security.review", "view")
def review_detail(request, assessment_id: int):
    return _detail(request, assessment_id)


@require_POST
@policy_required("security.review", "change")
def review_return(request, assessment_id: int):
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    comments = {int(key[8:]): value for key, value in request.POST.items()
                if key.startswith("comment-") and key[8:].isdigit()}
    try:
        return_assessment(actor=request.user, assessment=assessment, comments=comments,
                          note=request.POST.get("note", ""))
    except ValidationError as exc:
        return _detail(request, assessment_id, errors=exc.message_dict, status=422)
    messages.success(request, "Returned to the supplier with your comments.")
    return redirect("security:review_queue")


@require_POST
@policy_required("security.review", "change")
def review_accept(request, assessment_id: int):
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    try:
        assessment = accept_assessment(actor=request.user, assessment=assessment)
    except ValidationError as exc:
        return _detail(request, assessment_id, errors=exc.message_dict, status=422)
    raised = assessment.findings.count()
    messages.success(request, f"Accepted and locked; {raised} finding{'s' if raised != 1 else ''} raised.")
    return redirect("security:review", assessment.pk)
