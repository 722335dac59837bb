"""The supply network as plain arrays, validated once so every solver can trust it.

A network is a directed acyclic graph of nodes (a supplier's plant, a warehouse, a
product line). Each node makes one *part*; nodes making the same part are alternative
sources of it. An edge ``from -> to`` says that ``to`` consumes ``qty`` units of
``from``'s part per unit it makes. Demand is a node's own (``demand``) or a part's
(``part_demand``: served by any node of the part); a node with demand may also feed others
(a router sold alone and inside a bundle).

Validation errors carry the table ("nodes" or "edges"), the 0-based row and the column
at fault, so that :mod:`steadfast.engine.io` can turn them into file/line/column messages
without repeating the checks.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from .demand import DemandGroups
from .graph import group_indices, kahn_order, topological_order


class NetworkError(ValueError):
    """Invalid network or scenario data.

    ``table`` names the input table ("nodes", "edges", "scenarios"), ``row`` is the
    0-based data row and ``column`` the column name; any of them may be ``None`` when the
    data came from arrays rather than files or when the problem has no single place.
    ``file`` and ``line`` are filled in by the file reader.
    """

    def __init__(
        self,
        reason: str,
        *,
        table: str | None = None,
        row: int | None = None,
        column: str | None = None,
        file: str | None = None,
        line: int | None = None,
    ) -> None:
        self.reason = reason
        self.table = table
        self.row = row
        self.column = column
        self.file = file
        self.line = line
        super().__init__(self._message())

    def _message(self) -> str:
        where = []
        if self.file is not None:
            where.append(self.file)
        elif self.table is not None:
            where.append(self.table)
        if self.line is not None:
            where.append(f"line {self.line}")
        elif self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column!r}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason

    def located(self, *, file: str, line: int | None) -> NetworkError:
        """The same error, placed in a file (line numbers are 1-based, header = 1)."""
        return NetworkError(self.reason, table=self.table, row=self.row, column=self.column, file=file, line=line)


@dataclass(frozen=True, eq=False)
class Network:
    """A validated supply network. Build it with :meth:`from_arrays` or ``io.load_network``.

    Arrays are indexed by node (``node_ids`` order) or by edge. ``capacity`` is ``inf`` for
    unlimited nodes and ``ttr`` is ``nan`` where the node gives no time to recover.
    """

    node_ids: tuple[str, ...]
    part_of: np.ndarray  # int, index into part_names
    part_names: tuple[str, ...]
    site_of: np.ndarray  # int, index into site_names
    site_names: tuple[str, ...]
    capacity: np.ndarray
    inventory: np.ndarray
    demand: np.ndarray
    profit: np.ndarray
    ttr: np.ndarray
    edge_from: np.ndarray
    edge_to: np.ndarray
    edge_qty: np.ndarray
    _index: dict[str, int] = field(repr=False, compare=False, default_factory=dict)
    # Demand that belongs to a part (served by any of its nodes), per part; None = none.
    part_demand: np.ndarray | None = None
    part_profit: np.ndarray | None = None

    @property
    def num_nodes(self) -> int:
        return len(self.node_ids)

    @property
    def num_edges(self) -> int:
        return len(self.edge_from)

    def index_of(self, node_id: str) -> int:
        return self._index[node_id]

    @cached_property
    def fingerprint(self) -> str:
        """A digest of the whole network, to recognise the same network in a worker."""
        digest = hashlib.sha256("\x1f".join(self.node_ids).encode())
        for labels in (self.part_names, self.site_names):
            digest.update("\x1e".join(labels).encode())
        for array in (self.part_of, self.site_of, self.capacity, self.inventory, self.demand, self.profit,
                      self.ttr, self.edge_from, self.edge_to, self.edge_qty, self.groups.demand, self.groups.profit,
                      self.groups.members):
            digest.update(np.ascontiguousarray(array).tobytes())
        return digest.hexdigest()

    @cached_property
    def products(self) -> np.ndarray:
        """Indices of nodes with external demand of their own (node-level demand)."""
        return np.flatnonzero(self.demand > 0)

    @cached_property
    def groups(self) -> DemandGroups:
        """Every demand of the network: each node's own, then each part's."""
        return DemandGroups.of(self)

    @cached_property
    def site_members(self) -> dict[str, np.ndarray]:
        order = np.argsort(self.site_of, kind="stable")
        bounds = np.searchsorted(self.site_of[order], np.arange(len(self.site_names) + 1))
        return {name: order[bounds[k] : bounds[k + 1]] for k, name in enumerate(self.site_names)}

    @cached_property
    def reaches_product(self) -> np.ndarray:
        """Boolean mask of nodes with a path to a product (products included).

        Only these nodes can matter: production elsewhere never meets demand.
        """
        mask = self.groups.of_node >= 0
        # Walk edges against their direction in reverse topological order.
        order = topological_order(self.num_nodes, self.edge_from, self.edge_to)
        out_edges = group_indices(self.edge_from, self.num_nodes)
        for node in order[::-1]:
            if not mask[node]:
                consumers = self.edge_to[out_edges[node]]
                if consumers.size and mask[consumers].any():
                    mask[node] = True
        return mask

    @classmethod
    def from_arrays(
        cls,
        node_ids: Sequence[str],
        *,
        edges_from: Sequence[str] = (),
        edges_to: Sequence[str] = (),
        qty: Sequence[float] | None = None,
        parts: Sequence[str] | None = None,
        sites: Sequence[str] | None = None,
        capacity: Sequence[float] | None = None,
        inventory: Sequence[float] | None = None,
        demand: Sequence[float] | None = None,
        profit: Sequence[float] | None = None,
        ttr: Sequence[float] | None = None,
        part_demand: Mapping[str, float] | None = None,
        part_profit: Mapping[str, float] | None = None,
    ) -> Network:
        """Build and validate a network. ``capacity`` uses ``inf`` (or nan) for unlimited,
        ``ttr`` uses ``nan`` for "the run's default"; omitted columns take their defaults.

        ``part_demand`` / ``part_profit`` (part name -> units/day, margin per unit; profit
        defaults to 1) give demand that belongs to a part: any of the part's nodes may serve
        it, up to their capacities and stock. A part with such demand cannot also have
        demand on one of its nodes."""
        ids = []
        for row, node_id in enumerate(node_ids):
            if not isinstance(node_id, str | int | np.integer):
                raise NetworkError(f"id must be text, got {node_id!r}", table="nodes", row=row, column="id")
            ids.append(str(node_id))
        n = len(ids)
        index: dict[str, int] = {}
        for row, node_id in enumerate(ids):
            if node_id == "":
                raise NetworkError("empty node id", table="nodes", row=row, column="id")
            if node_id in index:
                raise NetworkError(f"duplicate node id {node_id!r}", table="nodes", row=row, column="id")
            index[node_id] = row

        def column(values, name, default, *, missing_ok=False, positive=False):
            """A numeric node column; ``missing_ok`` lets nan mean "not given"."""
            if values is None:
                return np.full(n, default, dtype=float)
            arr = _numbers(values, name, "nodes", n, "nodes")
            missing = np.isnan(arr)
            bad = ~missing & ((arr <= 0) if positive else (arr < 0))
            if name != "capacity":
                bad |= np.isinf(arr)
            if not missing_ok:
                bad |= missing
            for row in np.flatnonzero(bad):
                need = "a positive number" if positive else "a non-negative number"
                raise NetworkError(f"{name} must be {need}, got {arr[row]!r}", table="nodes", row=int(row), column=name)
            return arr

        cap = column(capacity, "capacity", np.inf, missing_ok=True)
        cap[np.isnan(cap)] = np.inf
        inventory_arr = column(inventory, "inventory", 0.0)
        demand_arr = column(demand, "demand", 0.0)
        profit_arr = column(profit, "profit", 1.0)
        ttr_arr = column(ttr, "ttr", np.nan, missing_ok=True, positive=True)
        part_of, part_names = _codes(_labels(parts, "part", ids))
        site_of, site_names = _codes(_labels(sites, "site", ids))

        edges_from, edges_to = list(edges_from), list(edges_to)
        if len(edges_from) != len(edges_to):
            raise NetworkError(f"edges_from has {len(edges_from)} values but edges_to {len(edges_to)}", table="edges",
                               column="to")
        m = len(edges_from)
        e_from = np.empty(m, dtype=np.int64)
        e_to = np.empty(m, dtype=np.int64)
        for row, (a, b) in enumerate(zip(edges_from, edges_to)):
            for name, value, target in (("from", a, e_from), ("to", b, e_to)):
                if isinstance(value, int | np.integer):
                    value = str(value)
                if value is None or value == "":
                    raise NetworkError(f"{name} is required", table="edges", row=row, column=name)
                if not isinstance(value, str) or value not in index:
                    raise NetworkError(f"unknown node {value!r}", table="edges", row=row, column=name)
                target[row] = index[value]
        e_qty = np.ones(m) if qty is None else _numbers(qty, "qty", "edges", m, "edges")
        for row in np.flatnonzero(~(e_qty > 0) | ~np.isfinite(e_qty)):
            raise NetworkError(f"qty must be a positive number, got {e_qty[row]!r}", table="edges", row=int(row), column="qty")

        part_demand_arr, part_profit_arr = _part_columns(part_demand, part_profit, part_names)
        _check_demand_given_once(ids, demand_arr, part_of, part_names, part_demand_arr)
        _check_alternatives_share_qty(ids, part_of, part_names, e_from, e_to, e_qty)
        _check_acyclic(ids, e_from, e_to)
        return cls(
            node_ids=tuple(ids),
            part_of=part_of,
            part_names=part_names,
            site_of=site_of,
            site_names=site_names,
            capacity=cap,
            inventory=inventory_arr,
            demand=demand_arr,
            profit=profit_arr,
            ttr=ttr_arr,
            edge_from=e_from,
            edge_to=e_to,
            edge_qty=e_qty,
            _index=index,
            part_demand=part_demand_arr,
            part_profit=part_profit_arr,
        )


def _numbers(values, name: str, table: str, count: int, what: str) -> np.ndarray:
    """``values`` as a float array of length ``count``, or a NetworkError at the bad row."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        arr = None
    if arr is None or arr.ndim != 1:
        values = list(values) if arr is None else values
        for row, value in enumerate(values if arr is None else ()):
            try:
                float(value)
            except (TypeError, ValueError):
                raise NetworkError(f"{name} must be a number, got {value!r}", table=table, row=row,
                                   column=name) from None
        raise NetworkError(f"{name} must be a list of numbers", table=table, column=name)
    if arr.shape != (count,):
        raise NetworkError(f"{name} has {arr.size} values for {count} {what}", table=table, column=name)
    return arr


