"""Sending scenario batches to a Dask distributed cluster.

The network is scattered once (every worker gets one copy); each task is one batch of
scenarios, so a worker builds its HiGHS models and baseline solves once per network and
re-uses them across the batches it receives.
"""

from __future__ import annotations

from collections.abc import Sequence

from .model import Network
from .results import ScenarioResult
from .scenarios import Scenario

CLUSTER_EXTRA = "pip install 'steadfast[cluster]'"


class ClusterUnavailable(RuntimeError):
    """--dask was asked for, but Dask distributed (the optional `cluster` extra) is not installed."""


def require_distributed():
    """The `distributed` module, or ClusterUnavailable saying how to install it."""
    try:
        import distributed
    except ModuleNotFoundError as exc:
        if exc.name not in ("distributed", "dask"):
            raise  # something inside an installed Dask is broken: show that, not the hint
        raise ClusterUnavailable(f"running on Dask needs Dask distributed, which is not installed: {CLUSTER_EXTRA}") from None
    return distributed


def analyse_on_dask(
    network: Network,
    scenarios: Sequence[Scenario],
    *,
    address: str,
    progress=None,
    batches_per_worker: int = 4,
) -> list[ScenarioResult]:
    """Results in the order of ``scenarios``. ``address`` is a scheduler address such as
    ``tcp://10.0.0.5:8786``, or ``local`` for a LocalCluster that lives for this call."""
    distributed = require_distributed()
    Client, LocalCluster, as_completed = distributed.Client, distributed.LocalCluster, distributed.as_completed

    from .runner import analyse_batch, batches

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        groups = batches(scenarios, workers * batches_per_worker)
        remote_network = client.scatter(network, broadcast=True)
        futures = {
            client.submit(analyse_batch, remote_network, [scenarios[i] for i in group], pure=False): group
            for group in groups
        }
        raw: list[ScenarioResult | None] = [None] * len(scenarios)
        for future in as_completed(futures):
            group = futures[future]
            for i, result in zip(group, future.result()):
                raw[i] = result
            if progress:
                progress(len(group))
        return raw  # type: ignore[return-value]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
