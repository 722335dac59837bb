"""Questionnaires as XLSX workbooks (layout in docs/security.md, "Questionnaire library"): export a
version, edit it in a spreadsheet, import it back. Export then import gives the same questions, the
same conditions and the same control mapping.

Sheets: "Questionnaire" (name, version, description, then the framework aliases the control references
use), "Questions" (one row per question), "Lists" (the allowed values; read-only, feeds the drop-downs).
An import is all-or-nothing: every error names the sheet, the row and the column, and nothing is stored.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from steadfast.core.file_checks import FileStructureError, check_structure
from steadfast.core.services.crud import pending_for, record_events
from steadfast.security.models import Control, Question, QuestionnaireTemplate
from steadfast.security.models.questionnaires import AnswerType, TemplateStatus
from steadfast.security.services.questionnaire_versions import (
    QuestionSpec,
    TemplateSpec,
    create_version,
    ensure_editable,
    next_version,
    save_questions,
    template_spec,
)
from steadfast.security.services.questionnaires import (
    CHOICE_TYPES,
    DEFAULT_FRAMEWORK_ALIASES,
    YES_NO_VALUES,
    ControlCatalog,
    canonical_answers,
)

INFO_SHEET, QUESTIONS_SHEET, LISTS_SHEET = "Questionnaire", "Questions", "Lists"
HEADERS = ["Code", "Section", "Question", "Help", "Answer type", "Choices", "Weight", "Required", "Condition",
           "Controls"]
REQUIRED_HEADERS = ("Code", "Question", "Answer type")
FRAMEWORK_HEADERS = ["Framework alias", "Framework name", "Framework version"]
MAX_XLSX_BYTES = 5 * 1024 * 1024
MAX_QUESTIONS = 2000
MAX_ERRORS = 100
YES_WORDS, NO_WORDS = {"yes", "y", "true", "1", "x"}, {"no", "n", "false", "0"}


class QuestionnaireImportError(ValidationError):
    """Every problem found in the workbook, one message each ("Questions row 14, column 'Answer type': …")."""

    def __init__(self, errors: list[str]):
        self.errors_found = errors
        super().__init__({"file": errors})


@dataclass
class ImportResult:
    template: QuestionnaireTemplate
    outcome: str  # "created", "updated" (a draft replaced), "unchanged" (same as the latest version)

    def describe(self) -> str:
        what = {"created": "imported as a new draft", "updated": "imported into the existing draft",
                "unchanged": "identical to the latest version: nothing imported"}[self.outcome]
        return f"{self.template}: {what} ({self.template.questions.count():,} questions)"


# ---- export -----------------------------------------------------------------------------------------

def export_template_xlsx(template: QuestionnaireTemplate) -> bytes:
    spec = template_spec(template)
    aliases, refs = _aliases_for(spec)
    book = Workbook()
    info = book.active
    info.title = INFO_SHEET
    for row in (["Field", "Value"], ["Name", template.name], ["Version", template.version],
                ["Status", template.get_status_display()], ["Description", template.description], [],
                FRAMEWORK_HEADERS, *aliases):
        info.append(row)
    for cell in (*info[1], *info[7]):
        cell.font = Font(bold=True)
    info["B5"].alignment = Alignment(wrap_text=True, vertical="top")
    info.column_dimensions["A"].width, info.column_dimensions["B"].width = 18, 90
    info.column_dimensions["C"].width = 18

    sheet = book.create_sheet(QUESTIONS_SHEET)
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for question in spec.questions:
        joiner = "\n" if any(";" in v for v in question.condition_values) else "; "
        sheet.append([question.code, question.section, question.text, question.help_text, question.answer_type,
                      "\n".join(question.choices), question.weight, "yes" if question.required else "no",
                      f"{question.condition_code} = {joiner.join(question.condition_values)}"
                      if question.condition_code else "",
                      "\n".join(refs[pk] for pk in question.control_ids)])
    last = max(len(spec.questions) + 1, 2) + 500  # room to add questions with the same drop-downs
    types = DataValidation(type="list", formula1=f"={LISTS_SHEET}!$A$2:$A${len(AnswerType.values) + 1}",
                           allow_blank=False, showErrorMessage=True, errorTitle="Answer type",
                           error="Choose an answer type from the list (sheet Lists).")
    required = DataValidation(type="list", formula1=f"={LISTS_SHEET}!$C$2:$C$3", allow_blank=True)
    weight = DataValidation(type="whole", operator="between", formula1="0", formula2="10", allow_blank=True,
                            showErrorMessage=True, error="A weight is a whole number from 0 to 10.")
    for validation, column in ((types, "E"), (required, "H"), (weight, "G")):
        sheet.add_data_validation(validation)
        validation.add(f"{column}2:{column}{last}")
    for column, width in zip("ABCDEFGHIJ", (10, 24, 70, 40, 20, 30, 8, 9, 30, 22), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"

    lists = book.create_sheet(LISTS_SHEET)
    columns = [["Answer type", *AnswerType.values], ["Meaning", *AnswerType.labels], ["Required", "yes", "no"],
               ["Yes/no answers", *YES_NO_VALUES], ["Weight", *range(0, 11)],
               ["Framework alias", *(alias for alias, *_ in aliases)]]
    for index, values in enumerate(columns, start=1):
        for row, value in enumerate(values, start=1):
            lists.cell(row=row, column=index, value=value).font = Font(bold=row == 1)
    lists.column_dimensions["B"].width = 36
    lists.protection.sheet = True  # read-only: it feeds the drop-downs
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _aliases_for(spec: TemplateSpec) -> tuple[list[list[str]], dict[int, str]]:
    """Framework rows for the Questionnaire sheet, and each used control's reference."""
    used = {pk for q in spec.questions for pk in q.control_ids}
    controls = Control.objects.filter(pk__in=used).select_related("framework")
    known = {name: alias for alias, name in DEFAULT_FRAMEWORK_ALIASES.items()}
    by_framework: dict[int, str] = {}
    rows: list[list[str]] = []
    refs: dict[int, str] = {}
    for control in sorted(controls, key=lambda c: (c.framework.name, c.framework_id)):
        framework = control.framework
        if framework.pk not in by_framework:
            alias = known.get(framework.name) or f"F{len(rows) + 1}"
            if alias in (row[0] for row in rows):
                alias = f"{alias}-{len(rows) + 1}"
            by_framework[framework.pk] = alias
            rows.append([alias, framework.name, framework.version])
        refs[control.pk] = f"{by_framework[framework.pk]} {control.control_id}"
    for alias, name in DEFAULT_FRAMEWORK_ALIASES.items():  # offered for new references
        if alias not in (row[0] for row in rows):
            rows.append([alias, name, ""])
    return rows, refs


