"""The fast scenario solver. Each shortcut here is exact; docs/model.md gives the argument.

1. Nodes that reach no product are left out of every LP: their output can never meet
   demand, so a disruption there changes nothing.
2. The LP splits into connected components that share no node. TTS is the smallest
   component TTS (each component is feasible on an interval [0, TTS_c]) and PI is the sum of
   component PIs, so a scenario re-solves only the components it touches.
3. A baseline optimum that is "lean" (least production among optimal solutions) is kept
   per component. If it already respects the scenario's reduced capacities it is feasible
   in the scenario, and since losing capacity can never help, the scenario's optimum equals
   the baseline's: no solve.
4. PI(t) = 0 whenever t <= TTS, so PI is solved only for scenarios at risk.
5. Every re-solve starts from the baseline's optimal basis in a HiGHS model built once per
   component, changing only the disrupted columns' bounds (dual simplex, a few pivots).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .highs import INFEASIBLE, OPTIMAL, SolverError, solve
from .lp import RateLP, build_rate_lp, rate_lp_model
from .model import Network
from .region import Baseline, RegionSolver
from .results import ScenarioResult
from .scenarios import Scenario
from .units import Units, choose_units, in_units

# PI baselines (one per horizon) kept per component.
PI_BASELINES_KEPT = 32
# TTS depends on what is lost, not on the horizon: the same loss asked at several TTRs (an event
# loss table holds each country's sites once per hazard) is solved for its TTS once.
TTS_KEPT = 8

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


class Analyzer:
    """Answers scenarios for one network; build once, then call :meth:`analyse` per scenario."""

    def __init__(self, network: Network, *, region_share: float = REGION_SHARE, seed_downstream: bool = True) -> None:
        """``region_share``: the largest share of a component's columns a local solve may
        free before the whole component is solved instead; ``seed_downstream``: start local
        solves with the single-sourced descendants of the disrupted nodes. Both only change
        speed, never results (tests vary them to exercise every path).

        The LPs are solved in units chosen from the data (:mod:`.units`): ``self.lp_network``
        is the network counted in them, and PI is converted back to the user's currency."""
        self.network = network
        self.units: Units = choose_units(network)
        self.lp_network = in_units(network, self.units)
        self._region_options = dict(region_share=region_share, seed_downstream=seed_downstream)
        relevant = network.reaches_product
        keep = relevant[network.edge_from] & relevant[network.edge_to]
        n = network.num_nodes
        # A part's demand row couples its nodes: link each to the group's first node.
        groups = network.groups
        first = np.repeat(groups.members[groups.ptr[:-1]], np.diff(groups.ptr))
        links_from = np.concatenate([network.edge_from[keep], first])
        links_to = np.concatenate([network.edge_to[keep], groups.members])
        graph = sp.coo_matrix((np.ones(len(links_from)), (links_from, links_to)), shape=(n, n))
        _, labels = connected_components(graph, directed=True, connection="weak")
        # Renumber components of relevant nodes 0..k-1; irrelevant nodes get -1.
        _, component = np.unique(labels[relevant], return_inverse=True)
        self.component_of = np.full(n, -1, dtype=np.int64)
        self.component_of[relevant] = component
        self.num_components = int(component.max()) + 1 if component.size else 0
        order = np.argsort(self.component_of, kind="stable")
        bounds = np.searchsorted(self.component_of[order], np.arange(-1, self.num_components + 1))
        self._members = [order[bounds[k + 1] : bounds[k + 2]] for k in range(self.num_components)]
        # Column of each node's u within its component's LP (members are sorted).
        self.local_col = np.full(n, -1, dtype=np.int64)
        for members in self._members:
            self.local_col[members] = np.arange(len(members))
        self._solvers: dict[int, ComponentSolver] = {}
        self._baseline_tts: np.ndarray | None = None
        self._baseline_pi: dict[float, np.ndarray] = {}
        self._tts_kept: OrderedDict[tuple, dict] = OrderedDict()

    def solver(self, component: int) -> ComponentSolver:
        if component not in self._solvers:
            self._solvers[component] = ComponentSolver(self.lp_network, self._members[component],
                                                       **self._region_options)
        return self._solvers[component]

    def component_tts(self) -> np.ndarray:
        """Baseline TTS of every component."""
        if self._baseline_tts is None:
            self._baseline_tts = np.array([self.solver(c).baseline_tts for c in range(self.num_components)])
        return self._baseline_tts

    def baseline(self, ttr: float) -> ScenarioResult:
        """The undisrupted network over ``ttr`` days."""
        try:
            return self._baseline(ttr)
        except SolverError as exc:
            raise SolverError(f"baseline: {exc}") from exc

    def _baseline(self, ttr: float) -> ScenarioResult:
        tts = float(self.component_tts().min(initial=np.inf))
        pi = 0.0 if ttr <= tts else float(self._baseline_pi_by_component(ttr).sum()) * self.units.profit_unit
        return ScenarioResult(scenario="(baseline)", ttr=ttr, tts=tts, pi=pi)

    def caps(self, scenario: Scenario) -> dict[int, tuple[np.ndarray, np.ndarray]]:
        """Per touched component: (u columns, reduced upper bounds in LP units). Nodes
        that reach no product, and unlimited nodes with partial loss, touch nothing."""
        grouped: dict[int, tuple[list[int], list[float]]] = {}
        for node, loss in zip(scenario.nodes, scenario.losses):
            component = int(self.component_of[node])
            capacity = self.lp_network.capacity[node]
            reduced = 0.0 if loss >= 1 else (1.0 - loss) * capacity
            if component < 0 or reduced == capacity:
                continue
            cols, upper = grouped.setdefault(component, ([], []))
            cols.append(int(self.local_col[node]))
            upper.append(reduced)
        return {c: (np.asarray(cols), np.asarray(upper)) for c, (cols, upper) in sorted(grouped.items())}

    def analyse(self, scenario: Scenario) -> ScenarioResult:
        """TTS and PI(ttr) of one scenario (REI is filled in across a run). A solve that
        ends without a clear answer (even after HiGHS's retry) raises SolverError naming
        the scenario: never a number that was not proved."""
        try:
            return self._analyse(scenario)
        except SolverError as exc:
            raise SolverError(f"scenario {scenario.name!r}: {exc}") from exc

    def _analyse(self, scenario: Scenario) -> ScenarioResult:
        base_tts = self.component_tts()
        touched = self.caps(scenario)
        touched_tts = self._touched_tts(scenario, touched)
        untouched = np.ones(self.num_components, dtype=bool)
        untouched[list(touched)] = False
        tts = float(min(base_tts[untouched].min(initial=np.inf), min((v for v, _ in touched_tts.values()), default=np.inf)))
        t = scenario.ttr
        pi = 0.0
        if t > tts:
            pi = float(self._baseline_pi_by_component(t)[untouched].sum())
            for c, (cols, upper) in touched.items():
                component_tts, region_cols = touched_tts[c]
                pi += self.solver(c).pi(t, cols, upper, tts=component_tts, region_cols=region_cols)
            pi *= self.units.profit_unit
        return ScenarioResult(scenario=scenario.name, ttr=t, tts=tts, pi=pi)

    def _touched_tts(self, scenario: Scenario, touched: dict) -> dict:
        """Each touched component's (TTS, region) under the scenario's caps, remembered for the
        last few losses: a pure function of the caps (every solve starts from the same baseline
        basis), so a repeat gives the same answer without solving."""
        key = (scenario.nodes, scenario.losses)
        kept = self._tts_kept.get(key)
        if kept is not None:
            self._tts_kept.move_to_end(key)
            return kept
        kept = {c: self.solver(c)._tts(cols, upper) for c, (cols, upper) in touched.items()}
        self._tts_kept[key] = kept
        while len(self._tts_kept) > TTS_KEPT:
            self._tts_kept.popitem(last=False)
        return kept

    def _baseline_pi_by_component(self, t: float) -> np.ndarray:
        vector = self._baseline_pi.get(t)
        if vector is None:
            base_tts = self.component_tts()
            vector = np.array(
                [self.solver(c).baseline_pi(t) if t > base_tts[c] else 0.0 for c in range(self.num_components)]
            )
            self._baseline_pi[t] = vector
        return vector
