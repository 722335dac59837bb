"""Helpers shared by the engine tests (imported by module name; conftest only holds fixtures)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from steadfast.engine.model import Network

REL = 1e-6


def close(a: float, b: float, *, rel: float = REL) -> bool:
    """Equal to a relative 1e-6 (absolute near zero); infinities must match exactly."""
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def rebuild(network: Network, **changes) -> Network:
    """The same network with some node columns replaced (e.g. inventory=...)."""
    fields = dict(
        parts=[network.part_names[k] for k in network.part_of],
        sites=[network.site_names[k] for k in network.site_of],
        capacity=network.capacity,
        inventory=network.inventory,
        demand=network.demand,
        profit=network.profit,
        ttr=network.ttr,
        edges_from=[network.node_ids[k] for k in network.edge_from],
        edges_to=[network.node_ids[k] for k in network.edge_to],
        qty=network.edge_qty,
    )
    fields.update(changes)
    return Network.from_arrays(network.node_ids, **fields)


def write_network(folder: Path, network: Network) -> Path:
    """Write ``network`` as nodes.csv / edges.csv (columns deliberately out of order)."""
    folder.mkdir(parents=True, exist_ok=True)

    def fmt(x: float) -> str:
        return "" if not np.isfinite(x) else repr(float(x))

    lines = ["ttr,id,capacity,part,site,inventory,demand,profit,comment"]
    for k, node_id in enumerate(network.node_ids):
        lines.append(",".join([
            fmt(network.ttr[k]), node_id, fmt(network.capacity[k]), network.part_names[network.part_of[k]],
            network.site_names[network.site_of[k]], fmt(network.inventory[k]), fmt(network.demand[k]),
            fmt(network.profit[k]), "ignored",
        ]))
    (folder / "nodes.csv").write_text("\n".join(lines) + "\n")
    edges = ["qty,to,from"] + [
        f"{float(network.edge_qty[e])!r},{network.node_ids[network.edge_to[e]]},{network.node_ids[network.edge_from[e]]}"
        for e in range(network.num_edges)
    ]
    (folder / "edges.csv").write_text("\n".join(edges) + "\n")
    return folder
