"""The scenario LP in *rate form*, shared by the fast solver and the explanations.

Dividing every variable of the horizon-t model by t (u' = u/t, y' = y/t, l' = l/t) and
writing r = 1/t gives constraints whose coefficients no longer grow with the horizon:

    u'_j <= c_j                      (disrupted: (1 - f_j) c_j)      column bound
    qty_kj u'_j - sum y'_e <= 0      (edges e from part k into j)    bill of materials
    sum y'_e - u'_i - s_i r <= 0     (edges e out of i)              flow
    sum over j in g of (u'_j + s_j r - shipped'_j) + l'_g >= d_g     demand g

* TTS: fix l' = 0 and minimise r. The optimum is r* = 1/TTS; r* = 0 means every horizon
  is survivable (TTS = inf) and infeasibility means none is (TTS = 0). Unlike "maximise t"
  this LP is never unbounded and stays well scaled.
* PI(t): fix r = 1/t and minimise sum profit_j l'_j; then PI(t) = t * optimum.

Only nodes that reach a product are modelled (others cannot change any result), and the
LP is built per connected component so that a disruption only re-solves its own part.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp

from .highs import new_highs
from .model import Network


@dataclass(frozen=True, eq=False)
class RateLP:
    """Rate-form LP over a closed set of nodes. Columns are laid out as
    ``[u (nodes) | y (edges) | l' (products) | r]``."""

    nodes: np.ndarray  # network node index of each u column
    edges: np.ndarray  # network edge index of each y column (edges from alternative sources)
    products: np.ndarray  # network node index of each l' column (a part's demand: its first node)
    matrix: sp.csc_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    flow_nodes: np.ndarray  # network node index of each flow row (they follow the BOM rows)
    num_bom_rows: int
    capacity: np.ndarray  # baseline upper bound of each u column (inf = unlimited)
    profit: np.ndarray  # per l' column
    # The demand group (network.groups) of each l' column, and the u columns serving each:
    # demand_nodes[demand_ptr[k]:demand_ptr[k+1]] for l' column k (demand rows follow the flow rows).
    groups: np.ndarray | None = None
    demand_ptr: np.ndarray | None = None
    demand_nodes: np.ndarray | None = None

    @property
    def num_cols(self) -> int:
        return self.matrix.shape[1]

    @property
    def l_cols(self) -> np.ndarray:
        start = len(self.nodes) + len(self.edges)
        return np.arange(start, start + len(self.products), dtype=np.int32)

    @property
    def r_col(self) -> int:
        return self.num_cols - 1

    @property
    def u_cols(self) -> np.ndarray:
        return np.arange(len(self.nodes), dtype=np.int32)

    def local_node(self) -> dict[int, int]:
        return {int(node): k for k, node in enumerate(self.nodes)}


def build_rate_lp(network: Network, nodes: np.ndarray) -> RateLP:
    """Rate-form LP over ``nodes`` (sorted network indices, closed under the edges that
    matter: every input of a node in the set is in the set)."""
    nodes = np.asarray(nodes, dtype=np.int64)
    local = np.full(network.num_nodes, -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    keep = (local[network.edge_from] >= 0) & (local[network.edge_to] >= 0)
    edges = np.flatnonzero(keep)
    e_from = local[network.edge_from[edges]]
    e_to = local[network.edge_to[edges]]
    qty = network.edge_qty[edges]
    n, m = len(nodes), len(edges)
    all_groups = network.groups
    groups = np.unique(all_groups.of_node[nodes])
    groups = groups[groups >= 0]
    p = len(groups)
    sizes = all_groups.ptr[groups + 1] - all_groups.ptr[groups]
    demand_ptr = np.zeros(p + 1, dtype=np.int64)
    np.cumsum(sizes, out=demand_ptr[1:])
    members = (np.concatenate([all_groups.members_of(g) for g in groups]) if p else np.empty(0, dtype=np.int64))
    if (local[members] < 0).any():
        raise ValueError("a demand's nodes must all be in the node set")
    demand_nodes = local[members]
    products = members[demand_ptr[:-1]]

    rows, cols, vals = [], [], []
    # Bill of materials: one group per (consumer, input part). A group fed by a single edge
    # needs no flow variable: shipping more than qty * u_j is never useful, so that edge's
    # flow is qty * u_j and goes straight into the supplier's flow row. Alternatives keep
    # one y column per edge and one row qty * u_j <= sum y.
    group_key = e_to * len(network.part_names) + network.part_of[network.edge_from[edges]]
    _, group, group_size = np.unique(group_key, return_inverse=True, return_counts=True)
    direct = group_size[group] == 1
    y_edges = np.flatnonzero(~direct)
    y_col = np.full(m, -1, dtype=np.int64)
    y_col[y_edges] = n + np.arange(len(y_edges))
    bom_keys, bom_row = np.unique(group_key[y_edges], return_inverse=True)
    num_bom = len(bom_keys)
    consumer = bom_keys // len(network.part_names)
    first_edge = np.zeros(num_bom, dtype=np.int64)
    first_edge[bom_row[::-1]] = y_edges[::-1]
    rows += [np.arange(num_bom), bom_row]
    cols += [consumer, y_col[y_edges]]
    vals += [qty[first_edge], -np.ones(len(y_edges))]
    # Flow: what leaves a node is at most what it makes plus its stock (times r).
    suppliers, flow_row = np.unique(e_from, return_inverse=True)
    num_flow = len(suppliers)
    flow_row = flow_row + num_bom
    r_col = n + len(y_edges) + p
    rows += [flow_row, num_bom + np.arange(num_flow), num_bom + np.arange(num_flow)]
    cols += [np.where(direct, e_to, y_col), suppliers, np.full(num_flow, r_col)]
    vals += [np.where(direct, qty, 1.0), -np.ones(num_flow), -network.inventory[nodes[suppliers]]]
    # Demand: what the group's nodes make, plus their stock, less what they ship to their
    # consumers (a product may also be part of another product), plus lost demand covers
    # the demand rate. A node's own demand has one node; a part's demand all its nodes.
    demand_base = num_bom + num_flow
    member_row = demand_base + np.repeat(np.arange(p), sizes)
    rows += [member_row, demand_base + np.arange(p), member_row]
    cols += [demand_nodes, n + len(y_edges) + np.arange(p), np.full(len(members), r_col)]
    vals += [np.ones(len(members)), np.ones(p), network.inventory[members]]
    row_of_node = np.full(n, -1, dtype=np.int64)
    row_of_node[demand_nodes] = member_row
    shipping = row_of_node[e_from] >= 0
    rows.append(row_of_node[e_from[shipping]])
    cols.append(np.where(direct, e_to, y_col)[shipping])
    vals.append(-np.where(direct, qty, 1.0)[shipping])
    num_rows = demand_base + p
    matrix = sp.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(num_rows, r_col + 1)
    )
    matrix.sum_duplicates()
    matrix.eliminate_zeros()  # zero stock leaves no r entry
    row_lower = np.concatenate([np.full(num_bom + num_flow, -np.inf), all_groups.demand[groups]])
    row_upper = np.concatenate([np.zeros(num_bom + num_flow), np.full(p, np.inf)])
    return RateLP(
        nodes=nodes,
        edges=edges[y_edges],
        products=products,
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        flow_nodes=nodes[suppliers],
        num_bom_rows=num_bom,
        capacity=network.capacity[nodes].copy(),
        profit=all_groups.profit[groups].copy(),
        groups=groups,
        demand_ptr=demand_ptr,
        demand_nodes=demand_nodes,
    )


def rate_lp_model(lp: RateLP, *, mode: str) -> highspy.Highs:
    """A HiGHS instance holding ``lp`` for ``mode`` "tts" (min r, l' = 0) or "pi"
    (min profit . l', r to be fixed by the caller). Presolve is off so that bases survive
    bound changes and re-solves start hot."""
    n_cols = lp.num_cols
    lower = np.zeros(n_cols)
    upper = np.full(n_cols, np.inf)
    upper[: len(lp.nodes)] = lp.capacity
    cost = np.zeros(n_cols)
    if mode == "tts":
        upper[lp.l_cols] = 0.0
        cost[lp.r_col] = 1.0
    elif mode == "pi":
        cost[lp.l_cols] = lp.profit
    else:
        raise ValueError(f"unknown mode {mode!r}")
    model = highspy.HighsLp()
    model.num_col_ = n_cols
    model.num_row_ = lp.matrix.shape[0]
    model.col_cost_ = cost
    model.col_lower_ = lower
    model.col_upper_ = np.where(np.isinf(upper), highspy.kHighsInf, upper)
    model.row_lower_ = np.where(np.isinf(lp.row_lower), -highspy.kHighsInf, lp.row_lower)
    model.row_upper_ = np.where(np.isinf(lp.row_upper), highspy.kHighsInf, lp.row_upper)
    model.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    model.a_matrix_.start_ = lp.matrix.indptr.astype(np.int32)
    model.a_matrix_.index_ = lp.matrix.indices.astype(np.int32)
    model.a_matrix_.value_ = lp.matrix.data.astype(float)
    h = new_highs()
    h.setOptionValue("presolve", "off")
    h.passModel(model)
    return h
