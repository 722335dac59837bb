"""/security/questionnaires: the questionnaire library read-only (versions, one version's questions
with conditions and control references, the XLSX export). Changes go through the pages and the CLI."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpResponse
from django.utils.text import slugify
from ninja import Query, Schema

from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate
from steadfast.security.api.base import VIEW, router
from steadfast.security.selectors import questionnaire_library as select
from steadfast.security.selectors.workflow import get_template
from steadfast.security.services.questionnaire_xlsx import export_template_xlsx
from steadfast.security.services.questionnaires import DEFAULT_FRAMEWORK_ALIASES, control_ref
from steadfast.security.views.workflow_exports import XLSX


class TemplateOut(Schema):
    id: int
    name: str
    version: int
    status: str
    description: str
    question_count: int
    assessment_count: int
    campaign_count: int
    created_at: datetime
    updated_at: datetime


class ConditionOut(Schema):
    code: str
    values: list[str]


class QuestionOut(Schema):
    id: int
    order: int
    code: str
    section: str
    text: str
    help_text: str
    answer_type: str
    choices: list[str]
    weight: int
    required: bool
    condition: ConditionOut | None
    controls: list[str]


class TemplateDetailOut(TemplateOut):
    questions: list[QuestionOut]


TEMPLATE_ORDER = ("name", "version", "status", "created_at")


@router.get("/security/questionnaires", response=Page[TemplateOut], auth=VIEW)
def questionnaires(request, query: Query[ordered(ListQuery, TEMPLATE_ORDER)]):
    qs = select.library(user=request.user)
    if query.search:
        qs = qs.filter(name__icontains=query.search)
    return paginate(order(qs, query.ordering, TEMPLATE_ORDER, "name"), query)


@router.get("/security/questionnaires/{template_id}", response=TemplateDetailOut, auth=VIEW)
def questionnaire(request, template_id: int):
    get_template(user=request.user, template_id=template_id)  # scoped lookup first: 404
    template = select.library(user=request.user).get(pk=template_id)
    questions = [{
        "id": q.pk, "order": q.order, "code": q.code, "section": q.section, "text": q.text, "help_text": q.help_text,
        "answer_type": q.answer_type, "choices": q.choices or [], "weight": q.weight, "required": q.required,
        "condition": ({"code": q.condition_question.code, "values": q.condition_values}
                      if q.condition_question_id else None),
        "controls": [control_ref(c, DEFAULT_FRAMEWORK_ALIASES) for c in q.controls.all()],
    } for section in select.sections(template).values() for q in section]
    return {**{name: getattr(template, name) for name in TemplateOut.model_fields}, "questions": questions}


@router.get("/security/questionnaires/{template_id}/export.xlsx", auth=VIEW)
def questionnaire_export(request, template_id: int):
    template = get_template(user=request.user, template_id=template_id)
    response = HttpResponse(export_template_xlsx(template), content_type=XLSX)
    response["Content-Disposition"] = (f'attachment; filename="{slugify(template.name) or "questionnaire"}'
                                       f'-v{template.version}.xlsx"')
    return response
