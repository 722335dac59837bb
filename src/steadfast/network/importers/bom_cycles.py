"""BOM cycles across the file and the stored BOM together, each named item by item."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable


def strongly_connected(nodes: Iterable[int], children: dict[int, list[int]]) -> dict[int, int]:
    """node -> component number (iterative Tarjan: deep BOMs do not hit the recursion limit)."""
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


def path_within(start: int, goal: int, children: dict[int, list[int]], allowed: set[int]) -> list[int]:
    """Shortest path start → goal through `allowed` nodes (one exists: they share a component)."""
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


def cycles_through(file_edges: list[tuple[int, int]], stored_edges: Iterable[tuple[int, int]]) -> dict[int, list[int]]:
    """For file edges that close a cycle: edge position -> the cycle [parent, child, …, parent].

    One report per cycle (the first file edge on it), so a loop written on three rows is named once.
    """
    children: dict[int, list[int]] = {}
    for parent, child in stored_edges:
        children.setdefault(parent, []).append(child)
    for parent, child in file_edges:
        children.setdefault(parent, []).append(child)
    involved = {node for edge in file_edges for node in edge}
    component = strongly_connected(sorted(involved), children)
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
        cycle = [parent, *path_within(child, parent, children, group)]
        signature = frozenset(cycle)
        if signature in reported:
            continue
        reported.add(signature)
        found[position] = cycle
    return found
