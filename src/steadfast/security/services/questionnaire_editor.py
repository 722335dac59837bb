"""The question editor on draft versions: add, change, delete and reorder questions and edit their
control mapping. Every change is refused on a frozen version (published, retired, or used by an
assessment or campaign); a condition always names an earlier question with answers it can take."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max

from steadfast.core.services.crud import diff, pending_for, record_events, snapshot
from steadfast.security.models import Question, QuestionnaireTemplate
from steadfast.security.models.questionnaires import AnswerType
from steadfast.security.services.questionnaire_versions import ensure_editable
from steadfast.security.services.questionnaires import (
    CHOICE_TYPES,
    ControlCatalog,
    answer_options,
    canonical_answers,
)

EDITABLE_FIELDS = ("code", "section", "text", "help_text", "answer_type", "choices", "weight", "required")


def _locked(template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
    ensure_editable(template)
    return template


def save_question(*, actor, template: QuestionnaireTemplate, question: Question | None = None,
                  data: dict[str, Any]) -> Question:
    """Add a question at the end (question None) or change one. `data`: the EDITABLE_FIELDS, plus
    condition_code and condition_values (list) and controls (the references as text)."""
    with transaction.atomic():
        template = _locked(template)
        if question is not None:
            question = Question.objects.select_for_update().get(pk=question.pk, template=template)
        errors: dict[str, list[str]] = {}
        values = {name: data.get(name) for name in EDITABLE_FIELDS}
        values["code"] = (values["code"] or "").strip()
        values["choices"] = [c for c in (values["choices"] or []) if c] \
            if values["answer_type"] in CHOICE_TYPES else []
        if values["answer_type"] in CHOICE_TYPES and not values["choices"]:
            errors.setdefault("choices", []).append("a choice question needs its choices, one per line")
        if len(set(values["choices"])) < len(values["choices"]):
            errors.setdefault("choices", []).append("a choice is listed twice")
        clash = template.questions.filter(code=values["code"]).exclude(pk=getattr(question, "pk", None)).first()
        if values["code"] and clash is not None:
            errors.setdefault("code", []).append(f"{values['code']} is already question {clash.order}")
        condition, condition_values = _condition(template, question, data, errors)
        control_ids, control_errors = ControlCatalog().parse(data.get("controls") or "")
        if control_errors:
            errors.setdefault("controls", []).extend(control_errors)
        if question is not None:
            _check_dependents(question, values, errors)
        before = snapshot(question) if question is not None else {}
        before_controls = sorted(question.controls.values_list("pk", flat=True)) if question is not None else []
        if question is None:
            top = template.questions.aggregate(top=Max("order"))["top"] or 0
            question = Question(template=template, order=top + 1)
        for name, value in values.items():
            setattr(question, name, value)
        question.condition_question, question.condition_values = condition, condition_values
        try:
            question.full_clean(exclude=["template"], validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(name, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        verb = "update" if question.pk else "create"
        question.save()
        question.controls.set(control_ids)
        changes = diff(before, snapshot(question))
        if sorted(control_ids) != before_controls:
            changes["controls"] = [before_controls, sorted(control_ids)]
        if changes:
            record_events(actor=actor, events=[pending_for(verb, question, changes)])
        return question


def _condition(template, question, data, errors) -> tuple[Question | None, list[str]]:
    code = (data.get("condition_code") or "").strip()
    values = [v for v in (data.get("condition_values") or []) if v]
    if not code:
        if values:
            errors.setdefault("condition_code", []).append("choose the question whose answer shows this one")
        return None, []
    source = template.questions.filter(code=code).first()
    if source is None:
        errors.setdefault("condition_code", []).append(f"{code} is not a question of {template}")
        return None, []
    if question is not None and source.order >= question.order:
        errors.setdefault("condition_code", []).append(f"{code} comes after this question; a condition names an "
                                                       "earlier question")
        return None, []
    allowed = answer_options(source)
    if allowed is not None:
        values = canonical_answers(values, allowed)
    if allowed is None:
        errors.setdefault("condition_code", []).append(
            f"{code} is a {source.get_answer_type_display().lower()} question; choose a yes/no or choice question")
    elif not values:
        errors.setdefault("condition_values", []).append(f"choose the answers of {code} that show this question")
    elif not set(values) <= set(allowed):
        unknown = next(v for v in values if v not in allowed)
        errors.setdefault("condition_values", []).append(f"{unknown!r} is not an answer of {code} "
                                                         f"({'; '.join(allowed)})")
    return source, values


def _check_dependents(question: Question, values: dict, errors) -> None:
    """A change of answer type or choices must leave the questions shown by this one reachable."""
    probe = Question(answer_type=values["answer_type"], choices=values["choices"])
    allowed = answer_options(probe)
    for dependent in question.dependent_questions.all():
        if allowed is None or not set(dependent.condition_values) <= set(allowed):
            errors.setdefault("answer_type", []).append(
                f"{dependent.code} is shown when this question is answered "
                f"{' or '.join(dependent.condition_values)}; change or remove that condition first")


def delete_question(*, actor, question: Question) -> None:
    with transaction.atomic():
        template = _locked(question.template)
        dependents = list(question.dependent_questions.values_list("code", flat=True))
        if dependents:
            raise ValidationError({"question": f"{', '.join(dependents)} "
                                               f"{'is' if len(dependents) == 1 else 'are'} shown by {question.code}'s "
                                               "answer; change or delete that condition first"})
        record_events(actor=actor, events=[pending_for("delete", question, {
            "code": [question.code, None], "text": [question.text, None]})])
        question.delete()
        _renumber(template)


def move_question(*, actor, question: Question, direction: str) -> Question:
    """Swap with the neighbour above ("up") or below ("down"), keeping conditions on earlier questions."""
    if direction not in ("up", "down"):
        raise ValidationError({"direction": "move a question up or down"})
    with transaction.atomic():
        template = _locked(question.template)
        question = Question.objects.get(pk=question.pk)
        siblings = template.questions.exclude(pk=question.pk)
        neighbour = (siblings.filter(order__lt=question.order).order_by("-order").first() if direction == "up"
                     else siblings.filter(order__gt=question.order).order_by("order").first())
        if neighbour is None:
            raise ValidationError({"direction": f"{question.code} is already the {'first' if direction == 'up' else 'last'} "
                                                "question"})
        above, below = (neighbour, question) if direction == "up" else (question, neighbour)
        if below.condition_question_id == above.pk:
            raise ValidationError({"direction": f"{below.code} is shown by {above.code}'s answer and must stay "
                                                "below it"})
        first, second = question.order, neighbour.order
        Question.objects.filter(pk=question.pk).update(order=0)  # orders start at 1: 0 is free
        Question.objects.filter(pk=neighbour.pk).update(order=first)
        Question.objects.filter(pk=question.pk).update(order=second)
        question.order = second
        record_events(actor=actor, events=[pending_for("update", question, {"order": [first, second]})])
        return question


def _renumber(template: QuestionnaireTemplate) -> None:
    """Orders 1..n again after a deletion (two passes: the unique (template, order) holds throughout)."""
    questions = list(template.questions.order_by("order").values_list("pk", "order"))
    if all(order == index for index, (_, order) in enumerate(questions, start=1)):
        return
    offset = len(questions) + (template.questions.aggregate(top=Max("order"))["top"] or 0) + 1
    template.questions.update(order=F("order") + offset)
    for index, (pk, _) in enumerate(questions, start=1):
        Question.objects.filter(pk=pk).update(order=index)


def answer_type_label(value: str) -> str:
    return AnswerType(value).label if value in AnswerType.values else value
