"""Files of the mitigation optimiser: the holding-cost file it reads and the folder it writes.

``--costs FILE``: one row per part, columns ``part`` and ``cost`` (holding cost per unit of
extra inventory, >= 0) and optionally ``max_extra`` (the most extra units one node of that
part may hold; blank or ``inf`` = no limit, 0 = it cannot be stocked, e.g. a service).
Parts not in the file keep the default cost (mitigation.default_holding_cost) and no limit.
"""

from __future__ import annotations

import csv
import math
import shutil
from pathlib import Path

import numpy as np

from .io import _read_table
from .mitigation import MitigationResult, default_holding_cost
from .model import Network
from .results import format_number

PLAN_COLUMNS = ("node", "extra_inventory", "cost")
OUTCOME_COLUMNS = ("scenario", "ttr", "tts_before", "tts_after", "status")
TOTAL_ROW = "(total)"


def load_costs(path: str | Path, network: Network) -> tuple[np.ndarray, np.ndarray]:
    """(unit cost, max extra) per node from a cost file, defaults where a part is absent."""
    table = _read_table(Path(path), ("part", "cost"))
    part_index = {name: k for k, name in enumerate(network.part_names)}
    cost_by_part = default_holding_cost(network)[_first_node_of_part(network)]
    max_by_part = np.full(len(network.part_names), np.inf)
    seen: dict[str, int] = {}
    for row in range(len(table.rows)):
        part = table.cell(row, "part")
        if part == "":
            raise table.error(row, "part", "part is required")
        if part not in part_index:
            raise table.error(row, "part", f"unknown part {part!r} (no node of the network makes it)")
        if part in seen:
            raise table.error(row, "part", f"part {part!r} appears twice (first on line {table.lines[seen[part]]})")
        seen[part] = row
        if table.cell(row, "cost") == "":
            raise table.error(row, "cost", "cost is required")
        cost_by_part[part_index[part]] = table.number(row, "cost", default=math.nan)
        max_by_part[part_index[part]] = table.number(row, "max_extra", default=math.inf, allow_inf=True)
    return cost_by_part[network.part_of], max_by_part[network.part_of]


def _first_node_of_part(network: Network) -> np.ndarray:
    first = np.full(len(network.part_names), -1, dtype=np.int64)
    first[network.part_of[::-1]] = np.arange(network.num_nodes)[::-1]
    return first


def write_mitigated(result: MitigationResult, source: str | Path, out: str | Path) -> None:
    """OUT_DIR: the source network folder with the extra stock added to ``inventory`` (every
    other cell and file as it was), plus plan.csv and plan_scenarios.csv."""
    source, out = Path(source), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name in ("edges.csv", "scenarios.csv"):
        if (source / name).is_file():
            shutil.copyfile(source / name, out / name)
    network = result.network
    with (source / "nodes.csv").open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    header = [name.strip().lower() for name in rows[0]]
    if "inventory" not in header:
        rows[0].append("inventory")
        header.append("inventory")
    id_col, inventory_col = header.index("id"), header.index("inventory")
    for values in rows[1:]:
        if not any(value.strip() for value in values):
            continue
        values.extend([""] * (len(header) - len(values)))
        k = network.index_of(values[id_col].strip())
        if result.extra[k] > 0:
            values[inventory_col] = repr(float(network.inventory[k]))
    with (out / "nodes.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with (out / "plan.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(PLAN_COLUMNS)
        for node, extra, cost in result.plan:
            writer.writerow([node, repr(extra), format_number(cost)])
        writer.writerow([TOTAL_ROW, format_number(float(result.extra.sum())), format_number(result.total_cost)])
    with (out / "plan_scenarios.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(OUTCOME_COLUMNS)
        for o in result.outcomes:
            writer.writerow([o.scenario, format_number(o.ttr), format_number(o.tts_before), format_number(o.tts_after),
                             o.status])
