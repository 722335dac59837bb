"""Running many scenarios: in this process, on local worker processes, or on Dask.

Every path computes each scenario the same way (a cached :class:`Analyzer` per process,
each re-solve starting from the same baseline basis), so results do not depend on how the
scenarios were split into batches or where they ran.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from .model import Network
from .results import ScenarioResult, with_rei
from .scenarios import DEFAULT_TTR, Scenario
from .solver import Analyzer

Progress = Callable[[int], None]  # called with the number of scenarios just finished

# One analyzer per thread (HiGHS instances are not shared between threads), kept between
# batches of the same network. Dask workers running as threads each get their own.
_local = threading.local()


def _analyzer_for(network: Network) -> Analyzer:
    cached = getattr(_local, "analyzer", None)
    if cached is None or cached[0] != network.fingerprint:
        cached = (network.fingerprint, Analyzer(network))
        _local.analyzer = cached
    return cached[1]


def analyse_batch(network: Network, scenarios: Sequence[Scenario]) -> list[ScenarioResult]:
    """Results (REI not yet filled in) for a batch; the unit of work sent to workers."""
    analyzer = _analyzer_for(network)
    return [analyzer.analyse(s) for s in scenarios]


@dataclass(frozen=True)
class Analysis:
    """A run's results, sorted by scenario name, and the undisrupted network's TTS."""

    results: list[ScenarioResult]
    baseline_tts: float
    baseline: ScenarioResult


def batches(scenarios: Sequence[Scenario], count: int) -> list[list[int]]:
    """Scenario positions dealt round-robin into ``count`` batches, so that the expensive
    scenarios (neighbours in name order often share a fate) spread across workers."""
    count = max(1, min(count, len(scenarios)))
    return [list(range(k, len(scenarios), count)) for k in range(count)]


def analyse(
    network: Network,
    scenarios: Sequence[Scenario],
    *,
    workers: int = 1,
    dask: str | None = None,
    progress: Progress | None = None,
    default_ttr: float = DEFAULT_TTR,
) -> Analysis:
    """TTS, PI, REI and at-risk for every scenario.

    ``workers`` > 1 uses that many local processes; ``dask`` is the address of a Dask
    scheduler ("local" starts a LocalCluster for the run). Results are identical either way.
    """
    scenarios = list(scenarios)
    if dask is not None:
        from .distributed import analyse_on_dask

        raw = analyse_on_dask(network, scenarios, address=dask, progress=progress)
    elif workers > 1 and len(scenarios) > 1:
        raw = _analyse_in_processes(network, scenarios, workers=workers, progress=progress)
    else:
        raw = []
        analyzer = _analyzer_for(network)
        for scenario in scenarios:
            raw.append(analyzer.analyse(scenario))
            if progress:
                progress(1)
    baseline = _analyzer_for(network).baseline(default_ttr)
    results = sorted(with_rei(raw), key=lambda r: r.scenario)
    return Analysis(results=results, baseline_tts=baseline.tts, baseline=baseline)


def _analyse_in_processes(network, scenarios, *, workers, progress) -> list[ScenarioResult]:
    # Several batches per worker keep both busy when some batches turn out harder.
    groups = batches(scenarios, workers * 8)
    raw: list[ScenarioResult | None] = [None] * len(scenarios)
    # "spawn": HiGHS may hold threads in this process, which fork would copy half-alive.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(analyse_batch, network, [scenarios[i] for i in group]): group for group in groups}
        for future in as_completed(futures):
            group = futures[future]
            for i, result in zip(group, future.result()):
                raw[i] = result
            if progress:
                progress(len(group))
    return raw  # type: ignore[return-value]
