"""Reading network folders and scenario files, with errors that point at file, line, column.

Format (docs/model.md has the full description):

* ``nodes.csv``: id, part, site, capacity, inventory, demand, profit, ttr
* ``edges.csv``: from, to, qty
* ``parts.csv`` (optional): part, demand, profit (demand that belongs to the part)
* ``scenarios.csv`` (optional, or any file given to ``--scenarios``): scenario, ttr,
  node or site, loss

Columns may come in any order and unknown columns are ignored. Line numbers count the
header as line 1.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .model import Network, NetworkError
from .scenarios import DEFAULT_TTR, Scenario, merge_losses


@dataclass
class _Table:
    """A CSV file as header-indexed text cells, with the line each row started on."""

    path: Path
    columns: list[str]
    rows: list[list[str]]
    lines: list[int]

    def has(self, column: str) -> bool:
        return column in self.columns

    def cell(self, row: int, column: str) -> str:
        if column not in self.columns:
            return ""
        k = self.columns.index(column)
        values = self.rows[row]
        return values[k].strip() if k < len(values) else ""

    def error(self, row: int | None, column: str | None, reason: str) -> NetworkError:
        line = self.lines[row] if row is not None else None
        return NetworkError(reason, column=column, file=str(self.path), line=line)

    def number(self, row: int, column: str, *, default: float, minimum: float = 0.0, strict: bool = False,
               allow_inf: bool = False) -> float:
        """A numeric cell: blank gives ``default``; otherwise >= minimum (> if strict)."""
        text = self.cell(row, column)
        if text == "":
            return default
        try:
            value = float(text)
        except ValueError:
            raise self.error(row, column, f"{column} must be a number, got {text!r}") from None
        if math.isnan(value) or (math.isinf(value) and not (allow_inf and value > 0)):
            raise self.error(row, column, f"{column} must be a finite number, got {text!r}")
        if value < minimum or (strict and value == minimum):
            relation = ">" if strict else ">="
            raise self.error(row, column, f"{column} must be {relation} {minimum:g}, got {text!r}")
        return value


def _read_table(path: Path, required: tuple[str, ...]) -> _Table:
    if not path.is_file():
        raise NetworkError("required file is missing", file=str(path))
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader)
        except StopIteration:
            raise NetworkError("file is empty; expected a header row", file=str(path), line=1) from None
        except csv.Error as exc:
            raise NetworkError(f"unreadable CSV: {exc}", file=str(path), line=reader.line_num) from None
        columns = [name.strip().lower() for name in header]
        rows, lines = [], []
        line = reader.line_num + 1
        try:
            for values in reader:
                if any(value.strip() for value in values):
                    rows.append(values)
                    lines.append(line)
                line = reader.line_num + 1
        except csv.Error as exc:
            raise NetworkError(f"unreadable CSV: {exc}", file=str(path), line=reader.line_num) from None
    table = _Table(path, columns, rows, lines)
    for name in required:
        if name not in columns:
            raise table.error(None, name, f"required column {name!r} is missing") from None
    for name in set(columns):
        if name and columns.count(name) > 1:
            raise NetworkError(f"column {name!r} appears twice", column=name, file=str(path), line=1)
    return table


def load_network(folder: str | Path) -> Network:
    """Read ``nodes.csv``, ``edges.csv`` and, when present, ``parts.csv`` from ``folder``
    into a validated Network."""
    folder = Path(folder)
    nodes = _read_table(folder / "nodes.csv", ("id",))
    edges = _read_table(folder / "edges.csv", ("from", "to"))
    parts = _read_table(folder / "parts.csv", ("part",)) if (folder / "parts.csv").is_file() else None
    part_demand: dict[str, float] = {}
    part_profit: dict[str, float] = {}
    if parts is not None:
        first_row: dict[str, int] = {}
        for k in range(len(parts.rows)):
            name = parts.cell(k, "part")
            if name == "":
                raise parts.error(k, "part", "part is required")
            if name in first_row:
                raise parts.error(k, "part", f"part {name!r} appears twice (first on line {parts.lines[first_row[name]]})")
            first_row[name] = k
            part_demand[name] = parts.number(k, "demand", default=0.0)
            part_profit[name] = parts.number(k, "profit", default=1.0)
    n = len(nodes.rows)
    ids = [nodes.cell(k, "id") for k in range(n)]
    for k, node_id in enumerate(ids):
        if node_id == "":
            raise nodes.error(k, "id", "id is required")
    columns = {
        "capacity": [nodes.number(k, "capacity", default=math.inf, allow_inf=True) for k in range(n)],
        "inventory": [nodes.number(k, "inventory", default=0.0) for k in range(n)],
        "demand": [nodes.number(k, "demand", default=0.0) for k in range(n)],
        "profit": [nodes.number(k, "profit", default=1.0) for k in range(n)],
        "ttr": [nodes.number(k, "ttr", default=math.nan, strict=True) for k in range(n)],
    }
    m = len(edges.rows)
    for k in range(m):
        for name in ("from", "to"):
            if edges.cell(k, name) == "":
                raise edges.error(k, name, f"{name} is required")
    try:
        return Network.from_arrays(
            ids,
            parts=[nodes.cell(k, "part") for k in range(n)],
            sites=[nodes.cell(k, "site") for k in range(n)],
            edges_from=[edges.cell(k, "from") for k in range(m)],
            edges_to=[edges.cell(k, "to") for k in range(m)],
            qty=[edges.number(k, "qty", default=1.0, strict=True) for k in range(m)],
            part_demand=part_demand,
            part_profit=part_profit,
            **columns,
        )
    except NetworkError as exc:
        table = {"nodes": nodes, "edges": edges, "parts": parts}.get(exc.table or "")
        if table is None:
            raise
        line = table.lines[exc.row] if exc.row is not None else None
        raise exc.located(file=str(table.path), line=line) from None


def load_scenarios(path: str | Path, network: Network, *, default_ttr: float = DEFAULT_TTR) -> list[Scenario]:
    """Read a scenario file; rows of one scenario share its name and ttr (blank ttr = the
    run's default). Returns scenarios sorted by name."""
    table = _read_table(Path(path), ("scenario",))
    if not (table.has("node") or table.has("site")):
        raise table.error(None, "node", "a 'node' or a 'site' column is required")
    node_index = {node_id: k for k, node_id in enumerate(network.node_ids)}
    ttrs: dict[str, tuple[float, int]] = {}
    pairs: dict[str, list[tuple[int, float]]] = {}
    for row in range(len(table.rows)):
        name = table.cell(row, "scenario")
        if name == "":
            raise table.error(row, "scenario", "scenario name is required")
        ttr = table.number(row, "ttr", default=default_ttr, strict=True)
        first = ttrs.setdefault(name, (ttr, row))
        if first[0] != ttr:
            raise table.error(
                row, "ttr", f"scenario {name!r} has ttr {ttr:g} here but {first[0]:g} on line {table.lines[first[1]]}"
            )
        loss = table.number(row, "loss", default=1.0)
        if not 0 < loss <= 1:
            raise table.error(row, "loss", f"loss must be in (0, 1], got {table.cell(row, 'loss')!r}")
        node, site = table.cell(row, "node"), table.cell(row, "site")
        if bool(node) == bool(site):
            raise table.error(row, "node" if node else "site", "give exactly one of node or site on each row")
        if node:
            if node not in node_index:
                raise table.error(row, "node", f"unknown node {node!r}")
            members = [node_index[node]]
        else:
            if site not in network.site_members:
                raise table.error(row, "site", f"unknown site {site!r}")
            members = [int(k) for k in network.site_members[site]]
        pairs.setdefault(name, []).extend((k, loss) for k in members)
    scenarios = []
    for name in sorted(pairs):
        nodes, losses = merge_losses(pairs[name])
        scenarios.append(Scenario(name=name, ttr=ttrs[name][0], nodes=nodes, losses=losses))
    return scenarios


def _text(value: float) -> str:
    """A number as the reader reads it back exactly: blank for unlimited or not given."""
    value = float(value)
    if math.isinf(value) or math.isnan(value):
        return ""
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def save_network(network: Network, folder: str | Path) -> Path:
    """Write ``network`` as a folder that :func:`load_network` reads back into the same
    network (same fingerprint): nodes.csv, edges.csv, and parts.csv when some part has
    demand of its own."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("id", "part", "site", "capacity", "inventory", "demand", "profit", "ttr"))
        for k, node_id in enumerate(network.node_ids):
            writer.writerow([
                node_id, network.part_names[network.part_of[k]], network.site_names[network.site_of[k]],
                *(_text(array[k]) for array in (network.capacity, network.inventory, network.demand, network.profit,
                                                network.ttr)),
            ])
    with (folder / "edges.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("from", "to", "qty"))
        for e in range(network.num_edges):
            writer.writerow([network.node_ids[network.edge_from[e]], network.node_ids[network.edge_to[e]],
                             _text(network.edge_qty[e])])
    parts_file = folder / "parts.csv"
    groups = network.groups
    part_groups = np.flatnonzero(groups.is_part)
    if part_groups.size:
        with parts_file.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(("part", "demand", "profit"))
            for g in part_groups:
                writer.writerow([groups.labels[g], _text(groups.demand[g]), _text(groups.profit[g])])
    elif parts_file.exists():
        parts_file.unlink()  # a stale one would add demand that is not in this network
    return folder
