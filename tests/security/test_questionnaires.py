"""The shipped baseline questionnaire: its size, mappings to real controls, conditions and answer rules."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError

from steadfast.security.models import Question
from steadfast.security.services.questionnaires import (
    BASELINE_PATH,
    clean_answer_value,
    is_visible,
    load_baseline_template,
    load_template,
)


def test_baseline_has_about_sixty_mapped_questions(baseline):
    questions = list(baseline.questions.prefetch_related("controls__framework"))
    assert 55 <= len(questions) <= 70
    assert baseline.status == "published"
    scored = [q for q in questions if q.weight > 0]
    assert all(q.controls.all() for q in scored), "every scored question maps to at least one control"
    prefixes = {c.control_id.split("-")[0].split(".")[0].upper() for q in questions for c in q.controls.all()}
    assert {"SR", "SA", "IR", "AC", "CM", "SI", "PT", "GV"} <= prefixes
    assert any(c.control_id.startswith("GV.SC") for q in questions for c in q.controls.all())
    assert not any(c.withdrawn for q in questions for c in q.controls.all())
    assert {q.answer_type for q in questions} == set(Question.AnswerType.values)
    # loading again returns the same template
    assert load_baseline_template(actor=None) == baseline


def test_personal_data_follow_ups_show_only_when_yes(baseline):
    questions = {q.code: q for q in baseline.questions.all()}
    gate = questions["PD-01"]
    follow_ups = [q for q in questions.values() if q.condition_question_id == gate.pk]
    assert len(follow_ups) >= 5
    assert all(is_visible(q, {gate.pk: "yes"}) for q in follow_ups)
    assert all(is_visible(q, {gate.pk: "partial"}) for q in follow_ups)
    assert not any(is_visible(q, {gate.pk: "no"}) for q in follow_ups)
    assert not any(is_visible(q, {}) for q in follow_ups)
    certificates = questions["CTX-03"]
    assert is_visible(questions["CTX-04"], {certificates.pk: ["ISO/IEC 27001"]})
    assert not is_visible(questions["CTX-04"], {certificates.pk: ["None"]})


def test_answer_values_are_checked_against_the_type(baseline):
    questions = {q.code: q for q in baseline.questions.all()}
    assert clean_answer_value(questions["GOV-01"], "partial") == "partial"
    with pytest.raises(ValidationError, match="choose one of yes, partial, no, na"):
        clean_answer_value(questions["GOV-01"], "maybe")
    assert clean_answer_value(questions["CTX-01"], "250") == 250
    with pytest.raises(ValidationError, match="enter a number"):
        clean_answer_value(questions["CTX-01"], "many")
    assert clean_answer_value(questions["CTX-02"], ["Logistics", "Hardware components"]) == ["Hardware components", "Logistics"]
    with pytest.raises(ValidationError, match="unknown choice"):
        clean_answer_value(questions["CTX-02"], ["Catering"])
    assert clean_answer_value(questions["INC-06"], "2025-03-01") == "2025-03-01"
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        clean_answer_value(questions["INC-06"], "01/03/2025")


def test_a_definition_with_a_forward_condition_is_refused_and_creates_nothing(csf, sp800_53, tmp_path):
    from steadfast.security.models import QuestionnaireTemplate

    spec = json.loads(BASELINE_PATH.read_text())
    spec["name"] = "Broken"
    spec["questions"][0]["condition"] = {"code": "PD-01", "values": ["yes"]}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(spec))
    with pytest.raises(ValidationError, match=r"broken.json: question 1 \(CTX-01\): the condition must name an earlier question"):
        load_template(actor=None, path=path)
    spec["questions"][0].pop("condition")
    spec["questions"][5]["controls"] = ["SP800-53 zz-99"]
    path.write_text(json.dumps(spec))
    with pytest.raises(ValidationError, match="control 'SP800-53 zz-99' not found"):
        load_template(actor=None, path=path)
    assert not QuestionnaireTemplate.objects.filter(name="Broken").exists()


def test_questionnaires_command_loads_lists_and_refuses_bad_definitions(csf, sp800_53, tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    from steadfast.security.models import QuestionnaireTemplate

    spec = {"name": "Cloud hosting addendum", "version": 1, "frameworks": {"SP800-53": sp800_53.name},
            "questions": [
                {"code": "CL-01", "text": "Do you host our data?", "answer_type": "yes_no_partial_na", "weight": 0},
                {"code": "CL-02", "text": "Is our data encrypted at rest?", "answer_type": "yes_no_partial_na",
                 "weight": 8, "condition": {"code": "CL-01", "values": ["yes"]}, "controls": ["SP800-53 sc-28"]},
            ]}
    path = tmp_path / "cloud.json"
    path.write_text(json.dumps(spec))
    out = StringIO()
    call_command("questionnaires", "load", str(path), "--json", stdout=out)
    loaded = json.loads(out.getvalue())
    assert loaded["name"] == "Cloud hosting addendum" and loaded["questions"] == 2 and loaded["created"] is True
    template = QuestionnaireTemplate.objects.get(pk=loaded["id"])
    assert template.status == "published"
    assert list(template.questions.get(code="CL-02").controls.values_list("control_id", flat=True)) == ["sc-28"]
    out = StringIO()
    call_command("questionnaires", "load", str(path), stdout=out)  # the same file again: unchanged
    assert "already loaded (unchanged)" in out.getvalue()
    out = StringIO()
    call_command("questionnaires", "list", "--json", stdout=out)
    assert [(row["name"], row["questions"]) for row in json.loads(out.getvalue())] == [("Cloud hosting addendum", 2)]

    spec["questions"][1]["text"] = "Is our data encrypted at rest and in transit?"
    path.write_text(json.dumps(spec))
    with pytest.raises(CommandError, match="already loaded with different questions"):
        call_command("questionnaires", "load", str(path))
    for broken, message in (
        ({"name": "X", "version": 1, "questions": {"code": "A"}}, "must be a non-empty list"),
        ({"name": "X", "version": 1, "questions": ["A"]}, "question 1 is not an object"),
        ({"name": "X", "version": "one", "questions": []}, "not a questionnaire definition"),
        ({"name": "X", "version": 1, "questions": [{"code": "A", "text": "?", "answer_type": "yes_no_partial_na",
                                                    "controls": ["SP800-53 zz-99"]}],
          "frameworks": {"SP800-53": sp800_53.name}}, "control 'SP800-53 zz-99' not found"),
    ):
        path.write_text(json.dumps(broken))
        with pytest.raises(CommandError, match=message):
            call_command("questionnaires", "load", str(path))
    with pytest.raises(CommandError, match="not a questionnaire definition"):
        call_command("questionnaires", "load", str(tmp_path / "missing.json"))
    assert QuestionnaireTemplate.objects.count() == 1
