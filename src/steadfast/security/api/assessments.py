"""/security/assessments: list and read, answer and submit (the supplier's side), return and accept
(the reviewer's), and each one as an OSCAL assessment-results document."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Schema, Status
from ninja.errors import HttpError

from steadfast.core.api.schemas import ListQuery, Page, StrictSchema, order, ordered, paginate
from steadfast.security.api.base import PORTAL_CHANGE, PORTAL_VIEW, REVIEW, VIEW, WORKFLOW, router
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.selectors import workflow as select
from steadfast.security.selectors.answer_threads import sheet_with_threads
from steadfast.security.selectors.export import exportable_assessments
from steadfast.security.services import answer_threads, portal, review
from steadfast.security.services.oscal.export import export_assessment_results


class AssessmentOut(Schema):
    id: int
    round: int
    supplier_id: int
    template_id: int
    campaign_id: int | None
    status: str
    due_date: dt.date | None
    score: float | None
    inherent_score: float | None
    residual_risk: float | None
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    locked: bool


class AssessmentQuery(ListQuery):
    status: AssessmentStatus | None = None
    campaign_id: int | None = None
    supplier_id: int | None = None


# Bodies of object routes keep their fields optional so that an object outside the caller's scope
# answers 404 before the body is judged; the services then name what is missing.
class AnswersIn(StrictSchema):
    answers: dict[str, Any] = Field(default_factory=dict, description="question code → value")
    comments: dict[str, str] = Field(default_factory=dict)


class SavedOut(Schema):
    changed: int


class ReturnIn(StrictSchema):
    comments: dict[str, str] = Field(..., description="question code → what to change")
    note: str = ""


class EvidenceOut(Schema):
    id: int
    name: str = Field(..., alias="original_name")
    size: int = Field(..., description="bytes")
    content_type: str
    sha256: str
    uploaded_by: str = Field(..., alias="uploaded_by_label")
    uploaded_at: dt.datetime = Field(..., alias="created_at")


class CommentOut(Schema):
    id: int
    side: str = Field(..., description="reviewer or supplier")
    round: int
    author: str = Field(..., alias="author_label")
    text: str
    created_at: dt.datetime


class AnswerOut(Schema):
    question_id: int
    code: str
    visible: bool
    value: Any
    comment: str
    evidence: list[EvidenceOut]
    thread: list[CommentOut]
    open_request: bool = Field(..., description="the reviewer asked last; no reply, change or file since")


class AnswersOut(Schema):
    assessment_id: int
    round: int
    answers: list[AnswerOut]


class CommentIn(StrictSchema):
    question: str | None = Field(None, description="question code")
    text: str | None = Field(None, description="the reply, up to 5,000 characters")


ASSESSMENT_ORDER = ("due_date", "created_at", "score", "residual_risk")


@router.get("/security/assessments", response=Page[AssessmentOut], auth=PORTAL_VIEW, tags=WORKFLOW)
def list_assessments(request, query: Query[ordered(AssessmentQuery, ASSESSMENT_ORDER)]):
    qs = select.assessments(user=request.user, status=query.status, campaign_id=query.campaign_id,
                            supplier_id=query.supplier_id)
    return paginate(order(qs, query.ordering, ASSESSMENT_ORDER, "-created_at"), query)


@router.get("/security/assessments/{assessment_id}", response=AssessmentOut, auth=PORTAL_VIEW, tags=WORKFLOW)
def get_assessment(request, assessment_id: int):
    return select.get_assessment(user=request.user, assessment_id=assessment_id)


def _by_code(assessment, mapping: dict[str, Any]) -> dict[int, Any]:
    """The body names questions by code; the services take their ids."""
    codes = {q.code: q.pk for q in portal.template_questions(assessment)}
    unknown = [code for code in mapping if code not in codes]
    if unknown:
        raise HttpError(422, f"question {unknown[0]!r} is not in this questionnaire")
    return {codes[code]: value for code, value in mapping.items()}


@router.post("/security/assessments/{assessment_id}/answers", response=SavedOut, auth=PORTAL_CHANGE, tags=WORKFLOW)
def save_answers(request, assessment_id: int, body: AnswersIn):
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    changed = portal.save_answers(actor=request.user, assessment=assessment,
                                  raw_values=_by_code(assessment, body.answers),
                                  comments=_by_code(assessment, body.comments))
    return {"changed": changed}


@router.get("/security/assessments/{assessment_id}/answers", response=AnswersOut, auth=PORTAL_VIEW, tags=WORKFLOW)
def answers(request, assessment_id: int):
    """Every question in template order with its answer, evidence files and comment thread (all rounds)."""
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    rows = sheet_with_threads(assessment=assessment)
    return {"assessment_id": assessment.pk, "round": assessment.round, "answers": [
        {"question_id": row.question.pk, "code": row.question.code, "visible": row.visible, "value": row.value,
         "comment": row.answer.comment if row.answer else "", "evidence": row.evidence, "thread": row.thread,
         "open_request": row.open_request} for row in rows]}


@router.post("/security/assessments/{assessment_id}/comments", response={201: CommentOut}, auth=PORTAL_CHANGE,
             tags=WORKFLOW)
def post_comment(request, assessment_id: int, body: CommentIn):
    """The supplier's reply on one question's thread, in the current round (while open for answers)."""
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    if not body.question:
        raise HttpError(422, "question: name the question (its code) you reply on")
    question = select.questions_of(assessment=assessment).filter(code=body.question).first()
    if question is None:
        raise HttpError(422, f"question: {body.question!r} is not in this questionnaire")
    return Status(201, answer_threads.reply(actor=request.user, assessment=assessment, question=question, text=body.text))


@router.post("/security/assessments/{assessment_id}/submit", response=AssessmentOut, auth=PORTAL_CHANGE, tags=WORKFLOW)
def submit(request, assessment_id: int):
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    return portal.submit_assessment(actor=request.user, assessment=assessment)


@router.post("/security/assessments/{assessment_id}/return", response=AssessmentOut, auth=REVIEW, tags=WORKFLOW)
def return_assessment(request, assessment_id: int, body: ReturnIn):
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    return review.return_assessment(actor=request.user, assessment=assessment,
                                    comments=_by_code(assessment, body.comments), note=body.note)


@router.post("/security/assessments/{assessment_id}/accept", response=AssessmentOut, auth=REVIEW, tags=WORKFLOW)
def accept(request, assessment_id: int):
    assessment = select.get_assessment(user=request.user, assessment_id=assessment_id)
    return review.accept_assessment(actor=request.user, assessment=assessment)


@router.get("/security/assessments/{assessment_id}/oscal", response=dict[str, Any], auth=VIEW)
def assessment_oscal(request, assessment_id: int):
    """The assessment as an OSCAL 1.2.3 assessment-results document."""
    assessment = get_object_or_404(exportable_assessments(user=request.user), pk=assessment_id)
    return export_assessment_results(assessment=assessment)
