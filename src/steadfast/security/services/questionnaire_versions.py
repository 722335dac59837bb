"""Questionnaire versions: the content of a version as plain data (for imports, copies and diffs), new
draft versions, publishing, retiring and discarding. A published or retired version, or any version an
assessment or campaign uses, is frozen: every change goes into a new draft version."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from steadfast.core.services.crud import pending_for, record_events
from steadfast.security.models import Question, QuestionnaireTemplate
from steadfast.security.models.questionnaires import TemplateStatus
from steadfast.security.services.questionnaires import DEFAULT_FRAMEWORK_ALIASES


@dataclass
class QuestionSpec:
    code: str
    text: str
    answer_type: str
    section: str = ""
    help_text: str = ""
    choices: list[str] = field(default_factory=list)
    weight: int = 1
    required: bool = True
    condition_code: str = ""
    condition_values: list[str] = field(default_factory=list)
    control_ids: list[int] = field(default_factory=list)

    def content(self) -> tuple:
        """What a version's question is, the control mapping as a set."""
        return (self.code, self.section, self.text, self.help_text, self.answer_type, list(self.choices),
                self.weight, self.required, self.condition_code, list(self.condition_values),
                sorted(self.control_ids))


@dataclass
class TemplateSpec:
    name: str
    description: str = ""
    version: int = 1
    questions: list[QuestionSpec] = field(default_factory=list)

    def content(self) -> tuple:
        return self.description, [q.content() for q in self.questions]


def template_spec(template: QuestionnaireTemplate) -> TemplateSpec:
    """The version's content in question order (two queries)."""
    questions = list(template.questions.order_by("order").select_related("condition_question")
                     .prefetch_related("controls"))
    return TemplateSpec(name=template.name, description=template.description, version=template.version, questions=[
        QuestionSpec(code=q.code, text=q.text, answer_type=q.answer_type, section=q.section, help_text=q.help_text,
                     choices=list(q.choices or []), weight=q.weight, required=q.required,
                     condition_code=q.condition_question.code if q.condition_question_id else "",
                     condition_values=list(q.condition_values or []),
                     control_ids=sorted(c.pk for c in q.controls.all()))
        for q in questions])


def is_frozen(template: QuestionnaireTemplate) -> bool:
    return (template.status != TemplateStatus.DRAFT or template.assessments.exists()
            or template.campaigns.exists())


def ensure_editable(template: QuestionnaireTemplate) -> None:
    if template.status != TemplateStatus.DRAFT:
        raise ValidationError({"template": f"{template} is {template.get_status_display().lower()}: its questions are "
                                           "frozen; make a new draft version to change them"})
    if template.assessments.exists() or template.campaigns.exists():
        raise ValidationError({"template": f"{template} is used by assessments or campaigns: its questions are "
                                           "frozen; make a new draft version to change them"})


def next_version(name: str) -> int:
    return (QuestionnaireTemplate.objects.filter(name=name).aggregate(top=Max("version"))["top"] or 0) + 1


def save_questions(template: QuestionnaireTemplate, questions: list[QuestionSpec]) -> None:
    """Write the questions of a new (empty) version; conditions must point at earlier codes."""
    by_code: dict[str, Question] = {}
    links = []
    for order, spec in enumerate(questions, start=1):
        question = Question(template=template, order=order, code=spec.code, section=spec.section, text=spec.text,
                            help_text=spec.help_text, answer_type=spec.answer_type, choices=list(spec.choices),
                            weight=spec.weight, required=spec.required,
                            condition_question=by_code[spec.condition_code] if spec.condition_code else None,
                            condition_values=list(spec.condition_values) if spec.condition_code else [])
        question.full_clean(exclude=["template"])
        question.save()
        by_code[question.code] = question
        links += [Question.controls.through(question_id=question.pk, control_id=pk) for pk in spec.control_ids]
    Question.controls.through.objects.bulk_create(links)


def create_version(*, actor, spec: TemplateSpec, version: int, source: str) -> QuestionnaireTemplate:
    """A new draft version holding `spec`'s questions, with one audit event naming where it came from."""
    with transaction.atomic():
        template = QuestionnaireTemplate(name=spec.name, version=version, description=spec.description,
                                         status=TemplateStatus.DRAFT)
        template.full_clean()
        template.save()
        save_questions(template, spec.questions)
        record_events(actor=actor, events=[pending_for("create", template, {
            "name": [None, spec.name], "version": [None, version], "status": [None, template.status],
            "questions": [None, len(spec.questions)], "source": [None, source]})])
    return template


