"""Dask and local worker processes give exactly the local results."""

from __future__ import annotations

import pytest

from steadfast.engine import analyse, node_scenarios, site_scenarios
from steadfast.engine.synthetic import random_network


@pytest.fixture(scope="module")
def network():
    return random_network(11, nodes=60)


def test_two_worker_dask_cluster_matches_local_run(network):
    distributed = pytest.importorskip("distributed")
    scenarios = node_scenarios(network) + site_scenarios(network)
    local = analyse(network, scenarios)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        on_dask = analyse(network, scenarios, dask=cluster.scheduler_address)
    assert on_dask.results == local.results
    assert on_dask.baseline_tts == local.baseline_tts
    assert any(r.at_risk for r in local.results)  # the comparison covered real solves


def test_local_processes_match_local_run(network):
    scenarios = node_scenarios(network)
    assert analyse(network, scenarios, workers=2).results == analyse(network, scenarios).results