# ---- import -----------------------------------------------------------------------------------------

def import_template_xlsx(*, actor, data: bytes, filename: str = "questionnaire.xlsx") -> ImportResult:
    """A questionnaire from a workbook. A new name becomes a draft at the file's version; a known name
    becomes its next version (a draft) unless identical to the latest version; when the latest is
    still a draft without assessments, its questions are replaced instead."""
    spec = read_template_xlsx(data, filename)
    with transaction.atomic():
        latest = (QuestionnaireTemplate.objects.select_for_update().filter(name=spec.name)
                  .order_by("-version").first())
        if latest is None:
            return ImportResult(create_version(actor=actor, spec=spec, version=spec.version,
                                               source=f"import of {filename}"), "created")
        if template_spec(latest).content() == spec.content():
            return ImportResult(latest, "unchanged")
        if latest.status == TemplateStatus.DRAFT:
            ensure_editable(latest)
            before = latest.questions.count()
            Question.objects.filter(template=latest).update(condition_question=None)
            Question.objects.filter(template=latest).delete()
            latest.description = spec.description
            latest.save(update_fields=["description", "updated_at"])
            save_questions(latest, spec.questions)
            record_events(actor=actor, events=[pending_for("update", latest, {
                "questions": [before, len(spec.questions)], "source": [None, f"import of {filename}"]})])
            return ImportResult(latest, "updated")
        return ImportResult(create_version(actor=actor, spec=spec, version=next_version(spec.name),
                                           source=f"import of {filename}"), "created")


