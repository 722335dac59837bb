"""The edit pages of contingency plans (fields, steps, resources) and of exercises and findings. Every
change goes through an audited service; approval (views/records.py) numbers a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.continuity import forms
from steadfast.continuity.selectors import plans as selectors
from steadfast.continuity.services import exercises as exercise_services
from steadfast.continuity.services import plans as plan_services
from steadfast.continuity.views.common import CHANGE
from steadfast.continuity.views.records import _form_page, _small_form_post
from steadfast.core.decorators import policy_required


@policy_required(*CHANGE)
def plan_edit(request, plan_id: int):
    plan = selectors.plan(user=request.user, plan_id=plan_id)
    return _form_page(request, form_class=forms.PlanEditForm, title=f"Edit {plan.ref}",
                      cancel_url=plan.page_url(), success="Saved {obj}.", initial=forms.PlanEditForm.initial_for(plan),
                      save=lambda data: plan_services.update_plan(actor=request.user, plan=plan, **data),
                      next_url=lambda p: p.page_url())


@policy_required(*CHANGE)
def step_edit(request, step_id: int):
    step = selectors.step(user=request.user, step_id=step_id)
    return _form_page(request, form_class=forms.StepEditForm, title=f"{step.plan.ref}: step {step.position}",
                      cancel_url=step.plan.page_url(), success="Saved step {obj.position}.",
                      initial={"action": step.action, "owner_role": step.owner_role, "within_hours": step.within_hours},
                      save=lambda data: plan_services.update_step(actor=request.user, step=step, **data),
                      next_url=lambda s: s.plan.page_url())


@require_POST
@policy_required(*CHANGE)
def step_move(request, step_id: int):
    step = selectors.step(user=request.user, step_id=step_id)
    return _small_form_post(
        request, forms.MoveStepForm,
        lambda data: f"Moved to position {plan_services.move_step(actor=request.user, step=step, to=data['position']).position}.",
        step.plan.page_url())


@require_POST
@policy_required(*CHANGE)
def step_delete(request, step_id: int):
    step = selectors.step(user=request.user, step_id=step_id)
    back = step.plan.page_url()
    plan_services.delete_step(actor=request.user, step=step)
    messages.success(request, f"Deleted step: {step.action}.")
    return redirect(back)


@require_POST
@policy_required(*CHANGE)
def resource_add(request, plan_id: int):
    plan = selectors.plan(user=request.user, plan_id=plan_id)

    def add(data):
        resource = plan_services.add_resource(actor=request.user, plan=plan, kind=data["kind"],
                                              source=data["source"].strip() or None, site=data["site"].strip() or None,
                                              units=data["units"], note=data["note"])
        return f"Added {resource}."

    return _small_form_post(request, forms.ResourceForm, add, plan.page_url() + "#resources")


@require_POST
@policy_required(*CHANGE)
def resource_delete(request, resource_id: int):
    resource = selectors.resource(user=request.user, resource_id=resource_id)
    back = resource.plan.page_url() + "#resources"
    plan_services.delete_resource(actor=request.user, resource=resource)
    messages.success(request, f"Removed {resource}.")
    return redirect(back)


@policy_required(*CHANGE)
def exercise_edit(request, exercise_id: int):
    exercise = selectors.exercise(user=request.user, exercise_id=exercise_id)
    return _form_page(request, form_class=forms.ExerciseEditForm, title=f"Edit {exercise.title}",
                      cancel_url=exercise.page_url(), success="Saved {obj}.",
                      initial=forms.ExerciseEditForm.initial_for(exercise),
                      save=lambda data: exercise_services.update_exercise(actor=request.user, exercise=exercise, **data),
                      next_url=lambda e: e.page_url())


@policy_required(*CHANGE)
def finding_edit(request, finding_id: int):
    finding = selectors.finding(user=request.user, finding_id=finding_id)
    return _form_page(request, form_class=forms.FindingForm, title=f"Finding of {finding.exercise.title}",
                      cancel_url=finding.exercise.page_url(), success="Saved the finding {obj}.",
                      initial=forms.FindingForm.initial_for(finding),
                      save=lambda data: exercise_services.update_finding(actor=request.user, finding=finding, **data),
                      next_url=lambda f: reverse("continuity:exercise", args=[f.exercise_id]))


@require_POST
@policy_required(*CHANGE)
def finding_reopen(request, finding_id: int):
    finding = selectors.finding(user=request.user, finding_id=finding_id)
    try:
        exercise_services.reopen_finding(actor=request.user, finding=finding)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Reopened: {finding.summary}.")
    return redirect("continuity:exercise", exercise_id=finding.exercise_id)


@policy_required(*CHANGE)
def nearest_sites(request):
    """JSON: the sites nearest a point clicked on the plan's resource map."""
    try:
        latitude = float(request.GET.get("lat", ""))
        longitude = float(request.GET.get("lon", ""))
    except ValueError:
        return JsonResponse({"error": "lat and lon: give the point as numbers"}, status=400)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return JsonResponse({"error": "lat, lon: outside the globe"}, status=400)
    return JsonResponse({"sites": selectors.nearest_sites(user=request.user, latitude=latitude, longitude=longitude)})
