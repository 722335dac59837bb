"""The naive reference: the paper's LPs written out literally, rebuilt for every scenario.

No shortcut, no pruning, no rate form: the horizon t is a variable (TTS) or a constant (PI)
exactly as in the specification, and every node and edge of the network is in the LP.
The fast solver is tested and benchmarked against this module.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .highs import INFEASIBLE, OPTIMAL, UNBOUNDED, SolverError, new_highs, solve
from .model import Network
from .results import ScenarioResult, with_rei
from .scenarios import Scenario


def _scenario_capacity(network: Network, scenario: Scenario | None) -> np.ndarray:
    cap = network.capacity.copy()
    if scenario is not None:
        for node, loss in zip(scenario.nodes, scenario.losses):
            # An unlimited node stays unlimited under partial loss; full loss stops it.
            cap[node] = 0.0 if loss >= 1 else (1 - loss) * cap[node]
    return cap


def _structure_rows(network: Network, n_u: int):
    """Bill-of-materials rows, then flow rows, as lists (rows, cols, vals), the row count
    and the inventory of each flow row's node. Columns: u_j = j, y_e = n_u + e."""
    m = network.num_edges
    y_cols = n_u + np.arange(m)
    # One bill-of-materials row per (consumer, input part); alternatives share the row.
    key = network.edge_to * len(network.part_names) + network.part_of[network.edge_from]
    bom_keys, first_edge, bom_row = np.unique(key, return_index=True, return_inverse=True)
    num_bom = len(bom_keys)
    consumer = bom_keys // len(network.part_names)
    # One flow row per node with outgoing edges.
    suppliers, flow_row = np.unique(network.edge_from, return_inverse=True)
    flow_row = flow_row + num_bom
    rows = [*range(num_bom), *bom_row, *flow_row, *(num_bom + np.arange(len(suppliers)))]
    cols = [*consumer, *y_cols, *y_cols, *suppliers]
    vals = [*network.edge_qty[first_edge], *(-np.ones(m)), *np.ones(m), *(-np.ones(len(suppliers)))]
    return rows, cols, vals, num_bom + len(suppliers), num_bom, network.inventory[suppliers]


def _demand_terms(network: Network, n_u: int):
    """Per demand group: the columns and coefficients of what its nodes make less what they
    ship (u_j - y_e for every edge e out of a member j), and the members' total stock."""
    out_edges: dict[int, list[int]] = {}
    for e, supplier in enumerate(network.edge_from):
        out_edges.setdefault(int(supplier), []).append(e)
    groups = network.groups
    for g in range(len(groups)):
        cols, vals = [], []
        for j in groups.members_of(g):
            cols.append(int(j)), vals.append(1.0)
            for e in out_edges.get(int(j), ()):
                cols.append(n_u + e), vals.append(-1.0)
        yield g, cols, vals, float(network.inventory[groups.members_of(g)].sum())


def equilibrate(matrix: sp.csc_matrix, passes: int = 8) -> tuple[np.ndarray, np.ndarray]:
    """Row and column factors (powers of two, so that scaling is exact in floating point)
    that bring every row's and column's non-zeros close to 1 in geometric mean: the
    reference LP is then solved in balanced units whatever units the network uses."""
    coo = matrix.tocoo()
    log_a = np.log2(np.abs(coo.data))
    row_log = np.zeros(matrix.shape[0])
    col_log = np.zeros(matrix.shape[1])
    for _ in range(passes):
        for axis_index, target, other in ((coo.row, row_log, col_log[coo.col]), (coo.col, col_log, row_log[coo.row])):
            scaled = log_a + other
            size = len(target)
            top = np.full(size, -np.inf)
            bottom = np.full(size, np.inf)
            np.maximum.at(top, axis_index, scaled)
            np.minimum.at(bottom, axis_index, scaled)
            present = np.isfinite(top)
            target[present] = -0.5 * (top[present] + bottom[present])
    return np.exp2(np.round(row_log)), np.exp2(np.round(col_log))


def _highs_from(matrix: sp.coo_matrix, cost, col_lower, col_upper, row_lower, row_upper, *, maximize: bool):
    """A HiGHS model of the LP after equilibration (x = col_scale * x'; row i times
    row_scale[i]; costs / cost_scale): column values need ``col_scale``, the objective
    ``cost_scale``."""
    import highspy

    csc = matrix.tocsc()
    csc.eliminate_zeros()
    row_scale, col_scale = equilibrate(csc)
    csc = (sp.diags(row_scale) @ csc @ sp.diags(col_scale)).tocsc()
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = csc.shape[1], csc.shape[0]
    # The objective too: HiGHS's dual tolerance is absolute, so costs are brought to at most
    # 1 (by a power of two); the caller multiplies the optimum back by ``cost_scale``.
    cost = np.asarray(cost, dtype=float) * col_scale
    top = float(np.abs(cost).max(initial=0.0))
    cost_scale = float(np.exp2(np.round(np.log2(top)))) if top > 0 else 1.0
    lp.col_cost_ = cost / cost_scale
    lp.col_lower_ = np.clip(np.asarray(col_lower, dtype=float) / col_scale, -inf, inf)
    lp.col_upper_ = np.clip(np.asarray(col_upper, dtype=float) / col_scale, -inf, inf)
    lp.row_lower_ = np.clip(np.asarray(row_lower, dtype=float) * row_scale, -inf, inf)
    lp.row_upper_ = np.clip(np.asarray(row_upper, dtype=float) * row_scale, -inf, inf)
    lp.sense_ = highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(float)
    h = new_highs()
    # Tolerances an order tighter than HiGHS's defaults: the tests hold the engine to 1e-6.
    h.setOptionValue("primal_feasibility_tolerance", 1e-9)
    h.setOptionValue("dual_feasibility_tolerance", 1e-9)
    h.passModel(lp)
    return h, col_scale, cost_scale


