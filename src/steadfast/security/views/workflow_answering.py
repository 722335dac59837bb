"""Answering an assessment, shared by respondent accounts (workflow_portal) and magic-link visitors
(workflow_guest): the two differ only in who the actor is and which URLs the page posts to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render

from steadfast.security.models import Assessment, Evidence
from steadfast.security.models.questionnaires import AnswerType
from steadfast.security.selectors.answer_threads import sheet_with_threads
from steadfast.security.selectors.workflow import progress, question_of, questions_of
from steadfast.security.services import answer_threads
from steadfast.security.services.portal import (
    EDITABLE_STATUSES,
    EVIDENCE_TYPES,
    add_evidence,
    evidence_max_bytes,
    parse_value,
    remove_evidence,
    save_answers,
    submit_assessment,
)
from steadfast.security.services.portal_offline import (
    OfflineUploadError,
    export_questionnaire_xlsx,
    import_answers_xlsx,
)

YES_NO_OPTIONS = [("yes", "Yes"), ("partial", "Partially"), ("no", "No"), ("na", "Not applicable")]


@dataclass
class Answering:
    actor: Any
    assessment: Assessment
    page_url: str
    save_url: str
    questions_url: str
    evidence_url: str
    xlsx_url: str
    xlsx_upload_url: str
    evidence_file_url: Callable[[int], str]
    evidence_remove_url: Callable[[int], str]
    reply_url: str
    guest: bool = False
    may_edit: bool = True  # False for roles that may look at the portal but not answer (the policy)


def posted_values(request, assessment: Assessment) -> tuple[dict[int, Any], dict[int, str]]:
    """Form fields q-<id> (answers) and c-<id> (comments) as submitted; absent fields are left alone."""
    values: dict[int, Any] = {}
    comments: dict[int, str] = {}
    for question in questions_of(assessment=assessment).only("pk", "answer_type"):
        key = f"q-{question.pk}"
        if question.answer_type == AnswerType.MULTIPLE_CHOICE:
            if key in request.POST or f"{key}-present" in request.POST:
                values[question.pk] = request.POST.getlist(key)
        elif key in request.POST:
            values[question.pk] = request.POST[key]
        if f"c-{question.pk}" in request.POST:
            comments[question.pk] = request.POST[f"c-{question.pk}"]
    return values, comments


def _lenient(assessment: Assessment, raw: dict[int, Any]) -> dict[int, Any]:
    """Parsed values for deciding visibility while editing; unparseable ones count as unanswered."""
    out = {}
    questions = {q.pk: q for q in questions_of(assessment=assessment, ids=raw)}
    for qid, value in raw.items():
        try:
            out[qid] = parse_value(questions[qid], value) if questions[qid].answer_type != AnswerType.EVIDENCE_FILE else None
        except (ValueError, KeyError):
            out[qid] = None
    return out


def _rows(ctx: Answering, *, overrides=None, errors=None):
    """The sheet with threads, each file with its download and removal addresses."""
    rows = sheet_with_threads(assessment=ctx.assessment, overrides=overrides, errors=errors)
    for row in rows:
        for item in row.evidence:
            item.url = ctx.evidence_file_url(item.pk)
            item.remove_url = ctx.evidence_remove_url(item.pk)
    return rows


def _page_context(ctx: Answering) -> dict[str, Any]:
    return {"ctx": ctx, "yes_no": YES_NO_OPTIONS, "evidence_accept": ",".join(sorted(EVIDENCE_TYPES)),
            "max_mb": evidence_max_bytes() // (1024 * 1024)}


def render_page(request, ctx: Answering, *, errors: dict[str, str] | None = None,
                overrides: dict[int, Any] | None = None, status: int = 200, **extra) -> HttpResponse:
    assessment = ctx.assessment
    rows = _rows(ctx, overrides=overrides, errors=errors)
    return render(request, "security/workflow/answer.html", {
        **_page_context(ctx), "assessment": assessment, "rows": rows, "errors": errors or {},
        "editable": assessment.status in EDITABLE_STATUSES and not assessment.locked and ctx.may_edit,
        "progress": progress(assessment=assessment), **extra,
    }, status=status)


def questions_partial(request, ctx: Answering) -> HttpResponse:
    """htmx: the question list re-rendered for the answers being edited (conditional questions)."""
    values, _ = posted_values(request, ctx.assessment)
    rows = _rows(ctx, overrides=_lenient(ctx.assessment, values))
    return render(request, "security/workflow/_questions.html", {**_page_context(ctx), "rows": rows, "editable": True})


def save(request, ctx: Answering) -> HttpResponse:
    values, comments = posted_values(request, ctx.assessment)
    submitting = request.POST.get("action") == "submit"
    try:
        save_answers(actor=ctx.actor, assessment=ctx.assessment, raw_values=values, comments=comments)
        if submitting:
            submit_assessment(actor=ctx.actor, assessment=ctx.assessment)
    except ValidationError as exc:
        ctx.assessment.refresh_from_db()
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": " ".join(exc.messages)}
        errors = {k: " ".join(v) if isinstance(v, list) else v for k, v in errors.items()}
        return render_page(request, ctx, errors=errors, overrides=_lenient(ctx.assessment, values), status=422)
    messages.success(request, "Submitted for review. Thank you." if submitting else "Draft saved.")
    return redirect(ctx.page_url)


def upload_evidence(request, ctx: Answering) -> HttpResponse:
    upload = request.FILES.get("file")
    question = None
    if request.POST.get("question"):
        question_id = request.POST["question"]
        question = question_of(assessment=ctx.assessment, question_id=int(question_id)) if question_id.isdigit() else None
        if question is None:
            return render_page(request, ctx, errors={"evidence": "no such question here"}, status=422)
    if upload is None:
        return render_page(request, ctx, errors={"evidence": "choose a file to upload"}, status=422)
    try:
        add_evidence(actor=ctx.actor, assessment=ctx.assessment, question=question, name=upload.name,
                     data=upload.read(evidence_max_bytes() + 1))
    except ValidationError as exc:
        ctx.assessment.refresh_from_db()
        key = question.code if question else "evidence"
        return render_page(request, ctx, errors={key: " ".join(exc.messages)}, status=422)
    messages.success(request, f"{upload.name} attached.")
    return redirect(_at_question(ctx, question))


def _at_question(ctx: Answering, question) -> str:
    return f"{ctx.page_url}#question-{question.code}" if question is not None else ctx.page_url


def post_reply(request, ctx: Answering) -> HttpResponse:
    """The supplier's reply on one question's thread (form fields: question, text)."""
    question_id = request.POST.get("question", "")
    question = question_of(assessment=ctx.assessment, question_id=int(question_id)) if question_id.isdigit() else None
    if question is None:
        return render_page(request, ctx, errors={"reply": "no such question here"}, status=422)
    try:
        answer_threads.reply(actor=ctx.actor, assessment=ctx.assessment, question=question,
                             text=request.POST.get("text"))
    except ValidationError as exc:
        ctx.assessment.refresh_from_db()
        return render_page(request, ctx, errors={question.code: " ".join(exc.messages)}, status=422)
    messages.success(request, f"Reply on {question.code} sent to the reviewer.")
    return redirect(_at_question(ctx, question))


def delete_evidence(request, ctx: Answering, evidence: Evidence) -> HttpResponse:
    """Remove one of the assessment's files (the evidence was read in the visitor's scope)."""
    try:
        remove_evidence(actor=ctx.actor, evidence=evidence)
    except ValidationError as exc:
        ctx.assessment.refresh_from_db()
        return render_page(request, ctx, errors={"evidence": " ".join(exc.messages)}, status=422)
    messages.success(request, f"{evidence.original_name} removed.")
    return redirect(_at_question(ctx, evidence.question))


def serve_evidence(evidence: Evidence) -> FileResponse:
    response = FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def offline_download(ctx: Answering) -> HttpResponse:
    response = HttpResponse(export_questionnaire_xlsx(assessment=ctx.assessment),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="assessment-{ctx.assessment.pk}.xlsx"'
    return response


def offline_upload(request, ctx: Answering) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        return render_page(request, ctx, errors={"offline": "choose the filled workbook to upload"}, status=422)
    try:
        changed = import_answers_xlsx(actor=ctx.actor, assessment=ctx.assessment, data=upload.read(6 * 1024 * 1024),
                                      filename=upload.name)
    except OfflineUploadError as exc:
        return render_page(request, ctx, status=422, offline_errors=exc.row_errors,
                           errors={"offline": "Nothing was saved; fix these rows and upload again."})
    except ValidationError as exc:
        return render_page(request, ctx, errors={"offline": " ".join(exc.messages)}, status=422)
    messages.success(request, f"Workbook read: {changed} answers changed.")
    return redirect(ctx.page_url)
