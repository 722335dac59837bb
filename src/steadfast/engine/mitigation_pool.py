"""Solving many mitigation subproblems at one plan, in this process or in worker processes.

Each worker builds its own :class:`~.mitigation_lp.ScenarioLP` once (the lean baseline
included) and answers batches of scenarios for the plan it is sent; a subproblem's answer
does not depend on which process solved it or what it solved before (every local LP is a
fresh HiGHS model), so the rounds are the same either way.
"""

from __future__ import annotations

import multiprocessing
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
        self.stats = {"local": 0, "rounds": 0, "full": 0}
        self.workers = workers
        self._pool = None
        if workers > 1:
            # "spawn", as in runner.py: HiGHS may hold threads that fork would copy half-alive.
            self._pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_start,
                                             initargs=(network, stockable, cost, max_extra, options))

    def solve(self, items: Sequence[tuple[Scenario, float]], extra: np.ndarray | None,
              progress: Callable[[int], None] | None = None) -> Iterator[tuple[int, Cut]]:
        if self._pool is None or len(items) < 2:
            for k, (scenario, horizon) in enumerate(items):
                before = dict(self.local.stats)
                yield k, self.local.solve(scenario, horizon, extra)
                for key in self.stats:
                    self.stats[key] += self.local.stats[key] - before[key]
                if progress:
                    progress(1)
            return
        groups = batches(items, self.workers * 4)
        futures = {self._pool.submit(_solve_batch, [items[k] for k in group], extra): group for group in groups}
        for future in as_completed(futures):
            cuts, stats = future.result()
            for key in self.stats:
                self.stats[key] += stats[key]
            for k, cut in zip(futures[future], cuts):
                yield k, cut
            if progress:
                progress(len(futures[future]))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
