"""Why a scenario came out as it did: lost units per product and what ran out.

The explanation re-solves the scenario once on the whole rate-form LP (speed does not
matter for one scenario) and reads the duals: a capacity is a bottleneck when its column
sits at its bound with a non-zero reduced cost (one more unit/day would change the
answer), and a node's inventory ran out when its flow or demand row has a non-zero dual
(one more unit on hand would change the answer).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .highs import INFEASIBLE, OPTIMAL, SolverError, solve
from .lp import build_rate_lp, rate_lp_model
from .model import Network
from .results import ScenarioResult
from .scenarios import Scenario
from .solver import Analyzer

DUAL_ZERO = 1e-9


@dataclass(frozen=True)
class Explanation:
    """``lost_units``: product id (a node's own demand) or part name (a part's demand) ->
    units of demand not met over the ttr (only demands that lose something). ``capacity_bottlenecks`` / ``inventory_exhausted``: node ids whose
    capacity or stock limits the result, in network order. When the scenario is not at
    risk they describe what limits its TTS instead (empty when TTS is infinite)."""

    result: ScenarioResult
    lost_units: dict[str, float]
    capacity_bottlenecks: tuple[str, ...]
    inventory_exhausted: tuple[str, ...]


def explain(network: Network, scenario: Scenario, *, analyzer: Analyzer | None = None) -> Explanation:
    """Result, lost units and binding constraints of one scenario."""
    analyzer = analyzer or Analyzer(network)
    result = analyzer.analyse(scenario)
    relevant = np.flatnonzero(network.reaches_product)
    if relevant.size == 0:
        return Explanation(result, {}, (), ())
    # Solved in the analyzer's units (every part in its own, see units.py), so that the
    # explanation, like the result, does not depend on the units of the network.
    network = analyzer.lp_network
    unit = analyzer.units.node_unit(analyzer.network)
    lp = build_rate_lp(network, relevant)
    local = lp.local_node()
    caps = {local[k]: (0.0 if f >= 1 else (1 - f) * network.capacity[k])
            for k, f in zip(scenario.nodes, scenario.losses) if k in local}
    at_risk = result.at_risk
    if not at_risk and not np.isfinite(result.tts):
        return Explanation(result, {}, (), ())
    h = rate_lp_model(lp, mode="pi" if at_risk else "tts")
    if caps:
        cols = np.fromiter(caps, dtype=np.int32)
        h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), np.fromiter(caps.values(), dtype=float))
    if at_risk:
        h.changeColBounds(lp.r_col, 1.0 / scenario.ttr, 1.0 / scenario.ttr)
    status = solve(h, "explanation LP")
    if status == INFEASIBLE:  # TTS = 0: some product has no supply at all; nothing to price
        return Explanation(result, {}, (), ())
    if status != OPTIMAL:
        raise SolverError(f"explanation LP ended {h.modelStatusToString(status)!r}")
    solution = h.getSolution()
    values = np.asarray(solution.col_value)
    col_dual = np.asarray(solution.col_dual)
    row_dual = np.asarray(solution.row_dual)

    lost = {}
    if at_risk:
        groups = analyzer.network.groups
        for k, (group, value) in enumerate(zip(lp.groups, values[lp.l_cols])):
            if value > 1e-9 * max(1.0, lp.row_lower[lp.num_bom_rows + len(lp.flow_nodes) + k]):
                # In the user's units of the part the demand is for (LP units x the part's unit).
                lost[groups.labels[group]] = float(value * scenario.ttr * unit[lp.products[k]])
    upper = np.array([caps.get(k, lp.capacity[k]) for k in range(len(lp.nodes))])
    finite = np.isfinite(upper)
    slack = np.where(finite, upper, 0.0) - values[: len(lp.nodes)]
    at_bound = finite & (slack <= 1e-9 * np.maximum(1.0, np.where(finite, upper, 0.0)))
    binding = at_bound & (np.abs(col_dual[: len(lp.nodes)]) > DUAL_ZERO)
    bottlenecks = sorted(int(lp.nodes[k]) for k in np.flatnonzero(binding))
    first_demand_row = lp.num_bom_rows + len(lp.flow_nodes)
    stock_rows = [(int(node), lp.num_bom_rows + k) for k, node in enumerate(lp.flow_nodes)]
    stock_rows += [(int(lp.nodes[node]), first_demand_row + k) for k in range(len(lp.l_cols))
                   for node in lp.demand_nodes[lp.demand_ptr[k] : lp.demand_ptr[k + 1]]]
    exhausted = sorted({node for node, row in stock_rows
                        if network.inventory[node] > 0 and abs(row_dual[row]) > DUAL_ZERO})
    return Explanation(
        result=result,
        lost_units=lost,
        capacity_bottlenecks=tuple(network.node_ids[k] for k in bottlenecks),
        inventory_exhausted=tuple(network.node_ids[k] for k in exhausted),
    )
