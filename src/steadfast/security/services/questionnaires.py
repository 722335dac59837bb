"""Questionnaire templates shipped as data, and the rules every answer obeys (types, conditions)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services.crud import pending_for, record_events
from steadfast.security.models import Control, Framework, Question, QuestionnaireTemplate

BASELINE_PATH = Path(__file__).resolve().parent.parent / "data" / "baseline_questionnaire.json"
YES_NO_VALUES = ("yes", "partial", "no", "na")
CHOICE_TYPES = (Question.AnswerType.SINGLE_CHOICE, Question.AnswerType.MULTIPLE_CHOICE)


def load_baseline_template(*, actor) -> QuestionnaireTemplate:
    return load_template(actor=actor, path=BASELINE_PATH)


def load_template(*, actor, path: str | Path) -> QuestionnaireTemplate:
    """Create a published template from a JSON definition (see data/baseline_questionnaire.json).
    Loading a name and version that already exist returns the existing template unchanged, or is
    refused if the questions differ (a changed questionnaire needs a new version)."""
    path = Path(path)
    try:
        spec = json.loads(path.read_text(encoding="utf-8"))
        name, version, questions = str(spec["name"]).strip(), int(spec["version"]), spec["questions"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValidationError({"file": f"{path.name}: not a questionnaire definition ({exc})"}) from None
    if not name:
        raise ValidationError({"file": f"{path.name}: the questionnaire needs a name"})
    if not isinstance(questions, list) or not questions:
        raise ValidationError({"file": f"{path.name}: 'questions' must be a non-empty list"})
    bad = next((n for n, raw in enumerate(questions, start=1) if not isinstance(raw, dict)), None)
    if bad is not None:
        raise ValidationError({"file": f"{path.name}: question {bad} is not an object"})
    if not isinstance(spec.get("frameworks", {}), dict):
        raise ValidationError({"file": f"{path.name}: 'frameworks' must map aliases to framework names"})
    existing = QuestionnaireTemplate.objects.filter(name=name, version=version).first()
    if existing is not None:
        stored = list(existing.questions.order_by("order").values_list("code", "text", "answer_type", "weight"))
        given = [(str(q.get("code", "")), str(q.get("text", "")), str(q.get("answer_type", "")), q.get("weight", 1))
                 for q in questions]
        if stored != given:
            raise ValidationError({"file": f"{path.name}: {name} v{version} is already loaded with different questions; "
                                           "give the changed questionnaire a new version"})
        return existing
    frameworks = _frameworks(spec.get("frameworks", {}), path.name)
    with transaction.atomic():
        template = QuestionnaireTemplate(name=name, version=version, description=spec.get("description", ""),
                                         status=QuestionnaireTemplate.Status.PUBLISHED)
        template.full_clean()
        template.save()
        by_code: dict[str, Question] = {}
        links = []
        for order, raw in enumerate(questions, start=1):
            where = f"{path.name}: question {order} ({raw.get('code', '?')})"
            question = _question(template, order, raw, by_code, where)
            question.save()
            by_code[question.code] = question
            for ref in raw.get("controls", []):
                links.append(Question.controls.through(question_id=question.pk, control_id=_control(frameworks, ref, where)))
        Question.controls.through.objects.bulk_create(links)
        record_events(actor=actor, events=[pending_for("create", template, {
            "name": [None, name], "version": [None, version], "questions": [None, len(by_code)]})])
    return template


def _frameworks(aliases: dict[str, str], file: str) -> dict[str, dict[str, int]]:
    """alias -> {control_id: pk} from the newest imported version of each named framework."""
    resolved = {}
    for alias, name in aliases.items():
        framework = Framework.objects.filter(name=name).order_by("-imported_at", "-pk").first()
        if framework is None:
            raise ValidationError({"file": f"{file}: framework {name!r} is not imported; run `steadfast security_setup`"})
        resolved[alias] = dict(Control.objects.filter(framework=framework).values_list("control_id", "pk"))
    return resolved


def _control(frameworks: dict[str, dict[str, int]], ref: str, where: str) -> int:
    alias, _, control_id = ref.partition(" ")
    if alias not in frameworks or control_id not in frameworks[alias]:
        raise ValidationError({"file": f"{where}: control {ref!r} not found in the imported frameworks"})
    return frameworks[alias][control_id]


def _question(template, order: int, raw: dict[str, Any], earlier: dict[str, Question], where: str) -> Question:
    condition = raw.get("condition")
    condition_question = None
    condition_values: list[str] = []
    if condition:
        condition_question = earlier.get(condition.get("code"))
        if condition_question is None:
            raise ValidationError({"file": f"{where}: the condition must name an earlier question, not {condition.get('code')!r}"})
        condition_values = list(condition.get("values") or [])
        allowed = answer_options(condition_question)
        if not condition_values or (allowed is not None and not set(condition_values) <= set(allowed)):
            raise ValidationError({"file": f"{where}: condition values {condition_values} are not answers of "
                                           f"{condition_question.code} ({allowed})"})
    question = Question(template=template, order=order, code=raw.get("code", ""), section=raw.get("section", ""),
                        text=raw.get("text", ""), help_text=raw.get("help_text", ""),
                        answer_type=raw.get("answer_type", ""), choices=raw.get("choices", []),
                        weight=raw.get("weight", 1), required=raw.get("required", True),
                        condition_question=condition_question, condition_values=condition_values)
    try:
        question.full_clean(exclude=["template"])
    except ValidationError as exc:
        raise ValidationError({"file": f"{where}: {'; '.join(exc.messages)}"}) from None
    if question.answer_type in CHOICE_TYPES and not (isinstance(question.choices, list) and question.choices):
        raise ValidationError({"file": f"{where}: a choice question needs a list of choices"})
    return question


def answer_options(question: Question) -> list[str] | None:
    """The closed set of answers a question takes, or None for free answers."""
    if question.answer_type == Question.AnswerType.YES_NO_PARTIAL_NA:
        return list(YES_NO_VALUES)
    if question.answer_type in CHOICE_TYPES:
        return list(question.choices)
    return None


def canonical_answers(values: list[str], allowed: list[str]) -> list[str]:
    """Values as the options spell them when they differ only in case ("Yes" → "yes"); others unchanged."""
    spelled = {option.lower(): option for option in allowed}
    return [spelled.get(str(value).lower(), value) for value in values]


def is_visible(question: Question, answers: dict[int, Any]) -> bool:
    """A conditional question shows when its controlling question (itself visible) was answered with
    one of its condition values; `answers` maps question id to value (a list for multiple choice)."""
    if question.condition_question_id is None:
        return True
    value = answers.get(question.condition_question_id)
    given = set(value) if isinstance(value, list) else {value}
    return bool(given & set(question.condition_values))


def clean_answer_value(question: Question, value: Any) -> Any:
    """The value as stored, or ValidationError naming the question and what is wrong."""
    kind = question.answer_type
    label = f"{question.code}"
    if value in (None, "", []):
        return None
    if kind in (Question.AnswerType.YES_NO_PARTIAL_NA, Question.AnswerType.SINGLE_CHOICE):
        if value not in answer_options(question):
            raise ValidationError({label: f"choose one of {', '.join(answer_options(question))}"})
        return value
    if kind == Question.AnswerType.MULTIPLE_CHOICE:
        values = value if isinstance(value, list) else [value]
        unknown = [v for v in values if v not in question.choices]
        if unknown:
            raise ValidationError({label: f"unknown choice {unknown[0]!r}"})
        return [c for c in question.choices if c in values]
    if kind == Question.AnswerType.NUMBER:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValidationError({label: "enter a number"}) from None
        if number != number or number in (float("inf"), float("-inf")):
            raise ValidationError({label: "enter a finite number"})
        return int(number) if number.is_integer() else number
    if kind == Question.AnswerType.DATE:
        try:
            return dt.date.fromisoformat(str(value)).isoformat()
        except ValueError:
            raise ValidationError({label: "enter a date as YYYY-MM-DD"}) from None
    if kind == Question.AnswerType.TEXT:
        text = str(value).strip()
        if len(text) > 10000:
            raise ValidationError({label: "at most 10,000 characters"})
        return text
    raise ValidationError({label: "evidence is uploaded as a file, not typed"})


# Control references as people write them: "<alias> <control id>", e.g. "CSF GV.RR-02" or "SP800-53 pm-2".
DEFAULT_FRAMEWORK_ALIASES: dict[str, str] = json.loads(BASELINE_PATH.read_text(encoding="utf-8"))["frameworks"]


class ControlCatalog:
    """Resolves control references against the imported catalogs: `aliases` maps an alias to a framework
    name and optionally a version ((name, version)); without a version the newest import is used. Ids
    match case-insensitively by OSCAL id or printed label ("pm-2", "PM-2", "SR-3(1)")."""

    def __init__(self, aliases: dict[str, str | tuple[str, str]] | None = None):
        self.aliases = {alias: (spec if isinstance(spec, tuple) else (spec, ""))
                        for alias, spec in (aliases or DEFAULT_FRAMEWORK_ALIASES).items()}
        self._by_alias: dict[str, dict[str, int] | None] = {}
        self._alias_lower = {alias.lower(): alias for alias in self.aliases}

    def framework_missing(self, alias: str) -> str | None:
        """Why an alias cannot be used (its framework is not imported), or None."""
        return None if self._controls(alias) is not None else self._missing(alias)

    def _missing(self, alias: str) -> str:
        name, version = self.aliases[alias]
        return (f"framework {name!r}{f' version {version}' if version else ''} (alias {alias}) is not imported; "
                "import it under Security → Frameworks or with `steadfast security_setup`")

    def _controls(self, alias: str) -> dict[str, int] | None:
        if alias not in self._by_alias:
            name, version = self.aliases[alias]
            frameworks = Framework.objects.filter(name=name)
            if version:
                frameworks = frameworks.filter(version=version)
            framework = frameworks.order_by("-imported_at", "-pk").first()
            if framework is None:
                self._by_alias[alias] = None
            else:
                lookup: dict[str, int] = {}
                for pk, control_id, label in Control.objects.filter(framework=framework).values_list(
                        "pk", "control_id", "label"):
                    if label:
                        lookup.setdefault(label.lower(), pk)
                    lookup[control_id.lower()] = pk
                self._by_alias[alias] = lookup
        return self._by_alias[alias]

    def parse(self, text: str) -> tuple[list[int], list[str]]:
        """Control pks in the order written (duplicates dropped) and one message per bad reference.
        References are separated by new lines, commas or semicolons; within one, an alias may be
        followed by several ids ("SP800-53 sa-3 sa-8")."""
        tokens = (text or "").replace(",", " ").replace(";", " ").split()
        pks: list[int] = []
        errors: list[str] = []
        alias = None
        for token in tokens:
            known = self._alias_lower.get(token.lower())
            if known is not None:
                alias = known
                continue
            if alias is None:
                errors.append(f"{token!r} has no framework alias before it (use {' or '.join(self.aliases)}, "
                              f"e.g. '{next(iter(self.aliases), 'CSF')} {token}')")
                continue
            controls = self._controls(alias)
            if controls is None:
                errors.append(self._missing(alias))
                continue
            pk = controls.get(token.lower())
            if pk is None:
                errors.append(f"control '{alias} {token}' is not in {self.aliases[alias][0]}")
            elif pk not in pks:
                pks.append(pk)
        if alias is not None and not pks and not errors:
            errors.append(f"'{alias}' names a framework but no control")
        return pks, errors


def control_ref(control: Control, aliases: dict[str, str]) -> str:
    """The reference written for a control: its framework's alias (or name) and its OSCAL id."""
    alias = next((a for a, name in aliases.items() if name == control.framework.name), control.framework.name)
    return f"{alias} {control.control_id}"