def _labels(values, name: str, ids: list[str]) -> list[str]:
    """Part or site labels, one per node; a blank label means the node's own id."""
    if values is None:
        return ids
    values = list(values)
    if len(values) != len(ids):
        raise NetworkError(f"{name} has {len(values)} values for {len(ids)} nodes", table="nodes", column=name)
    labels = []
    for row, (value, node_id) in enumerate(zip(values, ids)):
        if value is not None and not isinstance(value, str | int | np.integer):
            raise NetworkError(f"{name} must be text, got {value!r}", table="nodes", row=row, column=name)
        labels.append(str(value) if value not in (None, "") else node_id)
    return labels


def _codes(labels: Sequence[str]) -> tuple[np.ndarray, tuple[str, ...]]:
    """Integer codes in order of first appearance (stable, so results are reproducible)."""
    names: dict[str, int] = {}
    codes = np.fromiter((names.setdefault(label, len(names)) for label in labels), dtype=np.int64, count=len(labels))
    return codes, tuple(names)


def _part_columns(part_demand, part_profit, part_names) -> tuple[np.ndarray, np.ndarray]:
    """Per-part demand and profit arrays from name -> value mappings (errors name the part)."""
    position = {name: k for k, name in enumerate(part_names)}
    demand = np.zeros(len(part_names))
    profit = np.ones(len(part_names))
    for column, values, target in (("demand", part_demand, demand), ("profit", part_profit, profit)):
        for row, (name, value) in enumerate((values or {}).items()):
            if name not in position:
                raise NetworkError(f"unknown part {name!r} (no node makes it)", table="parts", row=row, column="part")
            try:
                number = float(value)
            except (TypeError, ValueError):
                raise NetworkError(f"{column} must be a number, got {value!r}", table="parts", row=row,
                                   column=column) from None
            if not (math.isfinite(number) and number >= 0):
                raise NetworkError(f"{column} must be a non-negative number, got {value!r}", table="parts", row=row,
                                   column=column)
            target[position[name]] = number
    return demand, profit