def read_template_xlsx(data: bytes, filename: str) -> TemplateSpec:
    """The workbook's questionnaire, checked throughout, or QuestionnaireImportError with every problem."""
    if len(data) > MAX_XLSX_BYTES:
        raise QuestionnaireImportError([f"{filename} is larger than {MAX_XLSX_BYTES // (1024 * 1024)} MB"])
    try:
        check_structure(".xlsx", data)
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except FileStructureError as exc:
        raise QuestionnaireImportError([f"{filename} is not an Excel workbook (.xlsx): {exc}"]) from None
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError, TypeError):
        raise QuestionnaireImportError([f"{filename} is not an Excel workbook (.xlsx)"]) from None
    try:
        missing = [name for name in (INFO_SHEET, QUESTIONS_SHEET) if name not in book.sheetnames]
        if missing:
            raise QuestionnaireImportError([f"the workbook has no sheet {name!r} (it has "
                                            f"{', '.join(book.sheetnames)})" for name in missing])
        errors: list[str] = []
        spec, aliases = _read_info(book[INFO_SHEET], errors)
        spec.questions = _read_questions(book[QUESTIONS_SHEET], ControlCatalog(aliases), errors)
    finally:
        book.close()  # a read-only workbook keeps its archive open
    if errors:
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [f"… and {len(errors) - MAX_ERRORS:,} more"]
        raise QuestionnaireImportError(errors)
    return spec


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_info(sheet, errors: list[str]) -> tuple[TemplateSpec, dict]:
    fields: dict[str, tuple[int, str]] = {}
    aliases: dict[str, tuple[str, str]] = {}
    in_frameworks = False
    for number, row in enumerate(sheet.iter_rows(values_only=True, max_col=3), start=1):
        cells = [_text(c) for c in (list(row) + [None, None, None])[:3]]
        if not any(cells):
            continue
        if cells[0].lower() == FRAMEWORK_HEADERS[0].lower():
            in_frameworks = True
            continue
        if in_frameworks:
            alias, name, version = cells
            where = f"{INFO_SHEET} row {number}"
            if not alias or " " in alias:
                errors.append(f"{where}, column 'Framework alias': give a one-word alias (e.g. CSF)")
            elif not name:
                errors.append(f"{where}, column 'Framework name': name the framework alias {alias} stands for")
            elif alias in aliases:
                errors.append(f"{where}, column 'Framework alias': {alias} is listed twice")
            else:
                aliases[alias] = (name, version)
        else:
            fields[cells[0].lower()] = (number, cells[1])
    name_row, name = fields.get("name", (0, ""))
    if not name:
        errors.append(f"{INFO_SHEET} row {name_row or 2}, column 'Value': the questionnaire needs a name "
                      "(a row 'Name' with the name in column B)")
    elif len(name) > 255:
        errors.append(f"{INFO_SHEET} row {name_row}, column 'Value': the name is longer than 255 characters")
    version_row, version_text = fields.get("version", (0, ""))
    version = 1
    if version_text:
        try:
            version = int(version_text)
            if version < 1:
                raise ValueError
        except ValueError:
            errors.append(f"{INFO_SHEET} row {version_row}, column 'Value': version {version_text!r} "
                          "is not a whole number from 1")
            version = 1
    description = fields.get("description", (0, ""))[1]
    return TemplateSpec(name=name, description=description, version=version), aliases or None


def _read_questions(sheet, catalog: ControlCatalog, errors: list[str]) -> list[QuestionSpec]:
    rows = sheet.iter_rows(values_only=True)
    header = [_text(h).lower() for h in next(rows, ())]
    columns = {name: header.index(name.lower()) for name in HEADERS if name.lower() in header}
    absent = [name for name in REQUIRED_HEADERS if name not in columns]
    if absent:
        errors.append(f"{QUESTIONS_SHEET} row 1: the header lacks the column{'s' if len(absent) > 1 else ''} "
                      f"{', '.join(repr(a) for a in absent)} (expected {', '.join(HEADERS)})")
        return []
    filled: list[tuple[int, dict[str, str]]] = []
    for number, row in enumerate(rows, start=2):
        cells = {name: _text(row[index]) if index < len(row) else "" for name, index in columns.items()}
        if not any(cells.values()):
            continue
        if len(filled) >= MAX_QUESTIONS:
            errors.append(f"{QUESTIONS_SHEET} row {number}: more than {MAX_QUESTIONS:,} questions")
            return []
        filled.append((number, cells))
    first_row: dict[str, int] = {}
    for number, cells in filled:
        first_row.setdefault(cells.get("Code", ""), number)
    questions: list[QuestionSpec] = []
    by_code: dict[str, QuestionSpec] = {}
    for number, cells in filled:
        question = _read_question(number, cells, by_code, first_row, catalog, errors)
        if question is not None:
            questions.append(question)
            by_code[question.code] = question
    if not questions and not errors:
        errors.append(f"{QUESTIONS_SHEET}: no questions (one row per question under the header row)")
    return questions


