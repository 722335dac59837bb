"""Reads of the per-question comment threads and evidence of an assessment already read in scope
(selectors.workflow.get_assessment: a respondent reaches only its supplier's assessments, a link
visitor only its link's assessment, a customer none)."""

from __future__ import annotations

from collections.abc import Iterable

from steadfast.security.models import AnswerComment, Assessment
from steadfast.security.selectors.workflow import SheetRow, answer_sheet


def threads(*, assessment: Assessment) -> dict[int, list[AnswerComment]]:
    """question id → its comments, oldest first (one query)."""
    found: dict[int, list[AnswerComment]] = {}
    for comment in AnswerComment.objects.filter(assessment=assessment).order_by("created_at", "pk"):
        found.setdefault(comment.question_id, []).append(comment)
    return found


def is_open_request(row: SheetRow, thread: list[AnswerComment]) -> bool:
    """The reviewer asked last and the supplier has neither replied, nor changed the answer, nor
    attached a file since."""
    if not thread or thread[-1].side != AnswerComment.Side.REVIEWER:
        return False
    asked = thread[-1].created_at
    if row.answer is not None and row.answer.updated_at > asked:
        return False
    return not any(item.created_at > asked for item in row.evidence)


def with_threads(rows: Iterable[SheetRow], *, assessment: Assessment) -> list[SheetRow]:
    """The answer sheet's rows, each with `thread` (its comments) and `open_request`."""
    found = threads(assessment=assessment)
    rows = list(rows)
    for row in rows:
        row.thread = found.get(row.question.pk, [])
        row.open_request = is_open_request(row, row.thread)
    return rows


def sheet_with_threads(*, assessment: Assessment, overrides=None, errors=None) -> list[SheetRow]:
    """Every question with its answer, evidence, thread and open request (four queries)."""
    return with_threads(answer_sheet(assessment=assessment, overrides=overrides, errors=errors),
                        assessment=assessment)


def open_request_codes(rows: Iterable[SheetRow]) -> list[str]:
    """The codes of shown questions with an open request, in questionnaire order."""
    return [row.question.code for row in rows if row.visible and getattr(row, "open_request", False)]
