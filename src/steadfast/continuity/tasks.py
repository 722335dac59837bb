"""Background work of the continuity app."""

from __future__ import annotations

from steadfast.core.services.jobs import job_handler


@job_handler("continuity.analysis_run")
def analysis_run(job, report) -> dict:
    from steadfast.continuity.models import AnalysisRun
    from steadfast.continuity.services.runs import run_analysis

    run = run_analysis(AnalysisRun.objects.get(pk=job.params["run_id"]), report=report)
    return {"run_id": run.pk, "scenarios": run.scenarios, "at_risk": run.at_risk}
