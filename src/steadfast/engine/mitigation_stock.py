"""Where stock enters the rate LP (docs/model.md, "Mitigation optimiser", "Formulation"):
the matrix S read off :func:`~.lp.build_rate_lp` itself, so that the optimiser follows the
model when the LP changes."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from .lp import RateLP, build_rate_lp
from .model import Network


def stock_incidence(network: Network, lp: RateLP) -> sp.csc_matrix:
    """The matrix S (LP rows x lp.nodes) with r-column = S @ inventory[lp.nodes].

    Stock only ever appears multiplied by r, so the r column is linear in the inventory.
    Building the LP with the stock of a set of nodes set to 1 (then to index + 1) shows,
    row by row, how many of them enter it and which one; nodes are probed in classes (the
    k-th source of each part) so that no row sees two of one class."""
    nodes = lp.nodes
    parts = network.part_of[nodes]
    order = np.lexsort((nodes, parts))
    rank = np.empty(len(nodes), dtype=np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(parts[order])) + 1]
    rank[order] = np.arange(len(nodes)) - np.repeat(starts, np.diff(np.r_[starts, len(nodes)]))
    rows_list, cols_list, vals_list = [], [], []
    for k in range(int(rank.max(initial=-1)) + 1):
        members = rank == k
        probe = np.zeros(network.num_nodes)
        probe[nodes[members]] = 1.0
        count = _r_column(network, nodes, probe)
        probe[nodes[members]] = 1.0 + np.flatnonzero(members)
        ident = _r_column(network, nodes, probe)
        rows = np.flatnonzero(count)
        sign = count[rows]
        if not np.all(np.abs(sign) == 1):
            raise NotImplementedError("stock of two sources of one part enters one LP row in an unexpected way")
        local = np.rint(ident[rows] / sign).astype(np.int64) - 1
        rows_list.append(rows)
        cols_list.append(local)
        vals_list.append(sign)
    shape = (lp.matrix.shape[0], len(nodes))
    if not rows_list:
        return sp.csc_matrix(shape)
    return sp.csc_matrix((np.concatenate(vals_list), (np.concatenate(rows_list), np.concatenate(cols_list))),
                         shape=shape)


def _r_column(network: Network, nodes: np.ndarray, inventory: np.ndarray) -> np.ndarray:
    lp = build_rate_lp(replace(network, inventory=inventory), nodes)
    return lp.matrix[:, [lp.r_col]].toarray().ravel()
