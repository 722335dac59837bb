"""Benchmark: the library graph algorithms against the hand-written ones they replaced (or did not).

Three jobs, each timed both ways in the same run, on synthetic layered BOMs (no database):
  1. the import's BOM cycle check (network/importers/bom_cycles.py): scipy.sparse.csgraph's strongly
     connected components + breadth-first search, against the iterative Tarjan + BFS in Python it
     replaced; the stored BOM plus a file of new lines, some closing cycles;
  2. services.find_cycle (network/services/bom.py): graphlib.TopologicalSorter.prepare, against the
     iterative DFS it replaced; acyclic (the whole graph is walked) and with one cycle;
  3. the engine's topological order (engine/graph.py, Kahn's algorithm on numpy arrays, kept as it
     is): against graphlib.TopologicalSorter.static_order. scipy.sparse.csgraph has no topological
     sort, so graphlib is the only library candidate.
Both sides must give the same answer (checked) before a time is printed. Prints the best and the
median of --repeat runs in milliseconds and the ratio hand-written / library (>1: the library wins).

    .venv/bin/python bench/graph_algorithms.py [--items 20710] [--scales 1,25] [--repeat 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np


# --- the hand-written versions, as they were before (commit b4c21d6) ---------------------------------
def tarjan_strongly_connected(nodes: Iterable[int], children: dict[int, list[int]]) -> dict[int, int]:
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    component: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(children.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(children.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]
                    if member == node:
                        break
    return component


def bfs_path_within(start: int, goal: int, children: dict[int, list[int]], allowed: set[int]) -> list[int]:
    previous: dict[int, int | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            break
        for nxt in children.get(node, ()):
            if nxt in allowed and nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    path = [goal]
    while previous[path[-1]] is not None:
        path.append(previous[path[-1]])
    return path[::-1]


def hand_cycles_through(file_edges, stored_edges) -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for parent, child in stored_edges:
        children.setdefault(parent, []).append(child)
    for parent, child in file_edges:
        children.setdefault(parent, []).append(child)
    involved = {node for edge in file_edges for node in edge}
    component = tarjan_strongly_connected(sorted(involved), children)
    members: dict[int, set[int]] = {}
    for node, number in component.items():
        members.setdefault(number, set()).add(node)
    found: dict[int, list[int]] = {}
    reported: set[frozenset[int]] = set()
    for position, (parent, child) in enumerate(file_edges):
        if parent == child or component.get(parent) != component.get(child):
            continue
        group = members[component[parent]]
        if len(group) < 2:
            continue
        cycle = [parent, *bfs_path_within(child, parent, children, group)]
        if frozenset(cycle) in reported:
            continue
        reported.add(frozenset(cycle))
        found[position] = cycle
    return found


def hand_find_cycle(edges):
    children: dict = {}
    for parent, child in edges:
        children.setdefault(parent, []).append(child)
        children.setdefault(child, [])
    state: dict = {}
    for start in children:
        if start in state:
            continue
        path, iterators = [start], [iter(children[start])]
        state[start] = 1
        while iterators:
            nxt = next(iterators[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                iterators.pop()
            elif state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                iterators.append(iter(children[nxt]))
    return None


def graphlib_topological_order(num_nodes: int, e_from: np.ndarray, e_to: np.ndarray) -> np.ndarray:
    from graphlib import TopologicalSorter

    sorter: TopologicalSorter = TopologicalSorter()
    for node in range(num_nodes):
        sorter.add(node)
    for source, consumer in zip(e_from.tolist(), e_to.tolist()):
        sorter.add(consumer, source)
    return np.fromiter(sorter.static_order(), dtype=np.int64, count=num_nodes)


# --- synthetic data -----------------------------------------------------------------------------------
def layered_bom(rng: np.random.Generator, items: int, lines_per_item: float = 2.0) -> list[tuple[int, int]]:
    """Parent -> child edges of a six-level BOM: every line goes from a level to a deeper one (acyclic).
    Item ids start at 1000 and are spread out, as database ids of a used table are."""
    levels = np.sort(rng.integers(0, 6, items))
    ids = 1000 + np.cumsum(rng.integers(1, 4, items))
    parents = rng.integers(0, items, int(items * lines_per_item))
    parents = parents[levels[parents] < 5]
    first_deeper = np.searchsorted(levels, levels[parents] + 1)
    children = first_deeper + (rng.random(len(parents)) * (items - first_deeper)).astype(np.int64)
    edges = {(int(ids[p]), int(ids[c])) for p, c in zip(parents, children)}
    return sorted(edges)


def import_file(rng: np.random.Generator, stored: list[tuple[int, int]], rows: int, cycles: int):
    """A BOM file of `rows` new lines; `cycles` of them point back up (child -> an ancestor's parent)."""
    file_edges = [stored[i] for i in rng.choice(len(stored), rows - cycles, replace=False)]
    for parent, child in (stored[i] for i in rng.choice(len(stored), cycles, replace=False)):
        file_edges.append((child, parent))
    return file_edges


def timed(repeat: int, function: Callable, *args) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function(*args)
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def report(label: str, hand: list[float], library: list[float]) -> None:
    print(f"{label:<52} {min(hand):>9.1f} {statistics.median(hand):>9.1f} {min(library):>9.1f} "
          f"{statistics.median(library):>9.1f} {statistics.median(hand) / statistics.median(library):>7.2f}x",
          flush=True)


def setup_django() -> None:
    folder = Path(tempfile.mkdtemp(prefix="steadfast-graph-bench-"))
    os.environ.setdefault("STEADFAST_VAR_DIR", str(folder))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20_710, help="items at scale 1 (the demo organisation's)")
    parser.add_argument("--scales", default="1,25", help="comma-separated multiples of --items")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from steadfast.engine.graph import topological_order
    from steadfast.network.importers.bom_cycles import cycles_through
    from steadfast.network.services.bom import find_cycle

    rng = np.random.default_rng(args.seed)
    print(f"{f'job (median of {args.repeat} runs)':<52} {'hand min':>9} {'hand p50':>9} {'lib min':>9} "
          f"{'lib p50':>9} {'hand/lib':>8}")
    for scale in (float(s) for s in args.scales.split(",")):
        items = int(args.items * scale)
        stored = layered_bom(rng, items)
        rows = min(len(stored) // 2, 5000)
        file_edges = import_file(rng, stored, rows, cycles=20)
        tag = f"{items:,} items, {len(stored):,} lines"

        hand, expected = timed(args.repeat, hand_cycles_through, file_edges, stored)
        library, got = timed(args.repeat, cycles_through, file_edges, stored)
        assert set(got) == set(expected) and all(len(got[k]) == len(expected[k]) for k in got), "answers differ"
        report(f"import cycle check, {rows:,} rows ({tag})", hand, library)

        hand, expected = timed(args.repeat, hand_find_cycle, stored)
        library, got = timed(args.repeat, find_cycle, stored)
        assert expected is None and got is None
        report(f"find_cycle, acyclic ({tag})", hand, library)
        looped = [*stored, stored[len(stored) // 2][::-1]]  # a line back up: a two-item cycle
        hand, expected = timed(args.repeat, hand_find_cycle, looped)
        library, got = timed(args.repeat, find_cycle, looped)
        assert expected is not None and got is not None
        report(f"find_cycle, one cycle ({tag})", hand, library)

        ids = np.unique(np.asarray(stored))
        e_from = np.searchsorted(ids, np.asarray([c for _, c in stored]))  # engine edges flow child -> parent
        e_to = np.searchsorted(ids, np.asarray([p for p, _ in stored]))
        hand, expected = timed(args.repeat, topological_order, len(ids), e_from, e_to)
        library, got = timed(args.repeat, graphlib_topological_order, len(ids), e_from, e_to)
        for order in (expected, got):
            position = np.empty(len(ids), dtype=np.int64)
            position[order] = np.arange(len(ids))
            assert len(order) == len(ids) and (position[e_from] < position[e_to]).all(), "not a topological order"
        report(f"engine topological order ({len(ids):,} nodes, {len(e_from):,} edges)", hand, library)
    return 0


if __name__ == "__main__":
    sys.exit(main())
