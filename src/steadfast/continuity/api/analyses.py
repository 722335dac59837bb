"""/continuity/runs, /continuity/scenario-jobs, /continuity/scenarios and /continuity/montecarlo."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from ninja import Query, Status

from steadfast.continuity.api.base import CHANGE, VIEW, router
from steadfast.continuity.api.schemas import (
    ResultFilter,
    ResultOut,
    RunIn,
    RunOut,
    SavedScenarioOut,
    ScenarioIn,
)
from steadfast.continuity.selectors import plans as plan_selectors
from steadfast.continuity.selectors import risk as risk_selectors
from steadfast.continuity.selectors import runs as selectors
from steadfast.continuity.selectors.jobs import scenario_job
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.continuity.services.scenarios import Selection, WhatIf, start_scenario
from steadfast.core.api.schemas import JobOut, ListQuery, Page, order, ordered, paginate

RUN_ORDER = ("created_at", "label", "status")
RESULT_ORDER = ("rei", "pi", "tts_days", "ref")
SCENARIO_ORDER = ("name", "hazard", "created_at")


@router.get("/continuity/runs", response=Page[RunOut], auth=VIEW)
def list_runs(request, query: Query[ordered(ListQuery, RUN_ORDER)]):
    return paginate(order(selectors.runs(user=request.user), query.ordering, RUN_ORDER,
                          "-created_at"), query)


@router.post("/continuity/runs", response={202: RunOut}, auth=CHANGE)
def start_run(request, body: RunIn):
    """Queue a full analysis (every source and site); poll GET /continuity/runs/{id}."""
    return Status(202, start_analysis_run(actor=request.user, label=body.label, default_ttr_days=body.default_ttr_days))


@router.get("/continuity/runs/{run_id}", response=RunOut, auth=VIEW)
def get_run(request, run_id: int):
    return selectors.run(user=request.user, run_id=run_id)


@router.get("/continuity/runs/{run_id}/results", response=Page[ResultOut], auth=VIEW)
def list_results(request, run_id: int, query: Query[ordered(ResultFilter, RESULT_ORDER)]):
    run = selectors.run(user=request.user, run_id=run_id)
    qs = selectors.results(user=request.user, run_id=run.pk, kind=query.kind, at_risk=query.at_risk, search=query.search)
    return paginate(order(qs, query.ordering, RESULT_ORDER, "-rei"), query)


@router.post("/continuity/scenario-jobs", response={202: JobOut}, auth=CHANGE)
def run_scenario(request, body: ScenarioIn):
    """Answer a scenario in the background; poll GET /continuity/scenario-jobs/{id} for `result`."""
    selection = Selection(kind=body.selection, ttr_days=body.ttr_days, refs=tuple(body.refs), latitude=body.latitude,
                          longitude=body.longitude, radius_km=body.radius_km)
    return Status(202, start_scenario(actor=request.user, selection=selection,
                                      what_if=WhatIf(extra_inventory=body.extra_inventory,
                                                     second_source=body.second_source)))


@router.get("/continuity/scenario-jobs/{scenario_job_id}", response=JobOut, auth=VIEW)
def get_scenario_job(request, scenario_job_id: int):
    return scenario_job(user=request.user, job_id=scenario_job_id)


@router.get("/continuity/scenarios", response=Page[SavedScenarioOut], auth=VIEW)
def list_scenarios(request, query: Query[ordered(ListQuery, SCENARIO_ORDER)]):
    qs = plan_selectors.scenarios(user=request.user, search=query.search)
    return paginate(order(qs, query.ordering, SCENARIO_ORDER, "name"), query)


@router.get("/continuity/montecarlo", auth=VIEW)
def montecarlo(request, years: int = 10_000, seed: int = 1):
    """The latest run's event loss table through `years` simulated years (same seed, same numbers)."""

    run = selectors.latest_run(user=request.user)
    if run is None:
        raise ValidationError({"run": "no finished analysis yet: start one with POST /continuity/runs"})
    if years > 1_000_000:
        raise ValidationError({"years": "at most 1,000,000 years per request"})
    answer = risk_selectors.simulation(user=request.user, run=run, years=years, seed=seed)
    return {k: answer[k] for k in ("years", "seed", "aal", "aal_se", "expected_aal", "var", "tvar", "contributions",
                                   "events")}
