"""Seeded random multi-tier networks, for tests, benchmarks and demos.

Tier 0 holds raw materials, the last tier holds products. Each node of tier k > 0 needs
one to ``max_inputs`` parts of tier k - 1, taking each from every node that makes it
(alternatives, sharing one qty). Capacities are drawn around the demand that would reach a
node if products ran at their demand rate and alternatives split evenly, so that some
nodes are bottlenecks and others have slack. A few nodes feed nothing that reaches a
product; some are unlimited; some hold inventory; some give their own ttr.
"""

from __future__ import annotations

import numpy as np

from .model import Network


def random_network(
    seed: int,
    *,
    nodes: int = 2000,
    tiers: int = 5,
    max_inputs: int = 3,
    max_alternatives: int = 3,
    unlimited_share: float = 0.1,
    inventory_share: float = 0.6,
    dead_end_share: float = 0.05,
    ttr_share: float = 0.5,
    site_size: int = 3,
) -> Network:
    """A random DAG with about ``nodes`` nodes (see module docstring)."""
    rng = np.random.default_rng(seed)
    tiers = max(2, tiers)
    per_tier = np.maximum(1, rng.multinomial(max(nodes - tiers, 0), np.ones(tiers) / tiers) + 1)
    ids: list[str] = []
    parts: list[str] = []
    tier_parts: list[dict[str, list[int]]] = []
    for tier, count in enumerate(per_tier):
        by_part: dict[str, list[int]] = {}
        made = 0
        while made < count:
            # Products are single-source; upstream parts have 1..max_alternatives sources.
            sources = 1 if tier == tiers - 1 else int(rng.integers(1, max_alternatives + 1))
            sources = min(sources, count - made)
            part = f"T{tier}P{len(by_part)}"
            by_part[part] = []
            for alt in range(sources):
                by_part[part].append(len(ids))
                ids.append(f"{part}N{alt}")
                parts.append(part)
            made += sources
        tier_parts.append(by_part)

    edges_from: list[int] = []
    edges_to: list[int] = []
    qty: list[float] = []
    for tier in range(1, tiers):
        below = list(tier_parts[tier - 1])
        for members in tier_parts[tier].values():
            for node in members:
                k = int(rng.integers(1, min(max_inputs, len(below)) + 1))
                for part in rng.choice(below, size=k, replace=False):
                    q = float(rng.choice([0.5, 1.0, 1.0, 2.0, 3.0]))
                    for source in tier_parts[tier - 1][part]:
                        edges_from.append(source)
                        edges_to.append(node)
                        qty.append(q)

    n = len(ids)
    demand = np.zeros(n)
    products = [m for members in tier_parts[-1].values() for m in members]
    dead_ends = rng.random(len(products)) < dead_end_share  # no demand: its suppliers may serve nothing
    demand[products] = np.where(dead_ends, 0.0, rng.uniform(1.0, 50.0, len(products)).round(2))
    sources_of = {part: len(members) for by_part in tier_parts for part, members in by_part.items()}
    alternatives = np.array([sources_of[part] for part in parts])
    flow = _implied_flow(demand, np.array(edges_from, dtype=int), np.array(edges_to, dtype=int), np.array(qty),
                         alternatives)
    capacity = (flow * rng.uniform(1.0, 2.5, n)).round(2)
    capacity[rng.random(n) < unlimited_share] = np.inf
    inventory = np.where(rng.random(n) < inventory_share, (flow * rng.uniform(0, 20, n)).round(2), 0.0)
    profit = rng.uniform(0.5, 20.0, n).round(2)
    ttr = np.where(rng.random(n) < ttr_share, rng.integers(3, 60, n).astype(float), np.nan)
    sites = [f"S{int(k)}" for k in rng.integers(0, max(1, n // max(1, site_size)), n)]
    return Network.from_arrays(
        ids,
        parts=parts,
        sites=sites,
        capacity=capacity,
        inventory=inventory,
        demand=demand,
        profit=profit,
        ttr=ttr,
        edges_from=[ids[k] for k in edges_from],
        edges_to=[ids[k] for k in edges_to],
        qty=qty,
    )


def _implied_flow(demand, e_from, e_to, qty, alternatives) -> np.ndarray:
    """Units/day each node would make if products met demand and alternatives split evenly.
    Nodes are numbered tier by tier, so reverse index order is a reverse topological order."""
    need = demand.astype(float).copy()
    order = np.argsort(-e_to, kind="stable")
    for e in order:
        need[e_from[e]] += need[e_to[e]] * qty[e] / alternatives[e_from[e]]
    # Nodes that reach nothing still get a token size so their capacity is not 0.
    return np.where(need > 0, need, 1.0)
