"""Units the LPs are solved in, chosen from the network so that answers do not depend on
the units its user counts in (docs/model.md, "Exact in any units").

Every part gets its own unit: one LP unit of part k is ``part_unit[k]`` of the user's
units, the part's *implied daily flow* (what reaches it when every product runs at its
demand and alternatives split evenly). Capacities, stocks and demands of part k are
divided by it, and a bill-of-materials quantity (units of k per unit of part i) becomes
``qty * part_unit[i] / part_unit[k]``. Profits are divided by one profit unit so that
the largest profit of a product's daily flow is 1. Time is left alone: TTS and horizons
stay in days.

This is an exact change of variables (u_k' = u_k / part_unit[k]); the feasible sets and
the optimal values map one to one. Because the units are computed from the data, scaling
every quantity of a part (or of the whole network) by any factor scales its unit by the
same factor, so the engine solves the *same* LP whatever the user's units, and the
absolute tolerances inside HiGHS and the engine act as relative ones.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .graph import topological_order
from .model import Network


@dataclass(frozen=True)
class Units:
    """``part_unit[k]``: user units of part k per LP unit; ``profit_unit``: currency per LP
    profit unit (PI in the user's currency = LP value x profit_unit)."""

    part_unit: np.ndarray
    profit_unit: float

    def node_unit(self, network: Network) -> np.ndarray:
        return self.part_unit[network.part_of]


def implied_flow(network: Network) -> np.ndarray:
    """Units/day each node would ship if every demand were met (a part's demand split
    evenly over its nodes) and alternative sources split each input evenly (0 for nodes
    that reach no demand)."""
    groups = network.groups
    flow = np.zeros(network.num_nodes)
    flow[groups.members] = np.repeat(groups.demand / np.diff(groups.ptr), np.diff(groups.ptr))
    # Alternatives: edges from the same part into the same consumer share its need.
    key = network.edge_to * len(network.part_names) + network.part_of[network.edge_from]
    _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
    share = network.edge_qty / counts[inverse]
    order = topological_order(network.num_nodes, network.edge_from, network.edge_to)
    position = np.empty(network.num_nodes, dtype=np.int64)
    position[order] = np.arange(network.num_nodes)
    # Consumers before suppliers: walk edges by decreasing position of their consumer.
    by_consumer = np.argsort(-position[network.edge_to], kind="stable")
    edge_to, edge_from = network.edge_to[by_consumer], network.edge_from[by_consumer]
    share = share[by_consumer]
    for e in range(len(edge_to)):
        flow[edge_from[e]] += share[e] * flow[edge_to[e]]
    return flow


def choose_units(network: Network) -> Units:
    """Each part's unit is the largest implied flow among its nodes; a part no demand
    reaches (it never enters an LP) falls back to its largest finite quantity, else 1."""
    flow = implied_flow(network)
    parts = len(network.part_names)
    unit = np.zeros(parts)
    np.maximum.at(unit, network.part_of, flow)
    missing = unit <= 0
    if missing.any():
        fallback = np.zeros(parts)
        finite_capacity = np.where(np.isfinite(network.capacity), network.capacity, 0.0)
        np.maximum.at(fallback, network.part_of, np.maximum(finite_capacity, network.inventory))
        unit[missing] = np.where(fallback[missing] > 0, fallback[missing], 1.0)
    # Profit of one LP unit of each demand, in the user's currency.
    groups = network.groups
    served_part = network.part_of[groups.members[groups.ptr[:-1]]]
    top = float((groups.profit * unit[served_part]).max(initial=0.0))
    return Units(part_unit=unit, profit_unit=top if top > 0 else 1.0)


def in_units(network: Network, units: Units) -> Network:
    """The same network counted in ``units`` (ids, parts, sites and ttr unchanged)."""
    node_unit = units.node_unit(network)
    qty = network.edge_qty * node_unit[network.edge_to] / node_unit[network.edge_from]
    return dataclasses.replace(
        network,
        capacity=network.capacity / node_unit,
        inventory=network.inventory / node_unit,
        demand=network.demand / node_unit,
        profit=network.profit * node_unit / units.profit_unit,
        edge_qty=qty,
        part_demand=None if network.part_demand is None else network.part_demand / units.part_unit,
        part_profit=None if network.part_profit is None else network.part_profit * units.part_unit / units.profit_unit,
    )
