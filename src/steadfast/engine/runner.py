"""Running many scenarios: in this process, on local worker processes, or on Dask.

Every path computes each scenario the same way (a cached :class:`Analyzer` per process,
each re-solve starting from the same baseline basis), so results do not depend on how the
scenarios were split into batches or where they ran.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace

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


def baseline_of(network: Network, ttr: float) -> ScenarioResult:
    """The undisrupted network over ``ttr`` days (a task, so that a worker that already
    holds the models answers it)."""
    return _analyzer_for(network).baseline(ttr)


# Below this many distinct scenarios, starting worker processes (each builds the models
# and baselines again) costs more than it saves.
AUTO_WORKERS_MIN_SCENARIOS = 400


def default_workers(count: int) -> int:
    """Both cores (at most two) for runs large enough to pay for the worker start-up."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return min(2, cores) if count >= AUTO_WORKERS_MIN_SCENARIOS else 1


def _distinct(scenarios: Sequence[Scenario]) -> tuple[list[Scenario], list[int]]:
    """Scenarios that disrupt the same nodes by the same losses over the same ttr (say a
    site holding one node and that node) are solved once: the distinct ones, and for each
    scenario the position of its representative."""
    first: dict[tuple, int] = {}
    distinct: list[Scenario] = []
    position = []
    for scenario in scenarios:
        key = (scenario.nodes, scenario.losses, scenario.ttr)
        if key not in first:
            first[key] = len(distinct)
            distinct.append(scenario)
        position.append(first[key])
    return distinct, position


@dataclass(frozen=True)
class Analysis:
    """A run's results, sorted by scenario name, and the undisrupted network's TTS."""

    results: list[ScenarioResult]
    baseline_tts: float
    baseline: ScenarioResult


def batches(scenarios: Sequence, count: int) -> list[list[int]]:
    """Scenario positions dealt round-robin into ``count`` batches, so that the expensive
    scenarios (neighbours in name order often share a fate) spread across workers. Scenarios
    with the same loss (nodes and fractions) at different horizons stay in one batch: its
    worker solves their TTS once (see ``Analyzer._touched_tts``). Other items are dealt one by one."""
    count = max(1, min(count, len(scenarios)))
    same_loss: dict[tuple, list[int]] = {}
    for position, scenario in enumerate(scenarios):
        key = (scenario.nodes, scenario.losses) if isinstance(scenario, Scenario) else (position,)
        same_loss.setdefault(key, []).append(position)
    dealt: list[list[int]] = [[] for _ in range(count)]
    for k, positions in enumerate(same_loss.values()):
        dealt[k % count].extend(positions)
    return [batch for batch in dealt if batch]


def analyse(
    network: Network,
    scenarios: Sequence[Scenario],
    *,
    workers: int | None = None,
    dask: str | None = None,
    progress: Progress | None = None,
    default_ttr: float = DEFAULT_TTR,
) -> Analysis:
    """TTS, PI, REI and at-risk for every scenario.

    ``workers`` > 1 uses that many local processes (None: both cores for large runs);
    ``dask`` is the address of a Dask scheduler ("local" starts a LocalCluster for the run).
    Results are identical either way as printed (floats to the last bit or two: SIMD sums
    can depend on memory alignment in another process).
    """
    scenarios = list(scenarios)
    distinct, position = _distinct(scenarios)
    if progress and len(distinct) < len(scenarios):
        progress(len(scenarios) - len(distinct))  # copies of another scenario's answer
    counted = progress
    workers = default_workers(len(distinct)) if workers is None else workers
    baseline = None
    if dask is not None:
        from .distributed import analyse_on_dask

        raw = analyse_on_dask(network, distinct, address=dask, progress=counted)
    elif workers > 1 and len(distinct) > 1:
        raw, baseline = _analyse_in_processes(network, distinct, workers=workers, progress=counted,
                                              default_ttr=default_ttr)
    else:
        raw = []
        analyzer = _analyzer_for(network)
        for scenario in distinct:
            raw.append(analyzer.analyse(scenario))
            if counted:
                counted(1)
    if baseline is None:
        baseline = _analyzer_for(network).baseline(default_ttr)
    named = [replace(raw[k], scenario=s.name) for s, k in zip(scenarios, position)]
    results = sorted(with_rei(named), key=lambda r: r.scenario)
    return Analysis(results=results, baseline_tts=baseline.tts, baseline=baseline)


def _analyse_in_processes(network, scenarios, *, workers, progress, default_ttr):
    # Several batches per worker keep both busy when some batches turn out harder.
    groups = batches(scenarios, workers * 8)
    raw: list[ScenarioResult | None] = [None] * len(scenarios)
    # "spawn": HiGHS may hold threads in this process, which fork would copy half-alive.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        baseline = pool.submit(baseline_of, network, default_ttr)
        futures = {pool.submit(analyse_batch, network, [scenarios[i] for i in group]): group for group in groups}
        for future in as_completed(futures):
            group = futures[future]
            for i, result in zip(group, future.result()):
                raw[i] = result
            if progress:
                progress(len(group))
        return raw, baseline.result()  # type: ignore[return-value]
