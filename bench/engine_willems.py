"""Willems (2008) chain files as engine networks, with synthesised operating data.

The chains give structure (stages, arcs), stage classification, average end demand, stage
cost and stage time, but no capacities, inventories, margins or bill-of-materials
quantities. Those are drawn from a seeded generator as described in docs/model.md
("Benchmark data"), so a seed always gives the same network.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from steadfast.engine.graph import topological_order
from steadfast.engine.model import Network

WILLEMS_DIR = Path("/work/shared/reference/supply-chains/willems-2008")


def read_chain(path: Path) -> tuple[dict[str, dict[str, str]], list[tuple[str, str]]]:
    """Stages by name (their attributes without the XML path prefix) and arcs (from, to)."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        next(reader)  # "/chain"
        header = next(reader)
        stages: dict[str, dict[str, str]] = {}
        arcs: list[tuple[str, str]] = []
        for values in reader:
            row = dict(zip(header, values))
            if row.get("/arcs/arc/@from"):
                arcs.append((row["/arcs/arc/@from"], row["/arcs/arc/@to"]))
            name = row.get("/stages/stage/@stageName")
            if name:
                stages[name] = {k.rsplit("@", 1)[-1]: v for k, v in row.items() if k.startswith("/stages/")}
    return stages, arcs


def willems_network(path: Path, *, seed: int = 2008) -> Network:
    stages, arcs = read_chain(path)
    rng = np.random.default_rng(seed)
    ids = list(stages)
    index = {name: k for k, name in enumerate(ids)}
    n = len(ids)
    e_from = np.array([index[a] for a, _ in arcs])
    e_to = np.array([index[b] for _, b in arcs])
    qty = rng.choice([1.0, 1.0, 1.0, 2.0, 3.0], size=len(arcs))
    has_output = np.zeros(n, dtype=bool)
    has_output[e_from] = True
    avg_demand = np.array([float(stages[s].get("avgDemand") or 0) for s in ids])
    demand = np.where(has_output, 0.0, avg_demand)  # only end stages can be products
    # Units/day each stage makes when every product meets its average demand.
    flow = demand.copy()
    order = topological_order(n, e_from, e_to)
    into = [[] for _ in range(n)]
    for e in range(len(arcs)):
        into[e_to[e]].append(e)
    for node in order[::-1]:
        for e in into[node]:
            flow[e_from[e]] += flow[node] * qty[e]
    flow = np.where(flow > 0, flow, 1.0)
    stage_time = np.array([float(stages[s].get("stageTime") or 1) for s in ids])
    stage_cost = np.array([float(stages[s].get("stageCost") or 1) for s in ids])
    capacity = (flow * rng.uniform(1.05, 2.0, n)).round(3)
    capacity[rng.random(n) < 0.1] = np.inf
    inventory = np.where(rng.random(n) < 0.7, (flow * stage_time * rng.uniform(0, 10, n)).round(3), 0.0)
    profit = np.maximum(0.01, (stage_cost * rng.uniform(0.2, 1.0, n)).round(3))
    ttr = np.where(rng.random(n) < 0.3, np.clip(np.round(stage_time * rng.uniform(5, 20, n)), 1, 120), np.nan)
    kinds = [stages[s].get("stageClassification") or "Stage" for s in ids]
    sites = [f"{kind}-site{int(k)}" for kind, k in zip(kinds, rng.integers(0, max(1, n // 4), n))]
    return Network.from_arrays(
        ids, sites=sites, capacity=capacity, inventory=inventory, demand=demand, profit=profit, ttr=ttr,
        edges_from=[ids[k] for k in e_from], edges_to=[ids[k] for k in e_to], qty=qty,
    )
