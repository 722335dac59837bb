"""Reads of the questionnaire library: versions with their counts, a version's questions by section."""

from __future__ import annotations

from collections import OrderedDict

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from steadfast.security.models import Assessment, Campaign, Question, QuestionnaireTemplate
from steadfast.security.selectors.workflow import templates


def _count(model, **filters) -> Coalesce:
    rows = (model.objects.filter(template=OuterRef("pk"), **filters).order_by().values("template")
            .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def library(*, user) -> QuerySet[QuestionnaireTemplate]:
    """Every version the user may see, newest version first per name, with its counts (one query)."""
    return templates(user=user).annotate(
        question_count=_count(Question), assessment_count=_count(Assessment),
        campaign_count=_count(Campaign)).order_by("name", "-version")


def versions_of(template: QuestionnaireTemplate, *, user) -> list[QuestionnaireTemplate]:
    return list(templates(user=user).filter(name=template.name).order_by("-version"))


def sections(template: QuestionnaireTemplate) -> OrderedDict[str, list[Question]]:
    """Questions in order, grouped by section in the order the sections first appear (two queries)."""
    grouped: OrderedDict[str, list[Question]] = OrderedDict()
    questions = (template.questions.order_by("order").select_related("condition_question")
                 .prefetch_related("controls__framework"))
    for question in questions:
        grouped.setdefault(question.section or "Questions", []).append(question)
    return grouped


def get_question(template: QuestionnaireTemplate, question_id: int) -> Question:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(template.questions.all(), pk=question_id)