def _check_demand_given_once(ids, demand, part_of, part_names, part_demand) -> None:
    for row in np.flatnonzero((demand > 0) & (part_demand[part_of] > 0)):
        part = part_names[part_of[row]]
        raise NetworkError(
            f"node {ids[row]!r} has demand of its own, but its part {part!r} has part-level demand, which its "
            "nodes share: give the demand once, on the part",
            table="nodes", row=int(row), column="demand",
        )


def _check_alternatives_share_qty(ids, part_of, part_names, e_from, e_to, e_qty) -> None:
    first_qty: dict[tuple[int, int], int] = {}
    for row in range(len(e_from)):
        key = (int(e_to[row]), int(part_of[e_from[row]]))
        first = first_qty.setdefault(key, row)
        if e_qty[first] != e_qty[row]:
            raise NetworkError(
                f"alternative sources of part {part_names[key[1]]!r} into {ids[key[0]]!r} have different qty "
                f"({e_qty[first]:g} on the edge from {ids[e_from[first]]!r}, {e_qty[row]:g} here)",
                table="edges",
                row=row,
                column="qty",
            )


def _check_acyclic(ids, e_from, e_to) -> None:
    n = len(ids)
    order = kahn_order(n, e_from, e_to)
    if order.size == n:
        return
    # Every node Kahn's order left over has a predecessor that was left over too, so walking
    # predecessors must come back to a node already seen: that loop is a cycle.
    left = np.ones(n, dtype=bool)
    left[order] = False
    edge_into: dict[int, int] = {}
    for row in range(len(e_from)):
        if left[e_from[row]] and left[e_to[row]]:
            edge_into.setdefault(int(e_to[row]), row)
    node = int(np.flatnonzero(left)[0])
    seen: dict[int, int] = {}
    path: list[int] = []
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = int(e_from[edge_into[node]])
    cycle = path[seen[node] :][::-1]  # walked backwards; reverse into flow order
    names = " -> ".join(ids[k] for k in [*cycle, cycle[0]])
    raise NetworkError(f"cycle: {names}", table="edges", row=edge_into[cycle[0]], column="from")
