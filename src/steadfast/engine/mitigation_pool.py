"""Solving many mitigation subproblems at one plan, in this process or in worker processes.

Each worker builds its own :class:`~.mitigation_lp.ScenarioLP` once (the lean baseline
included) and answers batches of scenarios for the plan it is sent. A scenario always goes
to the same worker (by a hash of its name), which keeps its last region, basis and cut
between plans (a warm start, or the same cut when the plan did not change the stock its
local LP sees); so an answer depends only on the scenario's own history of plans, not on
the process or on the other scenarios, and the rounds are the same with any number of
workers.
"""

from __future__ import annotations

import multiprocessing
import zlib
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np

from .mitigation_lp import Cut, ScenarioLP
from .model import Network
from .runner import batches
from .scenarios import Scenario

_worker: ScenarioLP | None = None


def _start(network: Network, stockable, cost, max_extra, options) -> None:
    global _worker
    _worker = ScenarioLP(network, stockable, cost, max_extra, **options)


def _solve_batch(items: list[tuple[Scenario, float]], extra: np.ndarray | None) -> tuple[list[Cut], dict]:
    assert _worker is not None
    before = dict(_worker.stats)
    cuts = [_worker.solve(scenario, horizon, extra) for scenario, horizon in items]
    return cuts, {key: _worker.stats[key] - before[key] for key in before}


class Subproblems:
    """``solve(items, extra)`` yields (position, Cut) for (scenario, horizon) items, in any
    order; ``stats`` counts local and whole solves over all processes."""

    def __init__(self, network: Network, stockable: np.ndarray, cost: np.ndarray, max_extra: np.ndarray, *,
                 workers: int = 1, options: dict | None = None) -> None:
        options = options or {}
        self.local = ScenarioLP(network, stockable, cost, max_extra, **options)
        self.cover = self.local.cover
        self.stats = dict.fromkeys(self.local.stats, 0)
        self.workers = workers
        self._pools: list[ProcessPoolExecutor] = []
        if workers > 1:
            # One single-process pool per worker, so that a scenario can be sent to the one
            # that holds its warm start. "spawn", as in runner.py: HiGHS may hold threads
            # that fork would copy half-alive.
            self._pools = [ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                               initializer=_start,
                                               initargs=(network, stockable, cost, max_extra, options))
                           for _ in range(workers)]

    def solve(self, items: Sequence[tuple[Scenario, float]], extra: np.ndarray | None,
              progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, Cut]]:
        if not self._pools:
            for k, (scenario, horizon) in enumerate(items):
                before = dict(self.local.stats)
                yield k, self.local.solve(scenario, horizon, extra)
                for key in self.stats:
                    self.stats[key] += self.local.stats[key] - before[key]
                if progress:
                    progress(1)
            return
        futures = {}
        for w, pool in enumerate(self._pools):
            mine = [k for k, (scenario, _) in enumerate(items) if _worker_of(scenario.name, self.workers) == w]
            for part in batches(mine, 4):  # a few batches each, for progress
                group = [mine[k] for k in part]
                if group:
                    futures[pool.submit(_solve_batch, [items[k] for k in group], extra)] = group
        for future in as_completed(futures):
            cuts, stats = future.result()
            for key in self.stats:
                self.stats[key] += stats[key]
            for k, cut in zip(futures[future], cuts):
                yield k, cut
            if progress:
                progress(len(futures[future]))

    def close(self) -> None:
        for pool in self._pools:
            pool.shutdown(cancel_futures=True)


def _worker_of(name: str, workers: int) -> int:
    """The worker that always solves scenario ``name`` (stable across processes and runs)."""
    return zlib.crc32(name.encode()) % workers
