"""BIA, contingency plan and exercise pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.continuity import forms
from steadfast.continuity.selectors import bia as bia_selectors
from steadfast.continuity.selectors import plans as selectors
from steadfast.continuity.selectors.bcm import owner_of
from steadfast.continuity.selectors.runs import latest_run
from steadfast.continuity.services import bia as bia_services
from steadfast.continuity.services import exercises as exercise_services
from steadfast.continuity.services import plans as plan_services
from steadfast.continuity.views.common import CHANGE, VIEW, can_change
from steadfast.core.decorators import policy_required
from steadfast.core.tables import Column, Table


def _form_page(request, *, form_class, title, save, cancel_url, success, next_url, initial=None):
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.service_kwargs())
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, success.format(obj=saved))
            return redirect(next_url(saved))
    return render(request, "continuity/form.html", {"form": form, "title": title, "cancel_url": cancel_url},
                  status=422 if request.method == "POST" else 200)


def _small_form_post(request, form_class, action, back_url):
    """A POST of a small form on a detail page: act, or report the errors and go back."""
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in form.errors.items()))
        return redirect(back_url)
    try:
        done = action(form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
                       if hasattr(exc, "message_dict") else " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(back_url)


# --- BIA --------------------------------------------------------------------------------------

@policy_required(*VIEW)
def bia_list(request):
    rows = bia_selectors.impact_analyses(user=request.user, search=request.GET.get("q", ""))
    table = Table(request, rows, [Column("product.ref", "Product", "product__ref", link="page_url"),
                                  Column("product.name", "Name", "product__name"),
                                  Column("get_priority_display", "Priority", "priority"),
                                  Column("mtpd_days", "MTPD (days)", "mtpd_days", numeric=True),
                                  Column("rto_days", "RTO (days)", "rto_days", numeric=True),
                                  Column("rpo_hours", "RPO (hours)", "rpo_hours", numeric=True),
                                  Column("mbco_percent", "MBCO (%)", "mbco_percent", numeric=True),
                                  Column("owner_name", "Owner", "owner_name")], default_order="priority")
    return render(request, "continuity/list.html", {
        "title": "Business impact analyses", "table": table, "q": request.GET.get("q", ""),
        "create_url": reverse("continuity:bia_create") if can_change(request) else None,
        "intro": "One per product: how long it may be short (MTPD), how soon it must be back (RTO), the data it "
                 "may lose (RPO) and the output that must continue (MBCO)."})


@policy_required(*VIEW)
def bia_detail(request, bia_id: int):
    bia = bia_selectors.impact_analysis(user=request.user, bia_id=bia_id)
    run = latest_run(user=request.user)
    deps = bia_selectors.dependencies(bia=bia, run=run)
    return render(request, "continuity/bia_detail.html", {
        "bia": bia, "run": run, "dependencies": deps[:300], "dependency_count": len(deps),
        "continuity_owner": owner_of(user=request.user, product_id=bia.product_id),
        "flagged": sum(d.flagged for d in deps), "can_change": can_change(request)})


@policy_required(*CHANGE)
def bia_create(request):
    return _form_page(request, form_class=forms.BiaForm, title="New business impact analysis",
                      cancel_url=reverse("continuity:bias"), success="Saved the BIA of {obj.product.ref}.",
                      initial={"product": request.GET.get("product", "")},
                      save=lambda data: bia_services.create_bia(actor=request.user, **data),
                      next_url=lambda bia: reverse("continuity:bia", args=[bia.pk]))


@policy_required(*CHANGE)
def bia_edit(request, bia_id: int):
    bia = bia_selectors.impact_analysis(user=request.user, bia_id=bia_id)

    def save(data):
        data.pop("product", None)
        return bia_services.update_bia(actor=request.user, bia=bia, **data)

    return _form_page(request, form_class=forms.BiaForm, title=f"Edit the BIA of {bia.product.ref}",
                      cancel_url=reverse("continuity:bia", args=[bia.pk]), success="Saved the BIA of {obj.product.ref}.",
                      initial=forms.BiaForm.initial_for(bia), save=save,
                      next_url=lambda b: reverse("continuity:bia", args=[b.pk]))


# --- plans ------------------------------------------------------------------------------------

@policy_required(*VIEW)
def plan_list(request):
    rows = selectors.plans(user=request.user, search=request.GET.get("q", ""), hazard=request.GET.get("hazard", ""))
    table = Table(request, rows, [Column("ref", "Ref", "ref", link="page_url"), Column("title", "Title", "title"),
                                  Column("get_hazard_display", "Hazard", "hazard"),
                                  Column("get_scope_display", "Scope", "scope"), Column("scope_label", "Covers"),
                                  Column("get_status_display", "Status", "status"),
                                  Column("step_count", "Steps", "step_count", numeric=True),
                                  Column("next_review", "Next review", "last_reviewed_on")], default_order="ref")
    return render(request, "continuity/list.html", {
        "title": "Contingency plans", "table": table, "q": request.GET.get("q", ""),
        "create_url": reverse("continuity:plan_create") if can_change(request) else None})


@policy_required(*VIEW)
def plan_detail(request, plan_id: int):
    plan = selectors.plan(user=request.user, plan_id=plan_id)
    return render(request, "continuity/plan_detail.html", {
        "plan": plan, "can_change": can_change(request), "step_form": forms.StepForm(),
        "approve_form": forms.ApproveForm(), "resource_form": forms.ResourceForm(),
        "world_url": static("network/world.json")})


@policy_required(*CHANGE)
def plan_create(request):
    return _form_page(request, form_class=forms.PlanForm, title="New contingency plan",
                      cancel_url=reverse("continuity:plans"), success="Created {obj}.",
                      save=lambda data: plan_services.create_plan(actor=request.user, **data),
                      next_url=lambda plan: reverse("continuity:plan", args=[plan.pk]))


@require_POST
@policy_required(*CHANGE)
def plan_add_step(request, plan_id: int):
    plan = selectors.plan(user=request.user, plan_id=plan_id)
    return _small_form_post(request, forms.StepForm,
                            lambda data: f"Added step {plan_services.add_step(actor=request.user, plan=plan, **data)}.",
                            reverse("continuity:plan", args=[plan.pk]))


@require_POST
@policy_required(*CHANGE)
def plan_approve(request, plan_id: int):
    plan = selectors.plan(user=request.user, plan_id=plan_id)
    return _small_form_post(
        request, forms.ApproveForm,
        lambda data: f"Approved version {plan_services.approve_plan(actor=request.user, plan=plan, summary=data['summary']).number}.",
        reverse("continuity:plan", args=[plan.pk]))


@require_POST
@policy_required(*CHANGE)
def plan_link_scenario(request, scenario_id: int):
    scenario = selectors.scenario(user=request.user, scenario_id=scenario_id)
    back = reverse("continuity:scenario", args=[scenario.pk])
    try:
        plan = selectors.plan(user=request.user, plan_id=int(request.POST.get("plan", "0")))
    except ValueError:
        messages.error(request, "plan: choose a plan")
        return redirect(back)
    plan_services.link_scenario(actor=request.user, plan=plan, scenario=scenario)
    messages.success(request, f"{plan.ref} now answers {scenario.name}.")
    return redirect(back)


# --- exercises --------------------------------------------------------------------------------

@policy_required(*VIEW)
def exercise_list(request):
    rows = selectors.exercises(user=request.user, search=request.GET.get("q", ""))
    table = Table(request, rows, [Column("held_on", "Held", "held_on"), Column("title", "Title", "title", link="page_url"),
                                  Column("get_kind_display", "Kind", "kind"), Column("plan.ref", "Plan", "plan__ref"),
                                  Column("finding_count", "Findings", "finding_count", numeric=True),
                                  Column("open_count", "Open actions", "open_count", numeric=True)],
                  default_order="-held_on")
    return render(request, "continuity/list.html", {
        "title": "Exercises", "table": table, "q": request.GET.get("q", ""),
        "create_url": reverse("continuity:exercise_create") if can_change(request) else None})


@policy_required(*VIEW)
def exercise_detail(request, exercise_id: int):
    exercise = selectors.exercise(user=request.user, exercise_id=exercise_id)
    return render(request, "continuity/exercise_detail.html", {
        "exercise": exercise, "can_change": can_change(request), "finding_form": forms.FindingForm()})


@policy_required(*CHANGE)
def exercise_create(request):
    return _form_page(request, form_class=forms.ExerciseForm, title="New exercise",
                      cancel_url=reverse("continuity:exercises"), success="Recorded {obj}.",
                      save=lambda data: exercise_services.create_exercise(actor=request.user, **data),
                      next_url=lambda ex: reverse("continuity:exercise", args=[ex.pk]))


@require_POST
@policy_required(*CHANGE)
def exercise_add_finding(request, exercise_id: int):
    exercise = selectors.exercise(user=request.user, exercise_id=exercise_id)
    return _small_form_post(
        request, forms.FindingForm,
        lambda data: f"Added the finding {exercise_services.add_finding(actor=request.user, exercise=exercise, **data)}.",
        reverse("continuity:exercise", args=[exercise.pk]))


@require_POST
@policy_required(*CHANGE)
def finding_close(request, finding_id: int):
    finding = selectors.finding(user=request.user, finding_id=finding_id)
    back = reverse("continuity:exercise", args=[finding.exercise_id])
    try:
        exercise_services.close_finding(actor=request.user, finding=finding)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Closed: {finding.summary}.")
    return redirect(back)
