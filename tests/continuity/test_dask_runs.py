"""With STEADFAST_DASK set to a scheduler's address, a full run is solved on that cluster, and its
stored results equal the local run's."""

from __future__ import annotations

import distributed  # the cluster extra; dev installs it, so a broken install fails here, not skips
import pytest

from steadfast.continuity.models import RunResult, RunStatus
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.core.services import jobs

FIELDS = ("kind", "ref", "source_id", "site_id", "ttr_days", "tts_days", "pi", "rei", "at_risk")


def _run_rows(actor) -> dict:
    run = start_analysis_run(actor=actor, label="dask test", default_ttr_days=14)
    jobs.run(run.job.pk)
    run.refresh_from_db()
    assert run.status == RunStatus.SUCCEEDED, run.message
    return {(r["kind"], r["ref"]): r for r in RunResult.objects.filter(run=run).values(*FIELDS)}


def test_a_run_on_a_dask_cluster_equals_the_local_run(small_map, admin_user, settings):
    settings.STEADFAST_DASK = ""
    local = _run_rows(admin_user)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        settings.STEADFAST_DASK = cluster.scheduler_address
        remote = _run_rows(admin_user)
        # the scheduler saw the engine's batches: the run went to the cluster, not around it
        assert "analyse_batch" in cluster.scheduler.task_prefixes
    assert len(local) == 8 and remote.keys() == local.keys()
    for key, row in local.items():
        got = remote[key]
        for field in FIELDS:
            if isinstance(row[field], float):
                assert got[field] == pytest.approx(row[field], rel=1e-12, abs=1e-12), (key, field)
            else:
                assert got[field] == row[field], (key, field)
