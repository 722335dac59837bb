"""Background work of the continuity app.

AppConfig.ready() imports this module to register the handlers, so the services (which load the
engine: numpy, scipy, HiGHS) are imported inside each handler: a top-level import would load the
engine for every manage.py command, migrate included.
"""

from __future__ import annotations

from steadfast.continuity.models import AnalysisRun, SavedScenario
from steadfast.core.services.jobs import job_handler


@job_handler("continuity.analysis_run")
def analysis_run(job, report) -> dict:
    from steadfast.continuity.services.runs import queue_event_losses, run_analysis  # engine: see above

    run = run_analysis(AnalysisRun.objects.get(pk=job.params["run_id"]), report=report)
    queue_event_losses(actor=job.owner, run=run)
    return {"run_id": run.pk, "scenarios": run.scenarios, "at_risk": run.at_risk}


@job_handler("continuity.event_losses")
def event_losses(job, report) -> dict:
    from steadfast.continuity.services.runs import compute_event_losses  # engine: see above

    count = compute_event_losses(AnalysisRun.objects.get(pk=job.params["run_id"]), report=report)
    return {"run_id": job.params["run_id"], "events": count}


@job_handler("continuity.scenario")
def scenario(job, report) -> dict:
    # engine: see above
    from steadfast.continuity.services.map_network import map_network
    from steadfast.continuity.services.saved_scenarios import rerun_scenario
    from steadfast.continuity.services.scenarios import run_scenario, selection_from_params

    selection, what_if = selection_from_params(job.params)
    report(0, 3, "building the network from the map")
    network = map_network()
    report(1, 3, "solving")
    if job.params.get("saved_scenario_id"):
        saved = SavedScenario.objects.get(pk=job.params["saved_scenario_id"])
        answer = rerun_scenario(actor=job.owner, scenario=saved, network=network)
    else:
        answer = run_scenario(selection, what_if=what_if, network=network)
    report(3, 3, "done")
    return answer
