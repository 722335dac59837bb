"""What a supplier respondent does with an assessment: answer (drafts), attach evidence, submit.

The actor is a user or, for a magic-link visitor, a `LinkVisitor` (see services/invitations.py);
either way each write is one transaction with one audit event.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.core.file_checks import FileStructureError, check_structure
from steadfast.core.models import User
from steadfast.core.services import crud
from steadfast.core.services.audit import record_event
from steadfast.security.models import Answer, Assessment, Evidence, Question, SupplierRiskProfile
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.models.questionnaires import AnswerType
from steadfast.security.services import scoring

EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.INVITED, AssessmentStatus.IN_PROGRESS,
                     AssessmentStatus.RETURNED)
YES_NO_VALUES = ("yes", "no", "partial", "na")
# Evidence: a short list of document and image types, checked by extension and by content.
EVIDENCE_TYPES = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", ()),
    ".csv": ("text/csv", ()),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK\x03\x04",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK\x03\x04",)),
}
DEFAULT_EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


def evidence_max_bytes() -> int:
    return int(getattr(settings, "STEADFAST_EVIDENCE_MAX_BYTES", DEFAULT_EVIDENCE_MAX_BYTES))


def respondent_user(actor) -> User | None:
    """The account to record as author, when the actor has one (magic-link visitors do not)."""
    return actor if isinstance(actor, User) else None


def uploader_label(actor) -> str:
    """Who uploaded, as shown: a user's full name (or username), a link visitor's email."""
    if isinstance(actor, User):
        return (actor.get_full_name() or actor.get_username())[:255]
    return str(getattr(actor, "email", "") or "")[:255]


def ensure_editable(assessment: Assessment) -> None:
    if assessment.locked or assessment.status not in EDITABLE_STATUSES:
        raise ValidationError({"assessment": f"assessment {assessment.pk} is {assessment.get_status_display().lower()}"
                                             " and can no longer be changed"})


# --- questions, values and visibility -------------------------------------------------------------

def template_questions(assessment: Assessment) -> list[Question]:
    return list(Question.objects.filter(template_id=assessment.template_id).order_by("order"))


def choice_values(question: Question) -> list[str]:
    return [str(c.get("value", c.get("label")) if isinstance(c, dict) else c) for c in question.choices or []]


def parse_value(question: Question, raw: Any) -> Any:
    """Turn a submitted value (form text, list, or JSON value) into the stored form, or raise
    ValueError with the reason. Empty means unanswered (None)."""
    if raw is None or raw == "" or raw == []:
        return None
    kind = question.answer_type
    if kind == AnswerType.YES_NO_PARTIAL_NA:
        value = str(raw).strip().lower().replace("n/a", "na").replace("not applicable", "na")
        if value not in YES_NO_VALUES:
            raise ValueError(f"answer one of {', '.join(YES_NO_VALUES)}, not {raw!r}")
        return value
    if kind == AnswerType.SINGLE_CHOICE:
        value = str(raw).strip()
        if value not in choice_values(question):
            raise ValueError(f"choose one of {', '.join(choice_values(question))}, not {raw!r}")
        return value
    if kind == AnswerType.MULTIPLE_CHOICE:
        items = raw if isinstance(raw, list | tuple) else [part.strip() for part in str(raw).split(";")]
        items = [str(item).strip() for item in items if str(item).strip()]
        unknown = [item for item in items if item not in choice_values(question)]
        if unknown:
            raise ValueError(f"unknown choice {unknown[0]!r}; choose from {', '.join(choice_values(question))}")
        return items or None
    if kind == AnswerType.NUMBER:
        try:
            number = float(str(raw).strip())
        except ValueError:
            raise ValueError(f"{raw!r} is not a number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError(f"{raw!r} is not a finite number")
        return int(number) if number.is_integer() else number
    if kind == AnswerType.DATE:
        if isinstance(raw, dt.datetime):
            return raw.date().isoformat()
        if isinstance(raw, dt.date):
            return raw.isoformat()
        try:
            return dt.date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            raise ValueError(f"{raw!r} is not a date (YYYY-MM-DD)") from None
    if kind == AnswerType.EVIDENCE_FILE:
        raise ValueError("attach a file as evidence instead of typing an answer")
    text = str(raw).strip()
    if len(text) > 10000:
        raise ValueError("the text is longer than 10,000 characters")
    return text or None


def _condition_met(value: Any, wanted: Iterable[Any]) -> bool:
    wanted = [str(w).lower() for w in wanted]
    if isinstance(value, list):
        return any(str(v).lower() in wanted for v in value)
    return value is not None and str(value).lower() in wanted


def visible_question_ids(questions: list[Question], values: Mapping[int, Any]) -> set[int]:
    """A question is shown when it has no condition, or when the question it depends on is shown
    and answered with one of its condition values. Questions come in template order."""
    visible: set[int] = set()
    for question in questions:
        parent = question.condition_question_id
        if parent is None or (parent in visible and _condition_met(values.get(parent), question.condition_values)):
            visible.add(question.pk)
    return visible


def stored_values(assessment: Assessment) -> dict[int, Any]:
    return dict(Answer.objects.filter(assessment=assessment).values_list("question_id", "value"))


def evidence_question_ids(assessment: Assessment) -> set[int]:
    return set(Evidence.objects.filter(assessment=assessment, question__isnull=False)
               .values_list("question_id", flat=True))


# --- writes -------------------------------------------------------------------------------------

def save_answers(*, actor, assessment: Assessment, raw_values: Mapping[int, Any],
                 comments: Mapping[int, str] | None = None) -> int:
    """Save a draft: parse every submitted value of a question shown under the submitted answers;
    one bad value refuses the whole save with an error per question code. Returns answers changed."""
    comments = comments or {}
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        ensure_editable(assessment)
        questions = template_questions(assessment)
        by_id = {q.pk: q for q in questions}
        current = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
        merged = {qid: a.value for qid, a in current.items()}
        errors: dict[str, str] = {}
        parsed: dict[int, Any] = {}
        for qid, raw in raw_values.items():
            question = by_id.get(qid)
            if question is None:
                errors[f"question {qid}"] = "not a question of this questionnaire"
                continue
            if question.answer_type == AnswerType.EVIDENCE_FILE:
                continue
            try:
                parsed[qid] = parse_value(question, raw)
            except ValueError as exc:
                errors[question.code] = str(exc)
        merged.update(parsed)
        visible = visible_question_ids(questions, merged)
        errors = {code: msg for code, msg in errors.items()
                  if not any(q.code == code and q.pk not in visible for q in questions)}
        if errors:
            raise ValidationError(errors)
        author = respondent_user(actor)
        changes: dict[str, list[Any]] = {}
        for qid in set(parsed) | set(comments):
            if qid not in visible or qid not in by_id:
                continue  # a hidden question's value is ignored, never validated nor stored
            value = parsed.get(qid, current[qid].value if qid in current else None)
            comment = str(comments.get(qid, current[qid].comment if qid in current else ""))[:5000]
            answer = current.get(qid)
            if answer is None:
                if value is None and not comment:
                    continue
                Answer.objects.create(assessment=assessment, question_id=qid, value=value, comment=comment,
                                      answered_by=author)
                changes[by_id[qid].code] = [None, value]
            elif answer.value != value or answer.comment != comment:
                changes[by_id[qid].code] = [answer.value, value]
                answer.value, answer.comment, answer.answered_by = value, comment, author or answer.answered_by
                answer.save(update_fields=["value", "comment", "answered_by", "updated_at"])
        if changes:
            if assessment.status in (AssessmentStatus.DRAFT, AssessmentStatus.INVITED):
                assessment.status = AssessmentStatus.IN_PROGRESS
                assessment.save(update_fields=["status", "updated_at"])
            record_event(actor=actor, verb="answer", instance=assessment, changes=changes)
        return len(changes)


def missing_required(assessment: Assessment, questions: list[Question], values: Mapping[int, Any]) -> dict[str, str]:
    visible = visible_question_ids(questions, values)
    with_evidence = evidence_question_ids(assessment)
    missing = {}
    for question in questions:
        if not question.required or question.pk not in visible:
            continue
        if question.answer_type == AnswerType.EVIDENCE_FILE:
            if question.pk not in with_evidence:
                missing[question.code] = "attach at least one evidence file"
        elif values.get(question.pk) in (None, "", []):
            missing[question.code] = "this question is required"
    return missing


def assessment_score(assessment: Assessment, questions: list[Question], values: Mapping[int, Any]) -> scoring.Score:
    visible = visible_question_ids(questions, values)
    scored = [scoring.ScoredQuestion(q.pk, q.weight, q.pk in visible)
              for q in questions if q.answer_type == AnswerType.YES_NO_PARTIAL_NA]
    return scoring.coverage_score(scored, values)


def inherent_risk_of(supplier_id: int) -> float | None:
    return SupplierRiskProfile.objects.filter(supplier_id=supplier_id).values_list("inherent_score", flat=True).first()


def submit_assessment(*, actor, assessment: Assessment) -> Assessment:
    """Submit for review: every required shown question answered (errors listed per question code);
    the automatic score and residual risk are computed now."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        ensure_editable(assessment)
        questions = template_questions(assessment)
        values = stored_values(assessment)
        missing = missing_required(assessment, questions, values)
        if missing:
            raise ValidationError(missing)
        result = assessment_score(assessment, questions, values)
        inherent = inherent_risk_of(assessment.supplier_id)
        return crud.update(
            actor=actor, instance=assessment, status=AssessmentStatus.SUBMITTED, submitted_at=timezone.now(),
            score=result.score, inherent_score=inherent,
            residual_risk=scoring.residual_risk(inherent=inherent, score=result.score),
        )