def new_draft(*, actor, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """Copy a version (questions, conditions, controls) into the next version, as a draft to edit."""
    draft = QuestionnaireTemplate.objects.filter(name=template.name, status=TemplateStatus.DRAFT).first()
    if draft is not None:
        raise ValidationError({"template": f"{draft} is already a draft of this questionnaire: edit it, or "
                                           "discard it first"})
    return create_version(actor=actor, spec=template_spec(template), version=next_version(template.name),
                          source=f"copy of v{template.version}")


def publish(*, actor, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """The draft becomes published: campaigns and reassessments may use it; earlier published versions
    stay published (assessments running on them go on unchanged)."""
    with transaction.atomic():
        template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        if template.status != TemplateStatus.DRAFT:
            raise ValidationError({"status": f"{template} is {template.get_status_display().lower()}; "
                                             "only a draft is published"})
        if not template.questions.exists():
            raise ValidationError({"questions": f"{template} has no questions; add at least one before publishing"})
        return _set_status(actor, template, TemplateStatus.PUBLISHED)


def retire(*, actor, template: QuestionnaireTemplate) -> QuestionnaireTemplate:
    """No new campaign or reassessment uses a retired version; assessments already on it carry on."""
    with transaction.atomic():
        template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        if template.status != TemplateStatus.PUBLISHED:
            raise ValidationError({"status": f"{template} is {template.get_status_display().lower()}; "
                                             "only a published version is retired"})
        return _set_status(actor, template, TemplateStatus.RETIRED)


def update_description(*, actor, template: QuestionnaireTemplate, description: str) -> QuestionnaireTemplate:
    description = (description or "").strip()
    if len(description) > 5000:
        raise ValidationError({"description": "at most 5,000 characters"})
    with transaction.atomic():
        template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        ensure_editable(template)
        before = template.description
        if description != before:
            template.description = description
            template.save(update_fields=["description", "updated_at"])
            record_events(actor=actor, events=[pending_for("update", template, {"description": [before, description]})])
        return template


def discard_draft(*, actor, template: QuestionnaireTemplate) -> None:
    with transaction.atomic():
        template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        ensure_editable(template)
        record_events(actor=actor, events=[pending_for("delete", template, {
            "name": [template.name, None], "version": [template.version, None],
            "questions": [template.questions.count(), None]})])
        Question.objects.filter(template=template).update(condition_question=None)
        template.delete()


def _set_status(actor, template: QuestionnaireTemplate, status: str) -> QuestionnaireTemplate:
    before = template.status
    template.status = status
    template.save(update_fields=["status", "updated_at"])
    record_events(actor=actor, events=[pending_for("update", template, {"status": [before, status]})])
    return template


# ---- differences between two versions -------------------------------------------------------------

DIFF_FIELDS = (("section", "Section"), ("text", "Question"), ("help_text", "Help"), ("answer_type", "Answer type"),
               ("choices", "Choices"), ("weight", "Weight"), ("required", "Required"), ("condition", "Shown when"),
               ("controls", "Controls"))  # not the position: one insertion would mark every later question


@dataclass
class QuestionChange:
    code: str
    changes: list[tuple[str, object, object]]  # (field label, before, after), values as people read them


def diff_versions(older: QuestionnaireTemplate, newer: QuestionnaireTemplate) -> dict:
    """Questions added, removed and changed (by code) from `older` to `newer`, each change readable."""
    before, after = _readable(older), _readable(newer)
    changed = []
    for code, row in after.items():
        if code in before:
            changes = [(label, before[code][key], row[key]) for key, label in DIFF_FIELDS
                       if before[code][key] != row[key]]
            if changes:
                changed.append(QuestionChange(code, changes))
    return {"added": [row for code, row in after.items() if code not in before],
            "removed": [row for code, row in before.items() if code not in after],
            "changed": changed, "description_changed": older.description != newer.description}


def _readable(template: QuestionnaireTemplate) -> dict[str, dict]:
    questions = (template.questions.order_by("order").select_related("condition_question")
                 .prefetch_related("controls__framework"))
    alias_of = {name: alias for alias, name in DEFAULT_FRAMEWORK_ALIASES.items()}
    rows = {}
    for position, q in enumerate(questions, start=1):
        rows[q.code] = {
            "code": q.code, "section": q.section, "text": q.text, "help_text": q.help_text,
            "answer_type": q.get_answer_type_display(), "choices": "; ".join(q.choices or []) or "—",
            "weight": q.weight, "required": "yes" if q.required else "no",
            "condition": (f"{q.condition_question.code} is {' or '.join(map(str, q.condition_values))}"
                          if q.condition_question_id else "always"),
            "controls": ", ".join(sorted(f"{alias_of.get(c.framework.name, c.framework.name)} {c.label or c.control_id}"
                                         for c in q.controls.all())) or "—",
            "position": position,
        }
    return rows
