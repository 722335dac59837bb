"""Bill-of-material lines, and the cycle check that keeps the BOM a directed acyclic graph."""

from __future__ import annotations

from collections import deque
from collections.abc import Hashable, Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.network.importers.bom_cycles import cycles_through
from steadfast.network.models import BomLine, Item
from steadfast.network.selectors.graph import bom_edges_below
from steadfast.network.services.common import known_fields, resolve


def cycle_message(names: Sequence[str]) -> str:
    """'BOM cycle: A → B → C → A' for the cycle [A, B, C, A]."""
    return "BOM cycle: " + " → ".join(names)


def find_cycle(edges: Iterable[tuple[Hashable, Hashable]]) -> list | None:
    """A cycle in a parent → child graph as [a, b, ..., a], or None: a shortest cycle through the
    first edge that lies on one (scipy.sparse.csgraph's components, as the import's check). The
    hand-written DFS it replaced did not win overall (bench/graph_algorithms.py): 1.2x slower on an
    acyclic demo-sized BOM, 1.2x faster when a cycle is found early; 1.7x slower at 25 times that."""
    number: dict = {}
    numbered = []
    for parent, child in edges:
        if parent == child:
            return [parent, child]
        numbered.append((number.setdefault(parent, len(number)), number.setdefault(child, len(number))))
    cycles = cycles_through(numbered, ())
    if not cycles:
        return None
    names = list(number)
    return [names[node] for node in cycles[min(cycles)]]


def _path_down(start_id: int, goal_id: int) -> list[int] | None:
    """Item ids from start down the BOM to goal (one query for the whole sub-BOM)."""
    children: dict[int, list[int]] = {}
    for _line_id, parent_id, child_id, _qty in bom_edges_below([start_id]):
        children.setdefault(parent_id, []).append(child_id)
    previous: dict[int, int | None] = {start_id: None}
    queue = deque([start_id])
    while queue:
        node = queue.popleft()
        if node == goal_id:
            path = [node]
            while previous[path[-1]] is not None:
                path.append(previous[path[-1]])
            return path[::-1]
        for child in children.get(node, ()):
            if child not in previous:
                previous[child] = node
                queue.append(child)
    return None


def _reject_cycle(parent: Item, child: Item, *, ignore_line: int | None = None) -> None:
    if parent.pk == child.pk:
        raise ValidationError({"child": cycle_message([parent.ref, parent.ref])})
    path = _path_down(child.pk, parent.pk)
    if path is None:
        return
    refs = dict(Item.objects.filter(pk__in=path).values_list("pk", "ref"))
    raise ValidationError({"child": cycle_message([parent.ref, *(refs[i] for i in path)])})


def create_bom_line(*, actor, parent: Item | str | int, child: Item | str | int, quantity: float) -> BomLine:
    parent_item = resolve(Item, parent, field="parent")
    child_item = resolve(Item, child, field="child")
    with transaction.atomic():
        _reject_cycle(parent_item, child_item)
        return crud.create(actor=actor, model=BomLine, parent=parent_item, child=child_item, quantity=quantity)


def update_bom_line(*, actor, line: BomLine, **fields) -> BomLine:
    known_fields(BomLine, fields, allowed={"parent", "child", "quantity"})
    if "parent" in fields:
        fields["parent"] = resolve(Item, fields["parent"], field="parent")
    if "child" in fields:
        fields["child"] = resolve(Item, fields["child"], field="child")
    with transaction.atomic():
        parent, child = fields.get("parent", line.parent), fields.get("child", line.child)
        if parent.pk != line.parent_id or child.pk != line.child_id:
            _reject_cycle(parent, child)
        return crud.update(actor=actor, instance=line, **fields)


def delete_bom_line(*, actor, line: BomLine) -> None:
    crud.delete(actor=actor, instance=line)
