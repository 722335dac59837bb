"""Dask and local worker processes give the local results.

The printed results (the CSV the CLI writes, 10 significant digits) are identical. The
floats agree to 1e-12 relative rather than bit for bit: HiGHS and numpy reduce vectors with
SIMD loops whose summation order can depend on how an array happens to be aligned in
memory, so another process may differ in the last bit or two.
"""

from __future__ import annotations

import io
import math
import sys

import distributed  # the cluster extra; dev installs it, so a broken install fails here, not skips
import pytest

from steadfast.engine import analyse, node_scenarios, site_scenarios
from steadfast.engine.cli import main
from steadfast.engine.distributed import ClusterUnavailable
from steadfast.engine.results import write_csv
from steadfast.engine.synthetic import random_network


@pytest.fixture(scope="module")
def network():
    return random_network(11, nodes=60)


def _printed(results) -> str:
    out = io.StringIO()
    write_csv(results, out)
    return out.getvalue()


def assert_same_results(got, expected):
    assert [r.scenario for r in got] == [r.scenario for r in expected]
    for g, e in zip(got, expected):
        assert g.ttr == e.ttr and g.at_risk == e.at_risk, g.scenario
        for field in ("tts", "pi", "rei"):
            a, b = getattr(g, field), getattr(e, field)
            assert a == b or math.isclose(a, b, rel_tol=1e-12), (g.scenario, field, a, b)
    assert _printed(got) == _printed(expected)


def test_two_worker_dask_cluster_matches_local_run(network):
    scenarios = node_scenarios(network) + site_scenarios(network)
    local = analyse(network, scenarios)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        on_dask = analyse(network, scenarios, dask=cluster.scheduler_address)
    assert_same_results(on_dask.results, local.results)
    assert on_dask.baseline_tts == local.baseline_tts
    assert any(r.at_risk for r in local.results)  # the comparison covered real solves


def test_local_processes_match_local_run(network):
    scenarios = node_scenarios(network)
    in_processes = analyse(network, scenarios, workers=2).results
    here = analyse(network, scenarios).results
    assert_same_results(in_processes, here)
    assert any(r.pi > 0 for r in here)


def test_missing_cluster_extra_is_a_clear_error(network, monkeypatch, capsys, small_folder):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if `steadfast[cluster]` were not installed
    with pytest.raises(ClusterUnavailable, match=r"pip install 'steadfast\[cluster\]'"):
        analyse(network, node_scenarios(network)[:2], dask="local")
    assert main([str(small_folder), "--all-nodes", "--dask", "local"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "steadfast analyze: error: running on Dask needs Dask distributed, which is not installed: " \
           "pip install 'steadfast[cluster]'" in err