def _split(text: str) -> list[str]:
    """One value per line, or separated by ";" when written on one line."""
    parts = text.split("\n") if "\n" in text else text.split(";")
    return [p.strip() for p in parts if p.strip()]


ANSWER_TYPES = {**{value: value for value in AnswerType.values},
                **{label.lower(): value for value, label in AnswerType.choices}}


def _read_question(number: int, cells: dict[str, str], by_code, first_row, catalog,
                   errors) -> QuestionSpec | None:
    """One row as a question; `by_code` holds the valid questions above it, `first_row` every code's row."""
    count = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(f"{QUESTIONS_SHEET} row {number}, column '{column}': {message}")

    code = cells.get("Code", "")
    if not code:
        error("Code", "every question needs a code (e.g. GOV-01)")
    elif len(code) > 32 or " " in code:
        error("Code", f"{code!r} must be one word of at most 32 characters")
    elif first_row.get(code, number) < number:
        error("Code", f"{code!r} is already used on row {first_row[code]}")
    text = cells.get("Question", "")
    if not text:
        error("Question", "the question text is empty")
    section = cells.get("Section", "")
    if len(section) > 120:
        error("Section", "at most 120 characters")
    raw_type = cells.get("Answer type", "")
    answer_type = ANSWER_TYPES.get(raw_type.lower())
    if answer_type is None:
        error("Answer type", f"{raw_type!r} is not one of {', '.join(AnswerType.values)}")
    choices = _split(cells.get("Choices", ""))
    if answer_type in CHOICE_TYPES:
        if not choices:
            error("Choices", "a choice question needs its choices, one per line (or separated by ;)")
        elif len(set(choices)) < len(choices):
            error("Choices", "a choice is listed twice")
    elif choices and answer_type is not None:
        error("Choices", f"choices are only for single or multiple choice questions, not {answer_type}")
    weight = 1
    raw_weight = cells.get("Weight", "")
    if raw_weight:
        try:
            weight = int(raw_weight)
            if not 0 <= weight <= 10:
                raise ValueError
        except ValueError:
            error("Weight", f"{raw_weight!r} is not a whole number from 0 to 10")
    required = True
    raw_required = cells.get("Required", "").lower()
    if raw_required in NO_WORDS:
        required = False
    elif raw_required and raw_required not in YES_WORDS:
        error("Required", f"{cells['Required']!r} is not yes or no")
    condition_code, condition_values = "", []
    raw_condition = cells.get("Condition", "")
    if raw_condition:
        condition_code, equals, values = (part.strip() for part in raw_condition.partition("="))
        condition_values = _split(values)
        source = by_code.get(condition_code)
        if not equals or not condition_code or not condition_values:
            error("Condition", f"{raw_condition!r}: write the earlier question's code = its answers, "
                               "e.g. 'PD-01 = yes; partial'")
        elif condition_code not in first_row:
            error("Condition", f"{condition_code!r} is not a question of this questionnaire")
        elif first_row[condition_code] >= number:
            error("Condition", f"{condition_code!r} is on row {first_row[condition_code]}, not above this one: "
                               "a condition names an earlier question")
        elif source is None:
            pass  # the earlier question has its own error
        else:
            allowed = (list(YES_NO_VALUES) if source.answer_type == AnswerType.YES_NO_PARTIAL_NA
                       else source.choices if source.answer_type in CHOICE_TYPES else None)
            if allowed is None:
                error("Condition", f"{condition_code} is a {AnswerType(source.answer_type).label.lower()} question; "
                                   "a condition needs a yes/no or choice question")
            else:
                condition_values = canonical_answers(condition_values, allowed)
                unknown = [v for v in condition_values if v not in allowed]
                if unknown:
                    error("Condition", f"{unknown[0]!r} is not an answer of {condition_code} ({'; '.join(allowed)})")
    control_ids, control_errors = catalog.parse(cells.get("Controls", ""))
    for message in control_errors:
        error("Controls", message)
    if len(errors) > count:
        return None
    return QuestionSpec(code=code, text=text, answer_type=answer_type, section=section,
                        help_text=cells.get("Help", ""), choices=choices, weight=weight, required=required,
                        condition_code=condition_code, condition_values=condition_values,
                        control_ids=sorted(control_ids))
