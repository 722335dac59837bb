"""Sample objects for the role × route matrix (tests/test_route_matrix.py).

No scoped role (supplier respondent, customer viewer) may see continuity records at all, so there is
no "foreign" object to ask for: the policy answers 403 first.
"""

from __future__ import annotations

import datetime as dt

KWARGS = ("run_id", "scenario_job_id", "scenario_id", "bia_id", "plan_id", "exercise_id", "finding_id")


def _samples() -> dict:
    from steadfast.continuity.models import (
        AnalysisRun,
        ContinuityPlan,
        Exercise,
        ExerciseFinding,
        ImpactAnalysis,
        SavedScenario,
    )
    from steadfast.continuity.services.scenarios import SCENARIO_JOB_KIND
    from steadfast.core.models import Job
    from steadfast.network.testing import sample_chain

    chain = sample_chain("MATRIX")
    run, _ = AnalysisRun.objects.get_or_create(label="matrix run", defaults={"status": "succeeded"})
    job = Job.objects.filter(kind=SCENARIO_JOB_KIND, label="matrix scenario").first() or Job.objects.create(
        kind=SCENARIO_JOB_KIND, label="matrix scenario", params={"kind": "sites", "refs": [chain["site_id"].ref],
                                                                 "ttr_days": 5})
    scenario, _ = SavedScenario.objects.get_or_create(name="matrix scenario", defaults={
        "hazard": "flood", "selection": "sites", "refs": [chain["site_id"].ref], "ttr_days": 5})
    bia, _ = ImpactAnalysis.objects.get_or_create(product=chain["product"], defaults={
        "mtpd_days": 10, "rto_days": 5, "mbco_percent": 50})
    plan, _ = ContinuityPlan.objects.get_or_create(ref="PLAN-MATRIX", defaults={
        "title": "Matrix flood plan", "hazard": "flood", "scope": "site", "site": chain["site_id"],
        "activation_criteria": "Site flooded"})
    exercise, _ = Exercise.objects.get_or_create(title="Matrix tabletop", defaults={
        "kind": "tabletop", "held_on": dt.date(2026, 3, 1), "participants": "BCM team", "objectives": "Walk through"})
    finding, _ = ExerciseFinding.objects.get_or_create(exercise=exercise, summary="Call tree outdated", defaults={
        "severity": "minor", "action": "Update the call tree", "action_owner": "BCM lead", "due_on": dt.date(2026, 4, 1)})
    return {"run_id": run, "scenario_job_id": job, "scenario_id": scenario, "bia_id": bia, "plan_id": plan,
            "exercise_id": exercise, "finding_id": finding}


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    if foreign:
        return None
    return _samples()[kwarg].pk
