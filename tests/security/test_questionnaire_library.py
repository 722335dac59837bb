"""The questionnaire library: XLSX round trip on the shipped baseline, import errors that name sheet,
row and column (nothing stored), versions (import of a changed file → next draft; publish; answered
versions frozen), the draft editor, the diff, the pages per role and the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
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


def _answered_assessment(template: QuestionnaireTemplate) -> Assessment:
    supplier = Supplier.objects.create(ref="LIB-SUP", legal_name="Library supplier", country="DE",
                                       category="components")
    assessment = Assessment.objects.create(supplier=supplier, template=template, status="accepted",
                                           due_date=dt.date.today(), submitted_at=timezone.now(),
                                           accepted_at=timezone.now(), locked=True)
    question = template.questions.get(code="GOV-01")
    Answer.objects.create(assessment=assessment, question=question, value="yes")
    return assessment


def test_a_changed_workbook_becomes_the_next_draft_and_v1_answers_stay_intact(baseline):
    assessment = _answered_assessment(baseline)
    v1_questions = _snapshot(baseline)

    def change(book):
        sheet = book["Questions"]
        sheet["C6"] = "Is your information-security policy approved by the board?"  # GOV-01 reworded
        sheet["J7"] = "CSF GV.RR-02\nSP800-53 pm-2 pm-3"  # GOV-02 maps one more control
        sheet.append(["GOV-99", "Governance and supply chain", "Do you publish a security.txt?", "", "Yes / no / "
                      "partial / not applicable", None, 3, "no", "GOV-01 = Yes; partial", "CSF GV.SC-05"])
    result = import_template_xlsx(actor=None, data=_edit(export_template_xlsx(baseline), change), filename="v2.xlsx")
    v2 = result.template
    assert (result.outcome, v2.version, v2.status) == ("created", 2, "draft")
    diff = versions.diff_versions(baseline, v2)
    assert [row["code"] for row in diff["added"]] == ["GOV-99"]
    assert diff["removed"] == []
    changed = {c.code: [label for label, *_ in c.changes] for c in diff["changed"]}
    assert changed == {"GOV-01": ["Question"], "GOV-02": ["Controls"]}
    added = v2.questions.get(code="GOV-99")
    assert (added.answer_type, added.required, added.condition_question.code, added.condition_values) == \
        ("yes_no_partial_na", False, "GOV-01", ["yes", "partial"])
    # the same file again: nothing; a further change while v2 is a draft: v2 is updated in place, not a v3
    again = import_template_xlsx(actor=None, data=export_template_xlsx(v2), filename="v2.xlsx")
    assert (again.outcome, again.template) == ("unchanged", v2)
    edited = _edit(export_template_xlsx(v2), _set("Questions", "G67", 4))
    again = import_template_xlsx(actor=None, data=edited, filename="v2b.xlsx")
    assert (again.outcome, again.template) == ("updated", v2)
    assert v2.questions.get(code="GOV-99").weight == 4 and v2.questions.count() == 66
    assert QuestionnaireTemplate.objects.filter(name=baseline.name).count() == 2
    versions.publish(actor=None, template=v2)
    published = AuditEvent.objects.filter(object_type__icontains="questionnairetemplate", object_id=str(v2.pk),
                                          verb="update").latest("pk")
    assert published.changes == {"status": ["draft", "published"]}
    v2.refresh_from_db()
    baseline.refresh_from_db()
    assert (baseline.status, v2.status) == ("published", "published")  # v1 stays usable for running assessments
    from steadfast.security.services.cadence import template_for_tier

    assert template_for_tier(1) == v2  # new reassessments get the newest published version
    assert _snapshot(baseline) == v1_questions
    assert assessment.answers.get().question.template_id == baseline.pk
    # a published version with answers is never changed: every editor action is refused
    question = baseline.questions.get(code="GOV-01")
    for attempt in (
        lambda: editor.save_question(actor=None, template=baseline, question=question,
                                     data={"code": "GOV-01", "text": "changed", "answer_type": "yes_no_partial_na",
                                           "weight": 6, "required": True}),
        lambda: editor.delete_question(actor=None, question=baseline.questions.get(code="CTX-01")),
        lambda: editor.move_question(actor=None, question=question, direction="up"),
        lambda: versions.discard_draft(actor=None, template=baseline),
    ):
        with pytest.raises(ValidationError, match="frozen; make a new draft version"):
            attempt()
    assert _snapshot(baseline) == v1_questions
    versions.retire(actor=None, template=baseline)
    baseline.refresh_from_db()
    assert baseline.status == "retired"
    with pytest.raises(ValidationError, match="only a published version is retired"):
        versions.retire(actor=None, template=baseline)


def test_editor_adds_changes_reorders_and_deletes_on_a_draft(baseline):
    draft = versions.new_draft(actor=None, template=baseline)
    assert (draft.version, draft.status) == (2, "draft")
    assert _snapshot(draft) == _snapshot(baseline)  # questions, conditions and controls copied
    with pytest.raises(ValidationError, match="already a draft of this questionnaire"):
        versions.new_draft(actor=None, template=baseline)
    data = {"code": "NEW-01", "section": "New", "text": "Do you rotate keys?", "help_text": "",
            "answer_type": "single_choice", "choices": ["Yearly", "Never"], "weight": 4, "required": True,
            "condition_code": "PRD-01", "condition_values": ["yes"], "controls": "SP800-53 sc-12 SC-13\nCSF PR.DS-01"}
    added = editor.save_question(actor=None, template=draft, data=data)
    count = draft.questions.count()
    assert added.order == count
    assert sorted(c.control_id for c in added.controls.all()) == ["PR.DS-01", "sc-12", "sc-13"]
    # bad input: every field named, nothing changed
    bad = data | {"code": "GOV-01", "choices": [], "condition_code": "PRD-01", "condition_values": ["maybe"],
                  "controls": "SP800-53 zz-99"}
    with pytest.raises(ValidationError) as caught:
        editor.save_question(actor=None, template=draft, question=added, data=bad)
    assert set(caught.value.message_dict) == {"code", "choices", "condition_values", "controls"}
    assert "control 'SP800-53 zz-99' is not in" in caught.value.message_dict["controls"][0]
    added.refresh_from_db()
    assert added.code == "NEW-01"
    # a question cannot move above the question that shows it, nor be deleted while it shows others
    gate = draft.questions.get(code="PD-01")
    follower = draft.questions.get(order=gate.order + 1)
    assert follower.condition_question_id == gate.pk
    with pytest.raises(ValidationError, match="must stay below it"):
        editor.move_question(actor=None, question=follower, direction="up")
    with pytest.raises(ValidationError, match="shown by PD-01's answer"):
        editor.delete_question(actor=None, question=gate)
    # the answer type of a gate cannot drop the answers its followers need
    gate_data = {"code": "PD-01", "text": gate.text, "answer_type": "text", "weight": gate.weight, "required": True}
    with pytest.raises(ValidationError, match="change or remove that condition first"):
        editor.save_question(actor=None, template=draft, question=gate, data=gate_data)
    moved = editor.move_question(actor=None, question=added, direction="up")
    assert moved.order == count - 1
    first = draft.questions.get(order=1)
    editor.delete_question(actor=None, question=first)
    assert list(draft.questions.order_by("order").values_list("order", flat=True)) == list(range(1, count))
    versions.publish(actor=None, template=draft)
    with pytest.raises(ValidationError, match="is published: its questions are frozen"):
        editor.save_question(actor=None, template=draft, data=data | {"code": "NEW-02"})


def test_library_pages_for_the_analyst_and_the_auditor(baseline, client, make_user):
    analyst, auditor = make_user(Role.RISK_ANALYST), make_user(Role.AUDITOR)
    draft = versions.new_draft(actor=None, template=baseline)
    question = draft.questions.get(code="GOV-01")
    client.force_login(analyst)
    page = client.get(reverse("security:questionnaires")).content.decode()
    assert "Supplier cyber-security baseline" in page and "Import" in page and ">65<" in page
    page = client.get(reverse("security:questionnaire", args=[draft.pk])).content.decode()
    for button in ("Publish v2", "Add a question", "Discard this draft", "Edit", "Changes since v1"):
        assert button in page, button
    assert "Yes / no / partial / not applicable" in page and "CSF GV.PO-01" in page and "SP800-53 PM-1" in page
    assert "['" not in page and "True" not in page
    campaign_form = client.get(reverse("security:campaign_new")).content.decode()
    offered = re.findall(r'<option value="(\d+)"', campaign_form.split('name="template"')[1].split("</select>")[0])
    assert offered == [str(baseline.pk)]  # the draft v2 is not offered to campaigns
    response = client.post(reverse("security:question_edit", args=[draft.pk, question.pk]), {
        "code": "GOV-01", "section": "Governance", "text": "Reworded?", "answer_type": "yes_no_partial_na",
        "weight": 6, "required": "on", "controls": "CSF GV.PO-01\nSP800-53 pm-1"})
    assert response.status_code == 302
    response = client.post(reverse("security:question_edit", args=[draft.pk, question.pk]), {
        "code": "GOV-01", "text": "x", "answer_type": "yes_no_partial_na", "weight": 6, "controls": "CSF NOPE-1"})
    assert response.status_code == 422 and "control &#x27;CSF NOPE-1&#x27; is not in" in response.content.decode()
    diff = client.get(reverse("security:questionnaire_diff", args=[draft.pk])).content.decode()
    assert "0 added, 0 removed, 1 changed" in diff and "Reworded?" in diff and "the description changed" not in diff
    client.post(reverse("security:questionnaire_description", args=[draft.pk]), {"description": "Second edition."})
    draft.refresh_from_db()
    assert draft.description == "Second edition."
    response = client.post(reverse("security:questionnaire_description", args=[baseline.pk]), {"description": "x"},
                           follow=True)
    assert "is published: its questions are frozen" in response.content.decode()
    baseline.refresh_from_db()
    assert baseline.description.startswith("The default questionnaire")
    export = client.get(reverse("security:questionnaire_export", args=[baseline.pk]))
    assert export["Content-Disposition"] == 'attachment; filename="supplier-cyber-security-baseline-v1.xlsx"'
    upload = io.BytesIO(b"not a workbook")
    upload.name = "notes.xlsx"
    response = client.post(reverse("security:questionnaire_import"), {"file": upload})
    assert response.status_code == 422 and "Nothing was imported" in response.content.decode()
    assert client.post(reverse("security:questionnaire_publish", args=[draft.pk])).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"
    page = client.get(reverse("security:questionnaire", args=[draft.pk])).content.decode()
    assert "Add a question" not in page and "Publish v2" not in page and "Retire" in page

    # The auditor reads everything, sees no button that changes anything, and each such POST is 403.
    client.force_login(auditor)
    page = client.get(reverse("security:questionnaires")).content.decode()
    assert "Import a questionnaire" not in page and "Supplier cyber-security baseline" in page
    page = client.get(reverse("security:questionnaire", args=[baseline.pk])).content.decode()
    assert "Export XLSX" in page
    for button in ("New draft version", ">Retire<", "Publish v", "Discard", ">Edit<", "Add a question"):
        assert button not in page, button
    assert 'method="post"' not in page.split("</header>")[-1]
    question = draft.questions.get(code="GOV-02")
    for name, args in (("questionnaire_import", []), ("questionnaire_new_version", [baseline.pk]),
                       ("questionnaire_publish", [draft.pk]), ("questionnaire_retire", [baseline.pk]),
                       ("questionnaire_discard", [draft.pk]), ("questionnaire_description", [draft.pk]),
                       ("question_new", [draft.pk]),
                       ("question_edit", [draft.pk, question.pk]), ("question_delete", [draft.pk, question.pk]),
                       ("question_move", [draft.pk, question.pk])):
        assert client.post(reverse(f"security:{name}", args=args)).status_code == 403, name
    assert client.get(reverse("security:questionnaire_export", args=[draft.pk])).status_code == 200


def test_cli_imports_exports_and_names_bad_arguments(baseline, tmp_path, capsys):
    out = tmp_path / "baseline.xlsx"
    call_command("questionnaires", "export", str(baseline.pk), "--out", str(out))
    assert "65 questions written to" in capsys.readouterr().out
    changed = tmp_path / "changed.xlsx"
    changed.write_bytes(_edit(out.read_bytes(), _set("Questions", "G6", 9)))
    call_command("questionnaires", "import", str(changed), "--json")
    printed = json.loads(capsys.readouterr().out)
    assert (printed["version"], printed["status"], printed["outcome"], printed["questions"]) == (2, "draft", "created", 65)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="id: no questionnaire template '999999'"):
        call_command("questionnaires", "export", "999999", "--out", str(out))
    with pytest.raises(CommandError, match="--out: .* must end in .xlsx"):
        call_command("questionnaires", "export", str(baseline.pk), "--out", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="file: .* is not a readable file"):
        call_command("questionnaires", "import", str(tmp_path / "missing.xlsx"))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_edit(out.read_bytes(), _set("Questions", "E15", "yesno")))
    with pytest.raises(CommandError, match="Questions row 15, column 'Answer type'"):
        call_command("questionnaires", "import", str(bad))
    call_command("questionnaires", "list", "--json")
    assert [row["version"] for row in json.loads(capsys.readouterr().out)] == [1, 2]


def test_api_lists_versions_and_gives_questions_and_the_workbook(baseline, make_user, api_client_for):
    versions.new_draft(actor=None, template=baseline)
    api = api_client_for(make_user(Role.AUDITOR))
    listing = api.get("/api/v1/security/questionnaires?ordering=-version").json()
    assert [(row["version"], row["status"], row["question_count"]) for row in listing["items"]] == \
        [(2, "draft", 65), (1, "published", 65)]
    assert api.get("/api/v1/security/questionnaires?ordering=colour").status_code == 422
    detail = api.get(f"/api/v1/security/questionnaires/{baseline.pk}").json()
    by_code = {q["code"]: q for q in detail["questions"]}
    assert by_code["GOV-02"]["controls"] == ["CSF GV.RR-02", "SP800-53 pm-2"]
    assert by_code["CTX-04"]["condition"]["code"] == "CTX-03"
    export = api.get(f"/api/v1/security/questionnaires/{baseline.pk}/export.xlsx")
    assert export.status_code == 200
    assert load_workbook(io.BytesIO(export.content))["Questions"].max_row == 66
    assert api.get("/api/v1/security/questionnaires/999999").status_code == 404
