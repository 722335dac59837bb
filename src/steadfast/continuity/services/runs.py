"""Full analyses of the map (every source and every site lost in turn), run as background jobs
and stored in bulk."""

from __future__ import annotations

import math
from dataclasses import replace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.continuity.models import AnalysisRun, EventLoss, ResultKind, RunResult, RunStatus
from steadfast.continuity.services.events import event_loss_table, events_of
from steadfast.continuity.services.map_network import map_network
from steadfast.core.services import crud
from steadfast.core.services.jobs import start_job
from steadfast.engine import analyse, node_scenarios, site_scenarios
from steadfast.network.models import ItemSource, Site, Supplier

RUN_JOB_KIND = "continuity.analysis_run"
BULK_BATCH = 5000
# Scenario names inside one engine run: a source and a site may share a ref.
_PREFIX = {ResultKind.NODE: "n:", ResultKind.SITE: "s:"}
EVENT_JOB_KIND = "continuity.event_losses"


def create_run(*, actor, label: str = "", default_ttr_days: float = 14.0) -> AnalysisRun:
    """A queued run row (the CLI computes it in the foreground with `run_analysis`)."""
    if not (isinstance(default_ttr_days, int | float) and math.isfinite(default_ttr_days) and default_ttr_days > 0):
        raise ValidationError({"default_ttr_days": f"must be a positive number of days, got {default_ttr_days!r}"})
    label = label.strip() or f"Full analysis {timezone.now():%Y-%m-%d %H:%M}"
    return crud.create(actor=actor, model=AnalysisRun, label=label, default_ttr_days=float(default_ttr_days),
                       started_by=actor if getattr(actor, "pk", None) else None)


def start_analysis_run(*, actor, label: str = "", default_ttr_days: float = 14.0) -> AnalysisRun:
    """Queue a full run as a background job; the worker computes and stores it (`run_analysis`)."""
    with transaction.atomic():
        run = create_run(actor=actor, label=label, default_ttr_days=default_ttr_days)
        job = start_job(actor=actor if getattr(actor, "pk", None) else None, kind=RUN_JOB_KIND, label=label,
                        params={"run_id": run.pk})
        AnalysisRun.objects.filter(pk=run.pk).update(job=job)
        run.job = job
    return run


def run_analysis(run: AnalysisRun, *, report=None) -> AnalysisRun:
    """Compute a queued run on the map as it is now and store one row per source and per site.

    `report(done, total, message)` receives progress. A failure marks the run failed and stores no
    result rows.
    """

    AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, started_at=timezone.now())
    try:
        network = map_network()
        ttr = run.default_ttr_days
        scenarios = ([replace(s, name=_PREFIX[ResultKind.NODE] + s.name) for s in node_scenarios(network, default_ttr=ttr)]
                     + [replace(s, name=_PREFIX[ResultKind.SITE] + s.name) for s in site_scenarios(network, default_ttr=ttr)])
        total = len(scenarios)
        done = 0
        if report:
            report(0, total, f"{network.num_nodes:,} sources, {len(network.site_names):,} sites")

        def progress(count: int) -> None:
            nonlocal done
            done += count
            if report:
                report(done, total, "solving")

        analysis = analyse(network, scenarios, progress=progress, default_ttr=ttr,
                           dask=getattr(settings, "STEADFAST_DASK", None) or None)
        if report:
            report(total, total, "storing results")
        _store(run, network, analysis)
    except Exception as exc:
        AnalysisRun.objects.filter(pk=run.pk).update(status=RunStatus.FAILED, message=str(exc)[:2000],
                                                     finished_at=timezone.now())
        raise
    run.refresh_from_db()
    return run


def _store(run: AnalysisRun, network, analysis) -> None:
    source_ids = dict(ItemSource.objects.values_list("ref", "pk"))
    site_ids = dict(Site.objects.values_list("ref", "pk"))
    rows = []
    for result in analysis.results:
        kind = ResultKind.NODE if result.scenario.startswith(_PREFIX[ResultKind.NODE]) else ResultKind.SITE
        ref = result.scenario[len(_PREFIX[kind]):]
        rows.append(RunResult(
            run_id=run.pk, kind=kind, ref=ref,
            source_id=source_ids.get(ref) if kind == ResultKind.NODE else None,
            site_id=site_ids.get(ref) if kind == ResultKind.SITE else None,
            ttr_days=result.ttr, tts_days=None if math.isinf(result.tts) else result.tts,
            pi=max(result.pi, 0.0), rei=min(max(result.rei, 0.0), 1.0), at_risk=result.at_risk))
    baseline = analysis.baseline_tts
    with transaction.atomic():
        RunResult.objects.filter(run_id=run.pk).delete()
        RunResult.objects.bulk_create(rows, batch_size=BULK_BATCH)
        AnalysisRun.objects.filter(pk=run.pk).update(
            status=RunStatus.SUCCEEDED, finished_at=timezone.now(), map_fingerprint=network.fingerprint,
            nodes=network.num_nodes, edges=network.num_edges, sites=len(network.site_names),
            products=int(network.products.size), scenarios=len(rows), at_risk=sum(r.at_risk for r in rows),
            baseline_tts_days=None if math.isinf(baseline) else baseline,
            max_pi=max((r.pi for r in rows), default=0.0), message="")
        crud.record_events(actor=None, events=[crud.pending_for("complete_run", run, {
            "scenarios": [0, len(rows)], "status": [RunStatus.RUNNING, RunStatus.SUCCEEDED]})])


def queue_event_losses(*, actor, run: AnalysisRun):
    """The run's event loss table as a second background job (thousands of country- and supplier-wide
    scenarios: minutes on the demo map, so the run's own results are not kept waiting for it)."""
    job = start_job(actor=actor if getattr(actor, "pk", None) else None, kind=EVENT_JOB_KIND,
                    label=f"Event loss table of {run.label}", params={"run_id": run.pk})
    AnalysisRun.objects.filter(pk=run.pk).update(event_job=job)
    return job


def compute_event_losses(run: AnalysisRun, *, report=None) -> int:
    """Solve the event loss table on the map as it is now and store it with the run (replacing any)."""
    network = map_network()
    done = 0

    def progress(count: int) -> None:
        nonlocal done
        done += count
        if report:
            report(done, None, "solving events")

    if report:
        report(0, len(events_of(network)), "events of the map")
    events = event_loss_table(network, progress=progress)
    supplier_ids = dict(Supplier.objects.values_list("ref", "pk"))
    with transaction.atomic():
        EventLoss.objects.filter(run=run).delete()
        EventLoss.objects.bulk_create([
            EventLoss(run_id=run.pk, event=e.id, hazard=e.hazard, country=e.country, supplier_ref=e.supplier_ref,
                      supplier_id=supplier_ids.get(e.supplier_ref), rate=e.rate, ttr_days=e.ttr_days,
                      sites=len(e.site_refs), loss=e.loss) for e in events], batch_size=BULK_BATCH)
        crud.record_events(actor=None, events=[crud.pending_for("event_loss_table", run, {"events": [0, len(events)]})])
    return len(events)


def delete_run(*, actor, run: AnalysisRun) -> None:
    if run.status == RunStatus.RUNNING:
        raise ValidationError({"run": "a running analysis cannot be deleted"})
    crud.delete(actor=actor, instance=run)
