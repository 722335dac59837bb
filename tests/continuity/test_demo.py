"""The continuity demo on a small demo map: a BIA per product, plans, exercises, saved scenarios,
and the queued full analysis that the worker computes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.continuity.models import (
    AnalysisRun,
    ContinuityPlan,
    Exercise,
    ExerciseFinding,
    ImpactAnalysis,
    RunStatus,
    SavedScenario,
)
from steadfast.core.models import AuditEvent, Job
from steadfast.core.services import jobs
from steadfast.core.services.audit import verify_chain
from steadfast.network.models import Item, ItemKind


@pytest.mark.django_db(transaction=False)
def test_continuity_demo_on_the_demo_map():
    call_command("demo", seed=11, scale=0.02, audit="summary", stdout=io.StringIO(), stderr=io.StringIO())
    out = io.StringIO()
    call_command("continuity_demo", seed=11, stdout=out)
    products = Item.objects.filter(kind=ItemKind.PRODUCT).count()
    assert ImpactAnalysis.objects.count() == products > 0
    assert ContinuityPlan.objects.count() >= 20
    assert set(ContinuityPlan.objects.values_list("scope", flat=True)) == {"country", "site", "supplier", "product"}
    assert all(plan.steps.exists() for plan in ContinuityPlan.objects.all())
    assert Exercise.objects.count() >= 20 and ExerciseFinding.objects.filter(closed_on__isnull=True).exists()
    names = set(SavedScenario.objects.values_list("name", flat=True))
    assert any(n.startswith("Ransomware at") for n in names)
    assert AuditEvent.objects.filter(object_type__icontains="continuityplan").count() == ContinuityPlan.objects.count()
    assert verify_chain().ok
    run = AnalysisRun.objects.get()
    assert run.status == RunStatus.QUEUED
    queued = Job.objects.filter(kind="continuity.scenario").count()
    assert queued == len(names)
    jobs.run(run.job_id)  # what the worker does after start-up
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED and run.scenarios == run.results.count() > 0
    jobs.run(run.event_job_id)
    assert run.event_losses.filter(hazard="cyber").exists() and run.event_losses.exclude(hazard="cyber").exists()
    scenario_job = Job.objects.filter(kind="continuity.scenario").first()
    jobs.run(scenario_job.pk)
    assert SavedScenario.objects.filter(last_run_at__isnull=False).count() == 1
    with pytest.raises(CommandError, match="already loaded"):
        call_command("continuity_demo", seed=11, stdout=io.StringIO())
