"""The questionnaire library (Security → Questionnaires): versions with their counts, a version's
questions, XLSX export and import, new draft versions, publish, retire, discard, and the diff between
two versions. Analysts change; every role of the security domain reads. The question editor on
drafts is in questionnaire_editor.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.policy import can
from steadfast.security.forms_questionnaires import ImportForm
from steadfast.security.models.questionnaires import TemplateStatus
from steadfast.security.selectors import questionnaire_library as select
from steadfast.security.selectors.workflow import get_template
from steadfast.security.services import questionnaire_versions as versions
from steadfast.security.services.questionnaire_xlsx import export_template_xlsx, import_template_xlsx
from steadfast.security.services.questionnaires import DEFAULT_FRAMEWORK_ALIASES, YES_NO_VALUES
from steadfast.security.views.workflow_exports import XLSX

YES_NO_WORDS = dict(zip(YES_NO_VALUES, ("yes", "partial", "no", "not applicable"), strict=True))
ALIAS_OF = {name: alias for alias, name in DEFAULT_FRAMEWORK_ALIASES.items()}


def _library(request, *, form=None, errors=None, status=200):
    rows = list(select.library(user=request.user))
    previous = None
    for row in rows:
        row.first_of_name = row.name != previous
        previous = row.name
    return render(request, "security/questionnaires/library.html", {
        "rows": rows, "names": len({row.name for row in rows}),
        "can_change": can(request.user, "security", "change"),
        "form": form or ImportForm(), "errors": errors or [],
    }, status=status)


@policy_required("security", "view")
def library(request):
    return _library(request)


@require_POST
@policy_required("security", "change")
def library_import(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _library(request, form=form, status=422)
    upload = form.cleaned_data["file"]
    try:
        result = import_template_xlsx(actor=request.user, data=upload.read(), filename=upload.name)
    except ValidationError as exc:
        return _library(request, form=form, errors=exc.messages, status=422)
    messages.success(request, result.describe())
    return redirect("security:questionnaire", result.template.pk)


def _readable_condition(question) -> str:
    if not question.condition_question_id:
        return ""
    values = [YES_NO_WORDS.get(v, v) if question.condition_question.answer_type == "yes_no_partial_na" else v
              for v in question.condition_values]
    return f"{question.condition_question.code} is {' or '.join(values)}"


@policy_required("security", "view")
def template_detail(request, template_id: int):
    template = get_template(user=request.user, template_id=template_id)
    sections = select.sections(template)
    for questions in sections.values():
        for question in questions:
            question.shown_when = _readable_condition(question)
            question.control_refs = [(ALIAS_OF.get(c.framework.name, c.framework.name), c.label or c.control_id,
                                      c.title) for c in question.controls.all()]
    all_versions = select.versions_of(template, user=request.user)
    frozen = versions.is_frozen(template)
    may_change = can(request.user, "security", "change")
    return render(request, "security/questionnaires/template.html", {
        "template": template, "sections": sections, "versions": all_versions,
        "question_count": sum(len(q) for q in sections.values()),
        "assessment_count": template.assessments.count(), "campaign_count": template.campaigns.count(),
        "may_edit": may_change and not frozen,
        "may_new_draft": may_change and not any(v.status == TemplateStatus.DRAFT for v in all_versions),
        "may_publish": may_change and template.status == TemplateStatus.DRAFT,
        "may_discard": may_change and not frozen,
        "may_retire": may_change and template.status == TemplateStatus.PUBLISHED,
        "previous": next((v for v in all_versions if v.version < template.version), None),
    })


@policy_required("security", "view")
def template_export(request, template_id: int):
    template = get_template(user=request.user, template_id=template_id)
    response = HttpResponse(export_template_xlsx(template), content_type=XLSX)
    filename = f"{slugify(template.name) or 'questionnaire'}-v{template.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _act(request, template_id: int, action, done: str, *, back_to_library: bool = False):
    template = get_template(user=request.user, template_id=template_id)
    try:
        result = action(actor=request.user, template=template)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("security:questionnaire", template.pk)
    messages.success(request, done.format(template=result or template))
    if back_to_library:
        return redirect("security:questionnaires")
    return redirect("security:questionnaire", (result or template).pk)


@require_POST
@policy_required("security", "change")
def template_new_version(request, template_id: int):
    return _act(request, template_id, versions.new_draft,
                "{template} created as a draft: edit its questions, then publish it.")


@require_POST
@policy_required("security", "change")
def template_publish(request, template_id: int):
    return _act(request, template_id, versions.publish,
                "{template} published: new campaigns and reassessments can use it; earlier versions stay as they are.")


@require_POST
@policy_required("security", "change")
def template_retire(request, template_id: int):
    return _act(request, template_id, versions.retire,
                "{template} retired: no new campaign uses it; assessments already on it carry on.")


@require_POST
@policy_required("security", "change")
def template_description(request, template_id: int):
    description = request.POST.get("description", "")
    return _act(request, template_id,
                lambda *, actor, template: versions.update_description(actor=actor, template=template,
                                                                       description=description),
                "Description of {template} saved.")


@require_POST
@policy_required("security", "change")
def template_discard(request, template_id: int):
    return _act(request, template_id, versions.discard_draft, "Draft {template} discarded.", back_to_library=True)


@policy_required("security", "view")
def template_diff(request, template_id: int):
    template = get_template(user=request.user, template_id=template_id)
    others = [v for v in select.versions_of(template, user=request.user) if v.pk != template.pk]
    against_id = request.GET.get("against")
    if against_id:
        try:
            other = next(v for v in others if v.pk == int(against_id))
        except (ValueError, StopIteration):
            raise Http404("no such version of this questionnaire") from None
    else:
        other = next((v for v in others if v.version < template.version), others[0] if others else None)
    if other is None:
        messages.info(request, f"{template.name} has one version only: nothing to compare.")
        return redirect("security:questionnaire", template.pk)
    older, newer = sorted((template, other), key=lambda v: v.version)
    return render(request, "security/questionnaires/diff.html", {
        "template": template, "older": older, "newer": newer, "others": others,
        "diff": versions.diff_versions(older, newer),
    })
