"""One connected component of the LP: its baselines (TTS, PI per horizon, kept lean) and the
re-solves of a scenario's caps, locally on a region when a dual certificate proves it, else on the
whole component from the baseline's basis. The shortcuts are argued in docs/model.md; the
Analyzer (solver.py) splits a network into components and adds their answers up."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import highspy
import numpy as np

from .highs import INFEASIBLE, OPTIMAL, SolverError, solve
from .lp import RateLP, build_rate_lp, rate_lp_model
from .model import Network
from .region import Baseline, RegionSolver

# PI baselines (one per horizon) kept per component.
PI_BASELINES_KEPT = 32
# Largest share of a component's columns a local solve may free before the whole component
# is solved instead. With Devex hot starts a whole-component solve costs about as much as a
# few rounds on a region of this size, so growing further rarely pays.
REGION_SHARE = 0.1

# HiGHS's simplex_dual_edge_weight_strategy values.
CHOOSE, DEVEX = -1, 1

# r = 1/TTS at or below this (1e12 days) counts as "survives indefinitely".
RATE_ZERO = 1e-12


def lean_tolerance(capacity: np.ndarray) -> np.ndarray:
    """Slack allowed when comparing a baseline production rate to a reduced capacity: the
    LP's own feasibility tolerance, relative to the capacity's size."""
    return 1e-9 * np.maximum(1.0, np.where(np.isfinite(capacity), capacity, 0.0))


@dataclass(frozen=True)
class _Optimum:
    """An optimal baseline solve kept for re-use: its value and basis, and for the local
    solves a lean optimal solution with optimal row duals."""

    value: float
    basis: highspy.HighsBasis | None
    lean: Baseline | None  # None when infeasible

    @property
    def lean_u(self) -> np.ndarray | None:
        return None if self.lean is None else self.lean.x


class ComponentSolver:
    """Rate-form LPs of one connected component, with their baseline optima.

    A scenario is answered, cheapest first, by the lean baseline (when it still fits), by
    a local solve proved optimal with a dual certificate (:mod:`.region`), or by a
    hot-started solve of the whole component."""

    def __init__(self, network: Network, nodes: np.ndarray, *, region_share: float = REGION_SHARE,
                 seed_downstream: bool = True) -> None:
        self.lp: RateLP = build_rate_lp(network, nodes)
        self.region = RegionSolver(self.lp, network)
        self.region_share = region_share
        self.seed_downstream = seed_downstream
        self.stats = {"lean": 0, "local": 0, "rounds": 0, "full": 0}
        self._tts_model = rate_lp_model(self.lp, mode="tts")
        self._pi_model: highspy.Highs | None = None
        self._tts_baseline = self._baseline_tts()
        # PI baselines by horizon, least recently used first; bounded because a run can
        # have thousands of distinct ttrs and each entry holds full-length vectors.
        self._pi_baselines: OrderedDict[float, _Optimum] = OrderedDict()

    # -- TTS ---------------------------------------------------------------------------
    @staticmethod
    def _tts_from_rate(rate: float) -> float:
        return np.inf if rate <= RATE_ZERO else 1.0 / rate

    def _baseline_tts(self) -> _Optimum:
        h = self._tts_model
        status = solve(h, "baseline TTS LP")
        if status == INFEASIBLE:  # some product cannot be supplied at all: TTS = 0
            return _Optimum(value=0.0, basis=None, lean=None)
        _expect_optimal(h, status, "baseline TTS")
        rate = h.getInfo().objective_function_value
        basis = h.getBasis()
        x = self._lean_solution(h, fix_cols=[self.lp.r_col], fix_values=[rate])
        h.setBasis(basis)
        # Row duals of the TTS baseline are never needed: rows outside a local LP get dual
        # 0 there (see region.py), which is valid because r only relaxes them.
        return _Optimum(value=self._tts_from_rate(rate), basis=basis, lean=self.region.prepare("tts", Baseline(value=rate, x=x, row_duals=None)))

    @property
    def baseline_tts(self) -> float:
        return self._tts_baseline.value

    def tts(self, cols: np.ndarray, upper: np.ndarray) -> float:
        """TTS with u columns ``cols`` capped at ``upper`` (rate units)."""
        tts, _ = self._tts(cols, upper)
        return tts

    def _tts(self, cols: np.ndarray, upper: np.ndarray) -> tuple[float, np.ndarray | None]:
        """TTS and the nodes of the local region that proved it (None when none did)."""
        base = self._tts_baseline
        if base.lean is None:
            return 0.0, None  # less capacity cannot make an infeasible component feasible
        if self._fits(base.lean.x, cols, upper):
            self.stats["lean"] += 1
            return base.value, None
        answer = self.region.solve(mode="tts", base=base.lean, cols=cols, caps=upper,
                                   seed_nodes=self._downstream(cols, base.lean.x), max_share=self.region_share)
        if answer is not None:
            self.stats["local"] += 1
            self.stats["rounds"] += answer.rounds
            nodes = answer.region
            if answer.value is None:
                return 0.0, nodes
            return (base.value if answer.value == base.lean.value else self._tts_from_rate(answer.value)), nodes
        self.stats["full"] += 1
        status, rate = self._solve_with_caps(self._tts_model, base.basis, cols, upper)
        if status == INFEASIBLE:
            return 0.0, None
        _expect_optimal(self._tts_model, status, "TTS")
        return self._tts_from_rate(rate), None

    def _downstream(self, cols: np.ndarray, x: np.ndarray) -> np.ndarray | None:
        """Nodes that ``x`` runs and that the disrupted ones feed through single-sourced
        inputs: they must cut production unless stock covers them, so the local LP starts
        with them."""
        if not self.seed_downstream:
            return None
        return self.region.single_source_descendants(cols, x)

    # -- PI ----------------------------------------------------------------------------
    def _pi_h(self) -> highspy.Highs:
        if self._pi_model is None:
            self._pi_model = rate_lp_model(self.lp, mode="pi")
        return self._pi_model

    def _baseline_pi(self, t: float) -> _Optimum:
        cached = self._pi_baselines.get(t)
        if cached is not None:
            self._pi_baselines.move_to_end(t)
            return cached
        while len(self._pi_baselines) >= PI_BASELINES_KEPT:
            self._pi_baselines.popitem(last=False)
        lp = self.lp
        if t <= self.baseline_tts:
            # Nothing is lost: the TTS baseline's lean solution, with r = 1/t >= its rate
            # (r only relaxes rows), is optimal, and zero row duals prove it (d = cost >= 0).
            tts_lean = self._tts_baseline.lean
            x = tts_lean.x.copy()
            x[lp.r_col] = 1.0 / t
            # Only r moved, so the row activities follow from the TTS baseline's without a
            # product over the whole matrix (runs see hundreds of distinct horizons).
            activity = tts_lean.activity + self.region.r_coef * (x[lp.r_col] - tts_lean.x[lp.r_col])
            optimum = _Optimum(value=0.0, basis=None, lean=Baseline(value=0.0, x=x, row_duals=None, activity=activity))
            self._pi_baselines[t] = optimum
            return optimum
        h = self._pi_h()
        h.clearSolver()  # start each horizon cold: results never depend on call order
        h.changeColBounds(lp.r_col, 1.0 / t, 1.0 / t)
        status = solve(h, f"baseline PI LP at {t:g} days")
        _expect_optimal(h, status, "baseline PI")
        objective = h.getInfo().objective_function_value
        basis = h.getBasis()
        duals = np.asarray(h.getSolution().row_dual).copy()
        lost = np.asarray(h.getSolution().col_value)[lp.l_cols]
        x = self._lean_solution(h, fix_cols=list(lp.l_cols), fix_values=list(lost))
        lean = self.region.prepare("pi", Baseline(value=objective, x=x, row_duals=duals))
        optimum = _Optimum(value=t * objective, basis=basis, lean=lean)
        self._pi_baselines[t] = optimum
        return optimum

    def baseline_pi(self, t: float) -> float:
        return self._baseline_pi(t).value

    def pi(self, t: float, cols: np.ndarray, upper: np.ndarray, *, tts: float,
           region_cols: np.ndarray | None = None) -> float:
        """PI(t) with u columns ``cols`` capped at ``upper``; ``tts`` is this component's
        TTS under the same caps (PI is 0 up to it); ``region_cols`` seed the local LP."""
        if t <= tts:
            return 0.0
        base = self._baseline_pi(t)
        if self._fits(base.lean.x, cols, upper):
            return base.value
        seeds = None if region_cols is not None else self._downstream(cols, base.lean.x)
        answer = self.region.solve(mode="pi", base=base.lean, cols=cols, caps=upper, seed_nodes=seeds,
                                   seed_cols=region_cols, max_share=self.region_share)
        if answer is not None:
            self.stats["local"] += 1
            self.stats["rounds"] += answer.rounds
            return base.value if answer.value == base.lean.value else t * answer.value
        self.stats["full"] += 1
        h = self._pi_h()
        h.changeColBounds(self.lp.r_col, 1.0 / t, 1.0 / t)
        basis = base.basis if base.basis is not None else self._tts_baseline.basis
        status, objective = self._solve_with_caps(h, basis, cols, upper)
        _expect_optimal(h, status, "PI")
        return t * objective

    # -- shared --------------------------------------------------------------------------
    def _fits(self, x: np.ndarray, cols: np.ndarray, upper: np.ndarray) -> bool:
        return bool(np.all(x[cols] <= upper + lean_tolerance(upper)))

    def _solve_with_caps(self, h, basis, cols, upper) -> tuple[highspy.HighsModelStatus, float]:
        """Solve with the caps in place, starting from ``basis``, and return the status and
        objective value, read before the bounds are restored (that resets HiGHS's info)."""
        count = len(cols)
        cols32 = np.asarray(cols, dtype=np.int32)
        # Drop all solver state (factorisation, edge weights, scaling) before loading the
        # basis: the answer then depends only on this scenario, not on what ran before,
        # so batches on different workers print identical results.
        h.clearSolver()
        if basis is not None:
            h.setBasis(basis)
        h.changeColsBounds(count, cols32, np.zeros(count), np.asarray(upper, dtype=float))
        # Devex pricing: from an optimal basis a few dual pivots suffice, and dual steepest
        # edge would first spend a solve per row computing its initial weights (half the time).
        h.setOptionValue("simplex_dual_edge_weight_strategy", DEVEX)
        try:
            status = solve(h, "hot-started LP")
            return status, h.getInfo().objective_function_value
        finally:
            h.setOptionValue("simplex_dual_edge_weight_strategy", CHOOSE)
            h.changeColsBounds(count, cols32, np.zeros(count), self.lp.capacity[cols])

    def _lean_solution(self, h, *, fix_cols, fix_values) -> np.ndarray:
        """Among optima (objective columns fixed at their optimal values), one with least
        total production. Fewer nodes used means more disruptions provably change nothing,
        and smaller local LPs for the rest."""
        lp = self.lp
        n_u = len(lp.nodes)
        solution = np.asarray(h.getSolution().col_value)
        lp_model = h.getLp()
        cost, lower, upper = (np.asarray(x) for x in (lp_model.col_cost_, lp_model.col_lower_, lp_model.col_upper_))
        fix = np.asarray(fix_cols, dtype=np.int32)
        values = np.asarray(fix_values, dtype=float)
        h.changeColsBounds(len(fix), fix, values, values)
        h.changeColsCost(lp.num_cols, np.arange(lp.num_cols, dtype=np.int32), np.r_[np.ones(n_u), np.zeros(lp.num_cols - n_u)])
        try:
            status = solve(h, "lean baseline LP")
            if status == OPTIMAL:
                solution = np.asarray(h.getSolution().col_value)
            # else: keep the first optimum, which is just as valid, only less lean
        except SolverError:
            pass  # the same: the first optimum stands
        finally:
            h.changeColsBounds(len(fix), fix, lower[fix], upper[fix])
            h.changeColsCost(lp.num_cols, np.arange(lp.num_cols, dtype=np.int32), cost)
        return solution.copy()


def _expect_optimal(h: highspy.Highs, status, what: str) -> None:
    if status != OPTIMAL:
        raise SolverError(f"{what} LP ended {h.modelStatusToString(status)!r}")
