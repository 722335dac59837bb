"""The question→control mapping of one questionnaire template version, both ways: each question with
the controls it evidences, and each framework group (CSF function, SP 800-53 family) with its
controls, the questions mapping each, and the controls no question maps (the gaps). Four queries."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import F
from django.shortcuts import get_object_or_404

from steadfast.core.scoping import scoped
from steadfast.security.models import Control, Question, QuestionnaireTemplate
from steadfast.security.selectors.coverage import (
    FRAMEWORKS,
    CatalogControl,
    FrameworkKind,
    catalog_controls,
    group_title,
    imported_frameworks,
)


@dataclass
class MappedQuestion:
    pk: int
    code: str
    section: str
    text: str
    answer_type: str
    weight: int
    # (kind, group key, control, what it says: its title, or for a CSF subcategory its statement)
    controls: list[tuple[FrameworkKind, str, CatalogControl, str]] = field(default_factory=list)


@dataclass
class GroupMapping:
    framework: FrameworkKind
    key: str
    title: str
    mapped: list[tuple[CatalogControl, list[str]]] = field(default_factory=list)  # control, question codes
    gaps: list[CatalogControl] = field(default_factory=list)


def get_template(*, user, template_id: int) -> QuestionnaireTemplate:
    # Templates are reference data of the programme: scoped roles see none (like the catalogs).
    return get_object_or_404(scoped(QuestionnaireTemplate.objects.all(), user=user), pk=template_id)


def template_mapping(*, template: QuestionnaireTemplate) -> tuple[list[MappedQuestion], list[GroupMapping]]:
    kinds = list(FRAMEWORKS.values())
    kind_of_framework = imported_frameworks(kinds)
    catalog = catalog_controls(list(kind_of_framework))
    questions = {pk: MappedQuestion(pk, code, section, text, answer_type, weight) for pk, code, section, text, answer_type,
                 weight in Question.objects.filter(template=template).order_by("order")
                 .values_list("pk", "code", "section", "text", "answer_type", "weight")}
    codes_of: dict[int, list[str]] = defaultdict(list)
    for question_id, control_id in (Question.controls.through.objects.filter(question__template=template)
                                    .order_by("question__order", "control__framework_id", "control__sort_order")
                                    .values_list("question_id", "control_id")):
        control = catalog.get(control_id)
        if control is None:  # a control of a framework this page does not group (another catalog)
            continue
        kind = kind_of_framework[control.framework_id]
        questions[question_id].controls.append((kind, kind.levels[0].group_of(control), control, control.title))
        codes_of[control_id].append(questions[question_id].code)
    # CSF subcategories carry their own id as title: their statement says what they ask.
    statements = dict(Control.objects.filter(pk__in=list(codes_of), title=F("control_id")).values_list("pk", "statement"))
    for question in questions.values():
        question.controls = [(kind, group, control, statements.get(control.pk, control.title))
                             for kind, group, control, _title in question.controls]
    groups: list[GroupMapping] = []
    for kind in kinds:
        level = kind.levels[0]  # CSF functions, SP 800-53 families
        by_key: dict[str, GroupMapping] = {}
        for control in catalog.values():
            if kind_of_framework[control.framework_id] is not kind:
                continue
            key = level.group_of(control)
            group = by_key.get(key)
            if group is None:
                group = by_key[key] = GroupMapping(kind, key, group_title(level, control))
            if control.pk in codes_of:
                group.mapped.append((control, codes_of[control.pk]))
            elif not control.withdrawn and (control.parent_id is not None) == kind.assessable_has_parent:
                group.gaps.append(control)
        groups.extend(g for g in by_key.values() if g.mapped or g.gaps)
    return list(questions.values()), groups


def list_templates(*, user):
    """Every template version (newest first per name), for links to their mappings."""
    return scoped(QuestionnaireTemplate.objects.all(), user=user).order_by("name", "-version")