def reference_tts(network: Network, scenario: Scenario | None = None) -> float:
    """max t with no lost demand; ``inf`` when unbounded. ``scenario=None`` is the baseline."""
    n, m = network.num_nodes, network.num_edges
    t_col = n + m
    cap = _scenario_capacity(network, scenario)
    rows, cols, vals, n_rows, _, stock = _structure_rows(network, n)
    row_lower = [-np.inf] * n_rows
    row_upper = [0.0] * (n_rows - len(stock)) + list(stock)  # flow: sum y - u <= s
    col_upper = np.full(t_col + 1, np.inf)
    for j in range(n):
        if cap[j] == 0:
            col_upper[j] = 0.0
        elif np.isfinite(cap[j]):  # u_j - c_j t <= 0
            rows += [n_rows, n_rows]
            cols += [j, t_col]
            vals += [1.0, -cap[j]]
            row_lower.append(-np.inf), row_upper.append(0.0)
            n_rows += 1
    demand = network.groups.demand
    for g, group_cols, group_vals, stock_g in _demand_terms(network, n):  # made - shipped - d_g t >= -stock
        rows += [n_rows] * (len(group_cols) + 1)
        cols += [*group_cols, t_col]
        vals += [*group_vals, -demand[g]]
        row_lower.append(-stock_g), row_upper.append(np.inf)
        n_rows += 1
    matrix = sp.coo_matrix((vals, (rows, cols)), shape=(n_rows, t_col + 1))
    cost = np.zeros(t_col + 1)
    cost[t_col] = 1.0
    h, col_scale, _ = _highs_from(matrix, cost, np.zeros(t_col + 1), col_upper, row_lower, row_upper, maximize=True)
    status = solve(h, "reference TTS LP")
    if status == UNBOUNDED:
        return np.inf
    if status != OPTIMAL:  # t = 0 with nothing produced is always feasible
        raise SolverError(f"reference TTS LP ended {h.modelStatusToString(status)!r}")
    return float(h.getSolution().col_value[t_col] * col_scale[t_col])


def reference_pi(network: Network, scenario: Scenario | None, t: float) -> float:
    """min lost profit over horizon t."""
    n, m = network.num_nodes, network.num_edges
    groups = network.groups
    cap = _scenario_capacity(network, scenario)
    rows, cols, vals, n_rows, _, stock = _structure_rows(network, n)
    row_lower = [-np.inf] * n_rows
    row_upper = [0.0] * (n_rows - len(stock)) + list(stock)
    for g, group_cols, group_vals, stock_g in _demand_terms(network, n):  # made - shipped + l_g >= d_g t - stock
        rows += [n_rows] * (len(group_cols) + 1)
        cols += [*group_cols, n + m + g]
        vals += [*group_vals, 1.0]
        row_lower.append(groups.demand[g] * t - stock_g), row_upper.append(np.inf)
        n_rows += 1
    n_cols = n + m + len(groups)
    matrix = sp.coo_matrix((vals, (rows, cols)), shape=(n_rows, n_cols))
    col_upper = np.full(n_cols, np.inf)
    col_upper[:n] = cap * t
    cost = np.zeros(n_cols)
    cost[n + m :] = groups.profit
    h, _, cost_scale = _highs_from(matrix, cost, np.zeros(n_cols), col_upper, row_lower, row_upper, maximize=False)
    status = solve(h, "reference PI LP")
    if status == INFEASIBLE or status != OPTIMAL:  # losing all demand is always feasible
        raise SolverError(f"reference PI LP ended {h.modelStatusToString(status)!r}")
    return float(h.getInfo().objective_function_value * cost_scale)


def reference_analyse(network: Network, scenarios: list[Scenario]) -> list[ScenarioResult]:
    """Every scenario solved naively: TTS and PI(ttr), each from a fresh LP."""
    rows = []
    for scenario in scenarios:
        tts = reference_tts(network, scenario)
        pi = reference_pi(network, scenario, scenario.ttr)
        rows.append(ScenarioResult(scenario=scenario.name, ttr=scenario.ttr, tts=tts, pi=pi))
    return with_rei(rows)
