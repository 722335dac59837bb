"""The naive monolithic mitigation LP the optimiser is tested against: every scenario's
horizon-T model written out literally (all nodes and edges, no rate form, no pruning), one
copy per scenario, all sharing the extra-stock columns x, solved in one piece.

    min  sum_i cost_i x_i
    per scenario s (horizon T_s, capacities c^s):
         u_j <= c^s_j T_s
         qty_kj u_j - sum_{e from part k into j} y_e <= 0
         sum_{e out of i} y_e - u_i - x_i <= s_i
         u_j + x_j >= d_j T_s - s_j                     (products; no lost demand)
    0 <= x_i <= max_extra_i
"""

from __future__ import annotations

import highspy
import numpy as np
import scipy.sparse as sp

from steadfast.engine.model import Network
from steadfast.engine.scenarios import Scenario


def naive_mitigation(network: Network, scenarios: list[Scenario], horizons: list[float], cost: np.ndarray,
                     max_extra: np.ndarray | None = None) -> float | None:
    """The least total cost, or None when no plan saves every scenario."""
    if not scenarios:
        return 0.0
    n, m = network.num_nodes, network.num_edges
    max_extra = np.full(n, np.inf) if max_extra is None else max_extra
    key = network.edge_to * len(network.part_names) + network.part_of[network.edge_from]
    bom_keys, first_edge, bom_row = np.unique(key, return_index=True, return_inverse=True)
    consumer = bom_keys // len(network.part_names)
    suppliers, flow_row = np.unique(network.edge_from, return_inverse=True)
    products = network.products
    rows, cols, vals, lower, upper = [], [], [], [], []
    col_lower, col_upper = [np.zeros(n)], [max_extra]
    num_rows, num_cols = 0, n
    for scenario, horizon in zip(scenarios, horizons):
        u0, y0 = num_cols, num_cols + n
        cap = network.capacity.copy()
        for node, loss in zip(scenario.nodes, scenario.losses):
            cap[node] = 0.0 if loss >= 1 else (1 - loss) * cap[node]
        col_lower.append(np.zeros(n + m))
        col_upper.append(np.concatenate([cap * horizon, np.full(m, np.inf)]))
        num_cols += n + m
        b = num_rows  # bill of materials
        rows += [b + np.arange(len(bom_keys)), b + bom_row]
        cols += [u0 + consumer, y0 + np.arange(m)]
        vals += [network.edge_qty[first_edge], -np.ones(m)]
        lower.append(np.full(len(bom_keys), -np.inf))
        upper.append(np.zeros(len(bom_keys)))
        f = b + len(bom_keys)  # flow
        rows += [f + flow_row, f + np.arange(len(suppliers)), f + np.arange(len(suppliers))]
        cols += [y0 + np.arange(m), u0 + suppliers, suppliers]
        vals += [np.ones(m), -np.ones(len(suppliers)), -np.ones(len(suppliers))]
        lower.append(np.full(len(suppliers), -np.inf))
        upper.append(network.inventory[suppliers])
        d = f + len(suppliers)  # demand
        rows += [d + np.arange(len(products))] * 2
        cols += [u0 + products, products]
        vals += [np.ones(len(products))] * 2
        lower.append(network.demand[products] * horizon - network.inventory[products])
        upper.append(np.full(len(products), np.inf))
        num_rows = d + len(products)
    matrix = sp.csc_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                           shape=(num_rows, num_cols))
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = num_cols, num_rows
    lp.col_cost_ = np.concatenate([cost, np.zeros(num_cols - n)])
    lp.col_lower_ = np.concatenate(col_lower)
    lp.col_upper_ = np.minimum(np.concatenate(col_upper), inf)
    lp.row_lower_ = np.maximum(np.concatenate(lower), -inf)
    lp.row_upper_ = np.minimum(np.concatenate(upper), inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(float)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    assert status == highspy.HighsModelStatus.kOptimal, h.modelStatusToString(status)
    return float(h.getInfo().objective_function_value)