def check_evidence_file(*, name: str, data: bytes) -> tuple[str, str]:
    """Refuse a file whose size or type is not allowed; returns (clean original name, content type)."""
    clean_name = PurePath(name.replace("\\", "/")).name[:200] or "evidence"
    suffix = PurePath(clean_name).suffix.lower()
    if not data:
        raise ValidationError({"file": f"{clean_name} is empty"})
    if len(data) > evidence_max_bytes():
        raise ValidationError({"file": f"{clean_name} is {len(data):,} bytes; the limit is {evidence_max_bytes():,}"})
    if suffix not in EVIDENCE_TYPES:
        raise ValidationError({"file": f"{clean_name}: type {suffix or '(none)'} is not accepted; "
                                       f"use one of {', '.join(sorted(EVIDENCE_TYPES))}"})
    content_type, signatures = EVIDENCE_TYPES[suffix]
    if signatures and not any(data.startswith(sig) for sig in signatures):
        raise ValidationError({"file": f"{clean_name} does not contain what its {suffix} name says"})
    if not signatures and b"\x00" in data[:4096]:
        raise ValidationError({"file": f"{clean_name} is not a text file"})
    try:
        check_structure(suffix, data)  # the whole file parses as its type, with no active content
    except FileStructureError as problem:
        raise ValidationError({"file": f"{clean_name}: {problem}"}) from None
    return clean_name, content_type or mimetypes.guess_type(clean_name)[0] or "application/octet-stream"


