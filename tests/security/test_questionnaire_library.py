"""The questionnaire library: XLSX round trip on the shipped baseline, import errors that name sheet,
row and column (nothing stored), versions (import of a changed file → next draft; publish; answered
versions frozen), the draft editor, the diff, the pages per role and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role
from steadfast.network.models import Supplier
from steadfast.security.models import Answer, Assessment, Question, QuestionnaireTemplate
from steadfast.security.services import questionnaire_editor as editor
from steadfast.security.services import questionnaire_versions as versions
from steadfast.security.services.questionnaire_xlsx import (
    QuestionnaireImportError,
    export_template_xlsx,
    import_template_xlsx,
)


def _snapshot(template: QuestionnaireTemplate) -> list[tuple]:
    """Every field of every question, the condition by code and the controls by catalog id."""
    return [(q.order, q.code, q.section, q.text, q.help_text, q.answer_type, q.choices, q.weight, q.required,
             q.condition_question.code if q.condition_question_id else None, q.condition_values,
             sorted((c.framework.name, c.framework.version, c.control_id) for c in q.controls.all()))
            for q in template.questions.order_by("order").select_related("condition_question")
            .prefetch_related("controls__framework")]


def _edit(data: bytes, change) -> bytes:
    book = load_workbook(io.BytesIO(data))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _set(sheet: str, cell: str, value):
    def change(book):
        book[sheet][cell] = value
    return change


def test_round_trip_of_the_shipped_baseline_gives_an_identical_template(baseline):
    data = export_template_xlsx(baseline)
    expected = _snapshot(baseline)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Questionnaire", "Questions", "Lists"]
    assert [c.value for c in book["Questions"][1]] == ["Code", "Section", "Question", "Help", "Answer type",
                                                        "Choices", "Weight", "Required", "Condition", "Controls"]
    assert book["Questions"].max_row == len(expected) + 1
    assert book["Lists"].protection.sheet
    # Identical to the latest version: nothing imported.
    result = import_template_xlsx(actor=None, data=data, filename="baseline.xlsx")
    assert (result.outcome, result.template) == ("unchanged", baseline)
    # Into a library without it: the same questions, conditions and control mapping, as a draft v1.
    Question.objects.filter(template=baseline).update(condition_question=None)
    baseline.delete()
    result = import_template_xlsx(actor=None, data=data, filename="baseline.xlsx")
    template = result.template
    assert result.outcome == "created"
    assert (template.name, template.version, template.status) == ("Supplier cyber-security baseline", 1, "draft")
    assert template.description.startswith("The default questionnaire for suppliers")
    assert _snapshot(template) == expected
    assert sum(len(row[-1]) for row in expected) > 100  # the mapping really travelled
    # and exporting the import gives the same workbook content
    again = load_workbook(io.BytesIO(export_template_xlsx(template)))
    assert [[c.value for c in row] for row in again["Questions"].iter_rows()] == \
        [[c.value for c in row] for row in book["Questions"].iter_rows()]


IMPORT_ERRORS = [
    (_set("Questions", "E15", "yesno"),
     "Questions row 15, column 'Answer type': 'yesno' is not one of yes_no_partial_na, single_choice"),
    (_set("Questions", "J6", "CSF GV.XX-99"), "Questions row 6, column 'Controls': control 'CSF GV.XX-99' is not in"),
    (_set("Questions", "J6", "pm-2"), "Questions row 6, column 'Controls': 'pm-2' has no framework alias"),
    (_set("Questions", "A7", "GOV-01"), "Questions row 7, column 'Code': 'GOV-01' is already used on row 6"),
    (_set("Questions", "I3", "GOV-01 = yes"), "Questions row 3, column 'Condition': 'GOV-01' is on row 6, "
                                               "not above this one"),
    (_set("Questions", "I6", "CTX-03 = Maybe"), "Questions row 6, column 'Condition': 'Maybe' is not an answer of CTX-03"),
    (_set("Questions", "G6", 11), "Questions row 6, column 'Weight': '11' is not a whole number from 0 to 10"),
    (_set("Questions", "H6", "perhaps"), "Questions row 6, column 'Required': 'perhaps' is not yes or no"),
    (_set("Questions", "F3", None), "Questions row 3, column 'Choices': a choice question needs its choices"),
    (_set("Questionnaire", "B2", None), "Questionnaire row 2, column 'Value': the questionnaire needs a name"),
    (_set("Questions", "E1", "Type"), "Questions row 1: the header lacks the column 'Answer type'"),
]


def test_each_import_error_names_sheet_row_and_column_and_stores_nothing(baseline):
    # One test over every case: the catalogs behind `baseline` take seconds to import.
    renamed = _edit(export_template_xlsx(baseline), _set("Questionnaire", "B2", "Imported questionnaire"))
    before = (QuestionnaireTemplate.objects.count(), Question.objects.count(), AuditEvent.objects.count())
    for change, message in IMPORT_ERRORS:
        with pytest.raises(QuestionnaireImportError) as caught:
            import_template_xlsx(actor=None, data=_edit(renamed, change), filename="bad.xlsx")
        assert any(error.startswith(message) for error in caught.value.errors_found), (message,
                                                                                      caught.value.errors_found)
        assert (QuestionnaireTemplate.objects.count(), Question.objects.count(),
                AuditEvent.objects.count()) == before
    assert import_template_xlsx(actor=None, data=renamed, filename="good.xlsx").outcome == "created"


def test_files_that_are_not_questionnaire_workbooks_are_refused(baseline):
    with pytest.raises(QuestionnaireImportError, match="notes.xlsx is not an Excel workbook"):
        import_template_xlsx(actor=None, data=b"just some text", filename="notes.xlsx")
    data = _edit(export_template_xlsx(baseline), lambda book: book.remove(book["Questions"]))
    with pytest.raises(QuestionnaireImportError, match="the workbook has no sheet 'Questions'"):
        import_template_xlsx(actor=None, data=data, filename="q.xlsx")
    assert QuestionnaireTemplate.objects.count() == 1
