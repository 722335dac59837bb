"""The question editor of a draft questionnaire version: add, change, delete and move questions.
The template and question are looked up in the user's scope first (404), then the service refuses
any change to a frozen version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.security.forms_questionnaires import QuestionForm
from steadfast.security.selectors import questionnaire_library as select
from steadfast.security.selectors.workflow import get_template
from steadfast.security.services import questionnaire_editor as editor
from steadfast.security.services.questionnaire_versions import is_frozen
from steadfast.security.services.questionnaires import DEFAULT_FRAMEWORK_ALIASES, control_ref


def _earlier(template, question) -> list[tuple[str, str]]:
    """The questions a condition may name: yes/no and choice questions above this one."""
    rows = template.questions.filter(answer_type__in=("yes_no_partial_na", "single_choice", "multiple_choice"))
    if question is not None:
        rows = rows.filter(order__lt=question.order)
    return [(code, f"{code} · {text[:70]}") for code, text in rows.order_by("order").values_list("code", "text")]


def _initial(question) -> dict:
    if question is None:
        return {}
    controls = question.controls.select_related("framework").order_by("framework__name", "sort_order")
    return {"code": question.code, "section": question.section, "text": question.text,
            "help_text": question.help_text, "answer_type": question.answer_type,
            "choices": "\n".join(question.choices or []), "weight": question.weight, "required": question.required,
            "condition_code": question.condition_question.code if question.condition_question_id else "",
            "condition_values": "\n".join(question.condition_values or []),
            "controls": "\n".join(control_ref(c, DEFAULT_FRAMEWORK_ALIASES) for c in controls)}


def _form_page(request, template, question=None):
    if is_frozen(template):
        messages.error(request, f"{template} is frozen ({template.get_status_display().lower()} or in use): "
                                "make a new draft version to change its questions.")
        return redirect("security:questionnaire", template.pk)
    form = QuestionForm(request.POST or None, initial=_initial(question), earlier=_earlier(template, question))
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            try:
                saved = editor.save_question(actor=request.user, template=template, question=question,
                                             data=form.service_data())
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, f"Question {saved.code} saved.")
                return redirect(f"{_template_url(template)}#q-{saved.pk}")
    return render(request, "security/questionnaires/question_form.html",
                  {"template": template, "question": question, "form": form}, status=status)


def _template_url(template) -> str:
    return reverse("security:questionnaire", args=[template.pk])


@policy_required("security", "change")
def question_new(request, template_id: int):
    return _form_page(request, get_template(user=request.user, template_id=template_id))


@policy_required("security", "change")
def question_edit(request, template_id: int, question_id: int):
    template = get_template(user=request.user, template_id=template_id)
    return _form_page(request, template, select.get_question(template, question_id))


@require_POST
@policy_required("security", "change")
def question_delete(request, template_id: int, question_id: int):
    template = get_template(user=request.user, template_id=template_id)
    question = select.get_question(template, question_id)
    try:
        editor.delete_question(actor=request.user, question=question)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Question {question.code} deleted.")
    return redirect("security:questionnaire", template.pk)


@require_POST
@policy_required("security", "change")
def question_move(request, template_id: int, question_id: int):
    template = get_template(user=request.user, template_id=template_id)
    question = select.get_question(template, question_id)
    try:
        editor.move_question(actor=request.user, question=question, direction=request.POST.get("direction", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("security:questionnaire", template.pk)
    return redirect(f"{_template_url(template)}#q-{question.pk}")
