"""The mitigation optimiser: the least-cost extra inventory per node such that every chosen
scenario survives its time to recover (TTS >= TTR). docs/model.md, "Mitigation optimiser",
gives the formulation and the argument for each step.

One LP over all scenarios at once, solved by Benders decomposition with feasibility cuts:

* the *master* LP chooses extra stock x >= 0 (at most ``max_extra`` per node) at least
  holding cost, subject to the cuts found so far: a relaxation, so its optimum is a lower
  bound;
* each scenario's *subproblem* (:mod:`.mitigation_lp`) is its rate LP in PI form at
  r = 1/TTR with lost-demand fractions as costs and x as fixed columns: its optimum v_s(x)
  is 0 exactly when the scenario survives. Its dual solution stays dual feasible whatever
  x is, so v_s(x) >= v_s(x^) + d.(x - x^) for every x (d: the reduced costs of the x
  columns), and "v_s(x) <= 0" is a valid linear cut;
* covering each subproblem's lost demand with stock at the product gives a feasible plan
  and so an upper bound; the gap is (upper - lower) / upper.

The engine's own analysis (:func:`~steadfast.engine.runner.analyse`) picks the scenarios
at risk before and checks the plan after.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import highspy
import numpy as np
from tqdm import tqdm

from .graph import topological_order
from .highs import OPTIMAL, SolverError, new_highs
from .model import Network, NetworkError
from .results import ScenarioResult
from .runner import analyse, default_workers
from .scenarios import Scenario

# Plans aim at TTR x (1 + PLAN_MARGIN): the engine's answers carry the LP tolerance (about
# 1e-9 relative), and a plan exactly at the boundary could read as "at risk" by a hair.
PLAN_MARGIN = 1e-6
# Lost demand (summed fractions of each product's demand rate) below this counts as none.
LOSS_TOLERANCE = 1e-9
DEFAULT_GAP = 1e-6
DEFAULT_MAX_ITERATIONS = 200
# In-out stabilisation: subproblems are asked at this share of the way from the best
# plan to the master's solution.
STABILISING_STEP = 0.5

Progress = Callable[[str], None]


# -- holding costs ------------------------------------------------------------------------------
def default_holding_cost(network: Network) -> np.ndarray:
    """Per node: the margin one unit of its part carries. A product's unit carries its
    profit; a unit of an input carries what it lets its consumers make, value / qty, taken
    at its most valuable use; a part's cost is the largest over its nodes. So stocking the
    inputs of one product costs what stocking that product would, per unit of product, and
    an input pays off where it covers several products at once."""
    # A node that serves demand (its own, or its part's: engine/model.py DemandGroups) starts at
    # that demand's profit per unit.
    groups = network.groups
    value = np.zeros(network.num_nodes)
    serves = groups.of_node >= 0
    value[serves] = groups.profit[groups.of_node[serves]]
    order = topological_order(network.num_nodes, network.edge_from, network.edge_to)
    position = np.empty(network.num_nodes, dtype=np.int64)
    position[order] = np.arange(network.num_nodes)
    # Edges by consumer, latest in topological order first, so a consumer's value is final
    # before it is passed on.
    for e in np.argsort(-position[network.edge_to], kind="stable"):
        source = network.edge_from[e]
        value[source] = max(value[source], value[network.edge_to[e]] / network.edge_qty[e])
    per_part = np.zeros(len(network.part_names))
    np.maximum.at(per_part, network.part_of, value)
    return per_part[network.part_of]




# -- the optimiser --------------------------------------------------------------------------
SURVIVES, SAVED, CANNOT_BE_SAVED = "survives already", "saved", "cannot be saved"


@dataclass(frozen=True)
class ScenarioOutcome:
    """One chosen scenario: its TTS before and after the plan and what the plan did."""

    scenario: str
    ttr: float
    tts_before: float
    tts_after: float
    status: str  # SURVIVES, SAVED or CANNOT_BE_SAVED


@dataclass(frozen=True, eq=False)
class MitigationResult:
    """The least-cost plan. ``extra`` and ``unit_cost`` are per node (network order);
    ``lower_bound`` is the master LP's optimum, ``gap`` = (total_cost - lower_bound) /
    total_cost (0 when both are 0). ``verified`` says the engine, re-run on ``network``,
    finds no saveable chosen scenario at risk."""

    network: Network
    extra: np.ndarray
    unit_cost: np.ndarray
    total_cost: float
    lower_bound: float
    gap: float
    iterations: int
    cuts: int
    seconds: float
    outcomes: list[ScenarioOutcome]
    verified: bool
    stats: dict = field(default_factory=dict)

    @property
    def plan(self) -> list[tuple[str, float, float]]:
        """(node id, extra inventory, its cost) for every node that gets stock, by id."""
        nodes = np.flatnonzero(self.extra > 0)
        rows = [(self.network.node_ids[k], float(self.extra[k]), float(self.extra[k] * self.unit_cost[k])) for k in nodes]
        return sorted(rows)

    @property
    def cannot_be_saved(self) -> list[str]:
        return [o.scenario for o in self.outcomes if o.status == CANNOT_BE_SAVED]


def select_by_rei(network: Network, scenarios: Sequence[Scenario], *, above: float | None = None,
                  percentile: float | None = None, workers: int | None = None,
                  analysis: Sequence[ScenarioResult] | None = None) -> tuple[list[Scenario], float]:
    """The scenarios whose REI (PI at their ttr over the largest PI among ``scenarios``)
    exceeds ``above``, or the ``percentile``-th percentile of their REI; and that threshold.
    ``analysis``: the engine's results for ``scenarios`` on ``network`` when already at hand
    (else they are analysed here)."""
    if analysis is None:
        analysis = analyse(network, list(scenarios), workers=workers).results
    results = {r.scenario: r for r in analysis}
    if percentile is not None:
        rei = [results[s.name].rei for s in scenarios]
        above = float(np.percentile(rei, percentile)) if rei else 0.0
    if above is None:
        raise ValueError("give above or percentile")
    return [s for s in scenarios if results[s.name].rei > above], above


def mitigate(
    network: Network,
    scenarios: Sequence[Scenario],
    *,
    unit_cost: np.ndarray | None = None,
    max_extra: np.ndarray | None = None,
    gap: float = DEFAULT_GAP,
    max_iterations: int = DEFAULT_MAX_ITERATIONS,
    workers: int | None = None,
    progress: Progress | None = None,
    bars: bool = False,
    region_share: float | None = None,
    stabilise: bool = True,
    before: Sequence[ScenarioResult] | None = None,
) -> MitigationResult:
    """The least-cost extra inventory per node such that every scenario survives its ttr.

    ``unit_cost`` (per node, >= 0) defaults to :func:`default_holding_cost`; ``max_extra``
    (per node, >= 0, ``inf`` = no limit) to no limit. Scenarios that no plan within
    ``max_extra`` can save are reported (CANNOT_BE_SAVED) and left out of the plan. Stops
    at a relative gap of ``gap`` (0: the exact optimum) or after ``max_iterations``
    rounds, keeping the best plan that saves every saveable scenario. ``progress`` gets a
    line per step; ``bars`` shows tqdm bars on stderr. ``before``: the engine's results for
    the scenarios on ``network`` when already at hand (as from the analysis that chose
    them; only their TTS is used), saving one analysis; else they are analysed here."""
    started = time.perf_counter()
    say = progress or (lambda message: None)
    unit_cost = default_holding_cost(network) if unit_cost is None else _per_node(network, unit_cost, "unit_cost")
    max_extra = np.full(network.num_nodes, np.inf) if max_extra is None else _per_node(network, max_extra, "max_extra")
    if not gap >= 0:
        raise NetworkError(f"gap must be >= 0, got {gap!r}")
    scenarios = list(scenarios)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise NetworkError("scenario names must be unique")
    for s in scenarios:
        if s.nodes and not 0 <= s.nodes[0] <= s.nodes[-1] < network.num_nodes:
            raise NetworkError(f"scenario {s.name!r} names a node index outside 0..{network.num_nodes - 1}")
    if before is None:
        say(f"analysing {len(scenarios)} scenarios")
        before = _analyse(network, scenarios, workers, bars, "before").results
    before = {r.scenario: r for r in before}
    for s in scenarios:
        if s.name not in before or before[s.name].ttr != s.ttr:
            raise NetworkError(f"'before' holds no result for scenario {s.name!r} with ttr {s.ttr:g}")
    horizon = {s.name: s.ttr * (1 + PLAN_MARGIN) for s in scenarios}
    at_risk = [s for s in scenarios if before[s.name].tts < horizon[s.name]]
    stockable = np.flatnonzero(network.reaches_product & (max_extra > 0))
    extra = np.zeros(network.num_nodes)
    unsaveable: set[str] = set()
    lower_bound = total = 0.0
    iterations = cuts = 0
    stats: dict = {}
    if at_risk:
        from .mitigation_pool import Subproblems

        options = {} if region_share is None else {"region_share": region_share}
        pool_size = default_workers(len(at_risk)) if workers is None else workers
        say(f"{len(at_risk)} scenarios short of their ttr; setting up their LPs")
        sub = Subproblems(network, stockable, unit_cost[stockable], max_extra[stockable], workers=pool_size,
                          options=options)
        try:
            if np.any(sub.cover < 0):
                say(f"checking which of {len(at_risk)} scenarios any stock can save")
                items = [(s, horizon[s.name]) for s in at_risk]
                with tqdm(total=len(items), desc="can it be saved", unit="scenario", disable=not bars) as bar:
                    for k, cut in sub.solve(items, None, bar.update):
                        if cut.value > LOSS_TOLERANCE:
                            unsaveable.add(at_risk[k].name)
            saveable = [s for s in at_risk if s.name not in unsaveable]
            plan, lower_bound, total, iterations, cuts = _benders(
                sub, saveable, horizon, unit_cost[stockable], max_extra[stockable], gap, max_iterations, say, bars, stabilise)
        finally:
            sub.close()
        extra[stockable] = plan
        stats = dict(sub.stats)
    mitigated = replace(network, inventory=network.inventory + extra)
    say("checking the plan with the engine")
    after = {r.scenario: r for r in _analyse(mitigated, scenarios, workers, bars, "after").results}
    outcomes = []
    risky = {s.name for s in at_risk}
    for s in scenarios:
        status = SURVIVES if s.name not in risky else CANNOT_BE_SAVED if s.name in unsaveable else SAVED
        outcomes.append(ScenarioOutcome(scenario=s.name, ttr=s.ttr, tts_before=before[s.name].tts,
                                        tts_after=after[s.name].tts, status=status))
    verified = all(not after[o.scenario].at_risk for o in outcomes if o.status != CANNOT_BE_SAVED)
    gap_value = 0.0 if total <= 0 else max(0.0, (total - lower_bound) / total)
    return MitigationResult(network=mitigated, extra=extra, unit_cost=unit_cost, total_cost=total,
                            lower_bound=lower_bound, gap=gap_value, iterations=iterations, cuts=cuts,
                            seconds=time.perf_counter() - started, outcomes=sorted(outcomes, key=lambda o: o.scenario),
                            verified=verified, stats=stats)


def _per_node(network: Network, values, name: str) -> np.ndarray:
    array = np.asarray(values, dtype=float)
    if array.shape != (network.num_nodes,):
        raise NetworkError(f"{name} has {array.size} values for {network.num_nodes} nodes")
    bad = np.flatnonzero(np.isnan(array) | (array < 0) | ((array == np.inf) & (name == "unit_cost")))
    if bad.size:
        k = int(bad[0])
        raise NetworkError(f"{name} of node {network.node_ids[k]!r} must be a non-negative number, got {array[k]!r}")
    return array


def _analyse(network, scenarios, workers, bars, label):
    with tqdm(total=len(scenarios), desc=f"analyse ({label})", unit="scenario", disable=not bars) as bar:
        return analyse(network, scenarios, workers=workers, progress=bar.update)


def _solve_master(master: highspy.Highs) -> None:
    """Solve the master hot; when HiGHS ends without an optimum (it always has one: x at
    its limits or large enough satisfies every cut), solve it again from scratch, then
    with primal simplex, before failing with a clear error."""
    master.run()
    for retry in ("cold", "primal"):
        if master.getModelStatus() == OPTIMAL:
            return
        master.clearSolver()
        if retry == "primal":
            master.setOptionValue("simplex_strategy", 4)
        master.run()
    master.setOptionValue("simplex_strategy", 1)  # back to dual simplex for the next hot start
    if master.getModelStatus() != OPTIMAL:
        raise SolverError(f"mitigation master LP ended {master.modelStatusToString(master.getModelStatus())!r}")


def _benders(sub, scenarios, horizon, cost, max_extra, gap, max_iterations, say, bars, stabilise=True):
    """Benders over ``scenarios`` (all saveable): (plan, lower bound, its cost, rounds, cuts).

    With ``stabilise`` (in-out stabilisation), once a feasible plan is known the
    subproblems are asked halfway between it and the master's solution: the cuts found
    there are as valid as any (each holds for every x) and cut deeper, and a point that
    turns out feasible is a better plan. A round that finds no cut there asks at the
    master's solution itself, so the loop ends as plain Benders does: at the optimum."""
    master = new_highs()
    master.setOptionValue("presolve", "off")
    inf = highspy.kHighsInf
    n = len(cost)
    master.addVars(n, np.zeros(n), np.where(np.isinf(max_extra), inf, max_extra))
    master.changeColsCost(n, np.arange(n, dtype=np.int32), cost)
    x_master = np.zeros(n)
    lower_bound, best, best_cost = 0.0, None, np.inf
    cuts = 0
    iterations = 0
    at_master = True
    # The plan at which each scenario last survived: v_s only falls as stock grows, so it
    # survives any plan holding at least as much everywhere, without a solve.
    survived_at: dict[str, np.ndarray] = {}
    for iterations in range(1, max_iterations + 1):
        x = x_master if at_master or best is None else STABILISING_STEP * x_master + (1 - STABILISING_STEP) * best
        violated, repair, repairable = 0, np.zeros(n), True
        rows = []
        todo = [s for s in scenarios if not (s.name in survived_at and np.all(x >= survived_at[s.name]))]
        items = [(s, horizon[s.name]) for s in todo]
        with tqdm(total=len(items), desc=f"round {iterations}", unit="scenario", leave=False, disable=not bars) as bar:
            for k, cut in sub.solve(items, x, bar.update):
                if cut.value <= LOSS_TOLERANCE:
                    survived_at[todo[k].name] = x
                    continue
                violated += 1
                keep = cut.gradient < 0  # more stock never hurts: a positive entry is round-off
                support, coef = cut.gradient_at[keep], -cut.gradient[keep]
                rows.append((k, cut.value + coef @ x[support], support, coef))
                if cut.repair_at is None:
                    repairable = False
                else:
                    np.maximum.at(repair, cut.repair_at, cut.repair)
        if violated == 0 and x is x_master:
            best, best_cost = x, float(cost @ x)
            lower_bound = best_cost  # x is the master's optimum: the bounds meet
            say(f"round {iterations}: every scenario survives; cost {best_cost:.6g}")
            break
        if violated == 0:  # a feasible plan between the best one and the master's
            if float(cost @ x) < best_cost:
                best, best_cost = x, float(cost @ x)
            at_master = True
            say(f"round {iterations}: every scenario survives at the stabilised point; best plan {best_cost:.6g}")
        else:
            if repairable:
                candidate = x + repair
                if float(cost @ candidate) < best_cost:
                    best, best_cost = candidate, float(cost @ candidate)
            for _, beta, support, coef in sorted(rows, key=lambda row: row[0]):  # same order in any process
                # Scaled so that its largest coefficient is 1 (the same cut): coefficients
                # range over the costs' whole span, and HiGHS copes better with it so.
                scale = coef.max()
                master.addRow(beta / scale, inf, len(support), support.astype(np.int32), coef / scale)
            cuts += len(rows)
            _solve_master(master)
            previous, x_master = x_master, np.maximum(np.asarray(master.getSolution().col_value), 0.0)
            lower_bound = float(master.getInfo().objective_function_value)
            # Ask at the master's solution when the cuts left it where it was (the same
            # point would be asked again).
            at_master = not stabilise or np.array_equal(previous, x_master)
            say(f"round {iterations}: {violated} of {len(scenarios)} scenarios short; lower bound "
                f"{lower_bound:.6g}, best plan {best_cost:.6g}")
        if best is not None and best_cost - lower_bound <= gap * best_cost:
            break
    if best is None:
        raise SolverError(f"no plan found in {max_iterations} rounds; raise max_iterations")
    return best, min(lower_bound, best_cost), best_cost, iterations, cuts
