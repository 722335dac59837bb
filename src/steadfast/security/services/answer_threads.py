"""The comment thread on each question of an assessment, kept across rounds: the reviewer's requests
(written when the assessment is returned, see services/review.py) and the supplier's replies.

The actor is a user or, for a magic-link visitor, a `LinkVisitor`; each write is one transaction
with one audit event."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.core.validators import control_character
from steadfast.security.models import AnswerComment, Assessment, Question
from steadfast.security.services.portal import ensure_editable, respondent_user, uploader_label

MAX_TEXT = 5000


def author_label(actor) -> str:
    """How the author is shown: a user's full name (or username), a link visitor's email."""
    return uploader_label(actor) or "system"


def clean_text(text: str | None, *, field: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise ValidationError({field: "write a comment (it is empty)"})
    problem = control_character(cleaned, multiline=True)
    if problem:
        raise ValidationError({field: f"the comment {problem}"})
    if len(cleaned) > MAX_TEXT:
        raise ValidationError({field: f"the comment is {len(cleaned):,} characters; the limit is {MAX_TEXT:,}"})
    return cleaned


def reviewer_requests(*, actor, assessment: Assessment, comments: Mapping[int, str]) -> list[AnswerComment]:
    """The reviewer's comments of the current round, written inside the return's transaction (whose
    audit event names them): question id → text, already checked against the questionnaire."""
    label = author_label(actor)
    return AnswerComment.objects.bulk_create([
        AnswerComment(assessment=assessment, question_id=qid, side=AnswerComment.Side.REVIEWER,
                      round=assessment.round, author=respondent_user(actor), author_label=label, text=text)
        for qid, text in comments.items()])


def reply(*, actor, assessment: Assessment, question: Question | None, text: str | None) -> AnswerComment:
    """The supplier's reply on one question, in the round being answered (while the assessment is
    open for answers; not after submission)."""
    if question is None:
        raise ValidationError({"question": "name the question you reply on"})
    cleaned = clean_text(text, field=question.code)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        ensure_editable(assessment)
        if question.template_id != assessment.template_id:
            raise ValidationError({"question": f"{question.code} is not a question of this questionnaire"})
        return crud.create(actor=actor, model=AnswerComment, validate=False, assessment=assessment,
                           question=question, side=AnswerComment.Side.SUPPLIER, round=assessment.round,
                           author=respondent_user(actor), author_label=author_label(actor), text=cleaned)
