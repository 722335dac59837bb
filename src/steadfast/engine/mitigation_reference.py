"""The naive monolithic mitigation LP the optimiser is tested against: every scenario's
horizon-T model written out literally (all nodes and edges, no rate form, no pruning), one
copy per scenario, all sharing the extra-stock columns x, solved in one piece. It follows
the same model as the naive analysis (:mod:`.reference`): a demand group (a product's
own demand, or a part's demand shared by its nodes) is served by what all its members make
less what they ship to their consumers, so a product inside another product serves both.

    min  sum_i cost_i x_i
    per scenario s (horizon T_s, capacities c^s):
         u_j <= c^s_j T_s
         qty_kj u_j - sum_{e from part k into j} y_e <= 0                (bill of materials)
         sum_{e out of i} y_e - u_i - x_i <= s_i                         (flow)
         sum_{j in g} (u_j + x_j - sum_{e out of j} y_e) >= d_g T_s - sum_{j in g} s_j
                                                                          (demand; none lost)
    0 <= x_i <= max_extra_i

Extra stock x_i enters every row the node's own stock s_i enters. Solved after the same
equilibration as the naive analysis (:func:`.reference._highs_from`), so that it stays
right in any units.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from .highs import INFEASIBLE, OPTIMAL, SolverError, solve
from .model import Network
from .reference import _demand_terms, _highs_from, _scenario_capacity, _structure_rows
from .scenarios import Scenario


def naive_mitigation(network: Network, scenarios: list[Scenario], horizons: list[float], cost: np.ndarray,
                     max_extra: np.ndarray | None = None) -> float | None:
    """The least total cost, or None when no plan saves every scenario."""
    if not scenarios:
        return 0.0
    n, m = network.num_nodes, network.num_edges
    max_extra = np.full(n, np.inf) if max_extra is None else np.asarray(max_extra, dtype=float)
    base_rows, base_cols, base_vals, n_structure, num_bom, stock = _structure_rows(network, n)
    base_rows, base_cols, base_vals = np.asarray(base_rows), np.asarray(base_cols), np.asarray(base_vals, dtype=float)
    suppliers = np.unique(network.edge_from)
    groups = list(_demand_terms(network, n))
    demand = network.groups.demand
    rows, cols, vals, row_lower, row_upper = [], [], [], [], []
    col_upper = [max_extra]
    num_rows, num_cols = 0, n
    for scenario, horizon in zip(scenarios, horizons):
        u0 = num_cols  # this scenario's u_j = u0 + j, y_e = u0 + n + e
        col_upper.append(np.concatenate([_scenario_capacity(network, scenario) * horizon, np.full(m, np.inf)]))
        num_cols += n + m
        # Bill-of-materials and flow rows, as in the naive analysis, plus x in the flow rows.
        rows += [num_rows + base_rows, num_rows + num_bom + np.arange(len(suppliers))]
        cols += [u0 + base_cols, suppliers]
        vals += [base_vals, -np.ones(len(suppliers))]
        row_lower.append(np.full(n_structure, -np.inf))
        row_upper.append(np.concatenate([np.zeros(num_bom), stock]))
        num_rows += n_structure
        # Demand rows: what the members make, less what they ship, plus their extra stock.
        for g, group_cols, group_vals, stock_g in groups:
            members = network.groups.members_of(g)
            rows += [np.full(len(group_cols) + len(members), num_rows)]
            cols += [np.concatenate([u0 + np.asarray(group_cols, dtype=np.int64), members])]
            vals += [np.concatenate([np.asarray(group_vals, dtype=float), np.ones(len(members))])]
            row_lower.append([demand[g] * horizon - stock_g])
            row_upper.append([np.inf])
            num_rows += 1
    matrix = sp.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                           shape=(num_rows, num_cols))
    h, _, cost_scale = _highs_from(matrix, np.concatenate([cost, np.zeros(num_cols - n)]), np.zeros(num_cols),
                                   np.concatenate(col_upper), np.concatenate(row_lower),
                                   np.concatenate(row_upper), maximize=False)
    status = solve(h, "naive mitigation LP")
    if status == INFEASIBLE:
        return None
    if status != OPTIMAL:  # x >= 0 with costs >= 0: never unbounded
        raise SolverError(f"naive mitigation LP ended {h.modelStatusToString(status)!r}")
    return float(h.getInfo().objective_function_value * cost_scale)
