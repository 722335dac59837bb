"""The offline round trip: download the questionnaire as XLSX, fill it in, upload it back.

The upload is all-or-nothing: any bad row refuses the whole file with one error per row naming the
row number, the question id and the reason.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from steadfast.security.models import Assessment
from steadfast.security.models.questionnaires import AnswerType
from steadfast.security.services.portal import (
    YES_NO_VALUES,
    choice_values,
    ensure_editable,
    parse_value,
    save_answers,
    stored_values,
    template_questions,
    visible_question_ids,
)

SHEET = "Questionnaire"
HEADERS = ["Question ID", "Section", "Question", "Answer type", "Allowed answers", "Required", "Shown when",
           "Answer", "Comment"]
ANSWER_COL, COMMENT_COL = HEADERS.index("Answer") + 1, HEADERS.index("Comment") + 1
MAX_XLSX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000


@dataclass(frozen=True)
class RowError:
    row: int
    question: str
    reason: str

    def __str__(self) -> str:
        return f"row {self.row}, question {self.question or '—'}: {self.reason}"


class OfflineUploadError(ValidationError):
    def __init__(self, errors: list[RowError]):
        self.row_errors = errors
        super().__init__([str(e) for e in errors])


def _allowed(question) -> str:
    if question.answer_type == AnswerType.YES_NO_PARTIAL_NA:
        return " / ".join(YES_NO_VALUES)
    if question.answer_type == AnswerType.SINGLE_CHOICE:
        return " / ".join(choice_values(question))
    if question.answer_type == AnswerType.MULTIPLE_CHOICE:
        return "; ".join(choice_values(question)) + " (separate several with ;)"
    return {AnswerType.NUMBER: "a number", AnswerType.DATE: "a date YYYY-MM-DD", AnswerType.TEXT: "text",
            AnswerType.EVIDENCE_FILE: "upload the file in the portal"}.get(question.answer_type, "")


def export_questionnaire_xlsx(*, assessment: Assessment) -> bytes:
    questions = template_questions(assessment)
    values = stored_values(assessment)
    comments = dict(assessment.answers.values_list("question_id", "comment"))
    by_id = {q.pk: q for q in questions}
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    yes_no = DataValidation(type="list", formula1=f'"{",".join(YES_NO_VALUES)}"', allow_blank=True)
    sheet.add_data_validation(yes_no)
    answer_fill = PatternFill("solid", fgColor="FFF7D6")
    for row, question in enumerate(questions, start=2):
        value = values.get(question.pk)
        shown_when = ""
        if question.condition_question_id:
            parent = by_id.get(question.condition_question_id)
            shown_when = f"{parent.code if parent else '?'} is {' or '.join(map(str, question.condition_values))}"
        sheet.append([
            question.code, question.section, question.text, question.get_answer_type_display(), _allowed(question),
            "yes" if question.required else "no", shown_when,
            "; ".join(value) if isinstance(value, list) else value, comments.get(question.pk, ""),
        ])
        sheet.cell(row=row, column=ANSWER_COL).fill = answer_fill
        if question.answer_type == AnswerType.YES_NO_PARTIAL_NA:
            yes_no.add(sheet.cell(row=row, column=ANSWER_COL))
    for column, width in zip("ABCDEFGHI", (12, 18, 70, 18, 30, 9, 22, 24, 40), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("How to fill")
    for line in (f"Assessment {assessment.pk} of {assessment.supplier}.",
                 "Fill the Answer (and optionally Comment) column only; keep the Question ID column as it is.",
                 "Questions with a 'Shown when' condition are needed only when that condition holds.",
                 "Evidence files are uploaded in the portal, not in this workbook.",
                 "Upload the file back in the portal: if any row is wrong, nothing is saved and each wrong row is listed."):
        notes.append([line])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell_text(value) -> object:
    if isinstance(value, str):
        return value.strip()
    return value


def import_answers_xlsx(*, actor, assessment: Assessment, data: bytes, filename: str = "upload.xlsx") -> int:
    """Read the filled workbook and save its answers, or refuse it whole with row-level errors."""
    ensure_editable(assessment)
    if len(data) > MAX_XLSX_BYTES:
        raise OfflineUploadError([RowError(0, "", f"{filename} is larger than {MAX_XLSX_BYTES // (1024 * 1024)} MB")])
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise OfflineUploadError([RowError(0, "", f"{filename} is not an XLSX workbook")]) from None
    if SHEET not in book.sheetnames:
        raise OfflineUploadError([RowError(0, "", f"the workbook has no sheet named {SHEET!r}")])
    rows = book[SHEET].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = [h for h in ("Question ID", "Answer") if h not in header]
    if missing:
        raise OfflineUploadError([RowError(1, "", f"the header row lacks the column {missing[0]!r}")])
    id_col, answer_col = header.index("Question ID"), header.index("Answer")
    comment_col = header.index("Comment") if "Comment" in header else None
    questions = template_questions(assessment)
    by_code = {q.code: q for q in questions}
    errors: list[RowError] = []
    parsed: dict[int, object] = {}
    comments: dict[int, str] = {}
    row_of: dict[int, int] = {}
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS:
            errors.append(RowError(number, "", f"more than {MAX_ROWS} rows"))
            break
        cells = list(row) + [None] * len(header)
        code = str(cells[id_col]).strip() if cells[id_col] is not None else ""
        answer, comment = _cell_text(cells[answer_col]), cells[comment_col] if comment_col is not None else None
        if not code:
            if answer not in (None, ""):
                errors.append(RowError(number, "", "an answer without a question ID"))
            continue
        question = by_code.get(code)
        if question is None:
            errors.append(RowError(number, code, "no such question in this questionnaire"))
            continue
        if question.pk in row_of:
            errors.append(RowError(number, code, f"question also answered on row {row_of[question.pk]}"))
            continue
        row_of[question.pk] = number
        if comment not in (None, ""):
            comments[question.pk] = str(comment)[:5000]
        if question.answer_type == AnswerType.EVIDENCE_FILE:
            if answer not in (None, ""):
                errors.append(RowError(number, code, "evidence files are uploaded in the portal, not typed here"))
            continue
        try:
            parsed[question.pk] = parse_value(question, answer)
        except ValueError as exc:
            errors.append(RowError(number, code, str(exc)))
    merged = stored_values(assessment) | {qid: v for qid, v in parsed.items()}
    visible = visible_question_ids(questions, merged)
    hidden_codes = {q.code for q in questions if q.pk not in visible}
    errors = [e for e in errors if e.question not in hidden_codes]
    if errors:
        raise OfflineUploadError(errors)
    return save_answers(actor=actor, assessment=assessment,
                        raw_values={qid: v for qid, v in parsed.items() if qid in visible},
                        comments={qid: c for qid, c in comments.items() if qid in visible})
