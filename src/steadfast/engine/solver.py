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

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from .component import REGION_SHARE, ComponentSolver
from .highs import SolverError
from .model import Network
from .results import ScenarioResult
from .scenarios import Scenario
from .units import Units, choose_units, in_units

# TTS depends on what is lost, not on the horizon: the same loss asked at several TTRs (an event
# loss table holds each country's sites once per hazard) is solved for its TTS once.
TTS_KEPT = 8

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
