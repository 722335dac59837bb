"""Graph helpers for the network's arrays: grouping positions by key, and a topological order."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def group_indices(keys: np.ndarray, size: int) -> list[np.ndarray]:
    """Positions of ``keys`` grouped by key value 0..size-1."""
    order = np.argsort(keys, kind="stable")
    bounds = np.searchsorted(keys[order], np.arange(size + 1))
    return [order[bounds[k] : bounds[k + 1]] for k in range(size)]


def topological_order(num_nodes: int, e_from: np.ndarray, e_to: np.ndarray) -> np.ndarray:
    """Kahn's order of the nodes; raises ValueError (with no location) on a cycle."""
    order = kahn_order(num_nodes, e_from, e_to)
    if order.size < num_nodes:
        raise ValueError("network has a cycle")
    return order


def kahn_order(num_nodes: int, e_from: np.ndarray, e_to: np.ndarray) -> np.ndarray:
    # Kahn's algorithm a level at a time, in numpy: every node whose inputs are all placed
    # joins at once. Measured (best of 5 on the 2-core dev machine, under load): the
    # demo network (37,738 nodes, 135,820 edges) 53 ms, against 776 ms for the node-at-a-time
    # loop this replaces and 1,540 ms for graphlib.TopologicalSorter (scipy.sparse.csgraph
    # has no topological sort); 0.5 ms / 28 ms / 30 ms at 2,000 nodes. Supply networks are
    # a few levels deep, so the loop below runs a handful of times.
    outputs = sp.csr_matrix((np.ones(len(e_from), dtype=np.int64), (e_from, e_to)), shape=(num_nodes, num_nodes))
    indegree = np.bincount(e_to, minlength=num_nodes)
    frontier = np.flatnonzero(indegree == 0)
    levels = []
    while frontier.size:
        levels.append(frontier)
        placed = outputs[frontier]  # duplicate edges are summed into data
        np.subtract.at(indegree, placed.indices, placed.data)
        consumers = np.unique(placed.indices)
        frontier = consumers[indegree[consumers] == 0]
    return np.concatenate(levels) if levels else np.empty(0, dtype=np.int64)
