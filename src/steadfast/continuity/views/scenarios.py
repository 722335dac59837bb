"""The scenario builder (a selection or a circle on the world map + a TTR), its answer, saved
scenarios."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.continuity import forms, plots
from steadfast.continuity.selectors import plans as plan_selectors
from steadfast.continuity.selectors.jobs import scenario_job
from steadfast.continuity.services import saved_scenarios as saved
from steadfast.continuity.services.scenarios import Selection, WhatIf, start_scenario
from steadfast.continuity.views.common import CHANGE, VIEW, can_change
from steadfast.core.decorators import policy_required


def _map_urls() -> dict:
    return {"world_url": static("network/world.json"), "data_url": reverse("network:map_data")}


@policy_required(*VIEW)
def builder(request):
    """GET: the form (prefilled from the query string, e.g. a saved scenario); POST: start the job."""
    if request.method == "POST":
        if not can_change(request):
            raise PermissionDenied
        form = forms.ScenarioForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            selection = Selection(kind=data["selection"], ttr_days=data["ttr_days"], refs=form.refs_tuple(),
                                  latitude=data["latitude"], longitude=data["longitude"], radius_km=data["radius_km"])
            try:
                job = start_scenario(actor=request.user, selection=selection,
                                     what_if=WhatIf(extra_inventory=data["extra_inventory"],
                                                    second_source=data["second_source"]))
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                return redirect("continuity:scenario_job", scenario_job_id=job.pk)
        status = 422
    else:
        form = forms.ScenarioForm(initial=request.GET.dict() or None)
        status = 200
    return render(request, "continuity/builder.html", {"form": form, "can_change": can_change(request), **_map_urls()},
                  status=status)


@policy_required(*VIEW)
def scenario_job_page(request, scenario_job_id: int):
    job = scenario_job(user=request.user, job_id=scenario_job_id)
    context = {"job": job, "save_form": forms.SaveScenarioForm(), "can_change": can_change(request)}
    if job.status == job.Status.SUCCEEDED:
        context.update(_answer_context(job.result))
    template = "continuity/_scenario_answer.html" if request.htmx else "continuity/scenario_job.html"
    return render(request, template, context)


def _answer_context(answer: dict) -> dict:
    return {"answer": answer, "chart": plots.pi_curve(answer.get("curve", []), ttr=answer["ttr"], tts=answer["tts"],
                                                      title="Margin lost against the horizon (TTS and TTR marked)"),
            "product_chart": plots.bars([(p["ref"], p["pi"]) for p in answer["products"][:15]],
                                        title="Margin lost per product over the TTR"),
            "product_tts_chart": plots.product_tts(answer["products"], ttr=answer["ttr"],
                                                   title="Each product's TTS against the TTR")}


@require_POST
@policy_required(*CHANGE)
def scenario_save(request, scenario_job_id: int):
    job = scenario_job(user=request.user, job_id=scenario_job_id)
    form = forms.SaveScenarioForm(request.POST)
    if form.is_valid() and job.status == job.Status.SUCCEEDED:
        params = job.params
        try:
            scenario = saved.save_scenario(
                actor=request.user, result=job.result, name=form.cleaned_data["name"], hazard=form.cleaned_data["hazard"],
                description=form.cleaned_data["description"], selection=params["kind"], refs=params.get("refs") or [],
                latitude=params.get("latitude"), longitude=params.get("longitude"), radius_km=params.get("radius_km"),
                ttr_days=params["ttr_days"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"Saved the scenario {scenario.name}.")
            return redirect("continuity:scenario", scenario_id=scenario.pk)
    context = {"job": job, "save_form": form, "can_change": True}
    if job.status == job.Status.SUCCEEDED:
        context.update(_answer_context(job.result))
    return render(request, "continuity/scenario_job.html", context, status=422)


@policy_required(*VIEW)
def scenario_list(request):
    return render(request, "continuity/scenarios.html", {"ranked": plan_selectors.ranked_scenarios(user=request.user)})


@policy_required(*VIEW)
def scenario_detail(request, scenario_id: int):
    scenario = plan_selectors.scenario(user=request.user, scenario_id=scenario_id)
    context = {"scenario": scenario, "can_change": can_change(request),
               "plans": plan_selectors.plans(user=request.user).exclude(scenarios=scenario)[:200]}
    if scenario.last_result:
        context.update(_answer_context({**scenario.last_result, "products": scenario.last_result.get("products", [])}))
    return render(request, "continuity/scenario_detail.html", context)


@require_POST
@policy_required(*CHANGE)
def scenario_rerun(request, scenario_id: int):
    scenario = plan_selectors.scenario(user=request.user, scenario_id=scenario_id)
    try:
        job = start_scenario(actor=request.user, selection=saved.selection_of(scenario), label=f"Scenario: {scenario.name}",
                             saved_scenario_id=scenario.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("continuity:scenario", scenario_id=scenario.pk)
    return redirect("continuity:scenario_job", scenario_job_id=job.pk)