def store_evidence(*, actor, assessment: Assessment, question: Question | None, name: str, data: bytes) -> Evidence:
    """Store a file with its SHA-256 (the stored name is the digest, never the uploader's name)."""
    clean_name, content_type = check_evidence_file(name=name, data=data)
    if question is not None and question.template_id != assessment.template_id:
        raise ValidationError({"question": "not a question of this questionnaire"})
    digest = hashlib.sha256(data).hexdigest()
    if Evidence.objects.filter(assessment=assessment, question=question, sha256=digest).exists():
        raise ValidationError({"file": f"{clean_name} is already attached here"})
    try:
        with transaction.atomic():
            return crud.create(actor=actor, model=Evidence, validate=False, assessment=assessment, question=question,
                               file=ContentFile(data, name=digest), original_name=clean_name, size=len(data),
                               content_type=content_type, sha256=digest, uploaded_by=respondent_user(actor),
                               uploaded_by_label=uploader_label(actor))
    except IntegrityError:
        raise ValidationError({"file": f"{clean_name} is already attached here"}) from None


def add_evidence(*, actor, assessment: Assessment, question: Question | None, name: str, data: bytes) -> Evidence:
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        ensure_editable(assessment)
        evidence = store_evidence(actor=actor, assessment=assessment, question=question, name=name, data=data)
        if assessment.status in (AssessmentStatus.DRAFT, AssessmentStatus.INVITED):
            crud.update(actor=actor, instance=assessment, status=AssessmentStatus.IN_PROGRESS)
        return evidence


def remove_evidence(*, actor, evidence: Evidence) -> None:
    """The supplier takes a file back while the assessment is open for answers (not once it is
    submitted or accepted). The stored file goes once no other record names it."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=evidence.assessment_id)
        ensure_editable(assessment)
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
        stored_name = evidence.file.name
        crud.delete(actor=actor, instance=evidence)
        if not Evidence.objects.filter(file=stored_name).exists():
            storage = evidence.file.storage
            transaction.on_commit(lambda: storage.delete(stored_name))
