"""The demands of a network: each node's own, and each part's (served by any node of the part)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .graph import group_indices

if TYPE_CHECKING:  # model.py imports this module: the type only
    from .model import Network


@dataclass(frozen=True, eq=False)
class DemandGroups:
    """The demands of a network. Group g asks ``demand[g]`` units/day at ``profit[g]`` per
    unit and may be served by any of its member nodes (``members[ptr[g]:ptr[g+1]]``): a
    node's own demand has that node alone, a part's demand all nodes of the part.
    ``of_node[j]`` is the group node j serves, or -1; ``labels[g]`` is the node id or the
    part name; ``is_part[g]`` tells which."""

    demand: np.ndarray
    profit: np.ndarray
    ptr: np.ndarray
    members: np.ndarray
    of_node: np.ndarray
    labels: tuple[str, ...]
    is_part: np.ndarray

    def __len__(self) -> int:
        return len(self.demand)

    def members_of(self, group: int) -> np.ndarray:
        return self.members[self.ptr[group] : self.ptr[group + 1]]

    @classmethod
    def of(cls, network: Network) -> DemandGroups:
        own = np.flatnonzero(network.demand > 0)
        part_demand = network.part_demand if network.part_demand is not None else np.zeros(len(network.part_names))
        part_profit = network.part_profit if network.part_profit is not None else np.ones(len(network.part_names))
        parts = np.flatnonzero(part_demand > 0)
        by_part = group_indices(network.part_of, len(network.part_names))
        part_members = [by_part[k] for k in parts]
        sizes = np.array([1] * len(own) + [len(m) for m in part_members], dtype=np.int64)
        ptr = np.zeros(len(sizes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=ptr[1:])
        members = np.concatenate([own, *part_members]).astype(np.int64) if len(sizes) else np.empty(0, np.int64)
        of_node = np.full(network.num_nodes, -1, dtype=np.int64)
        of_node[members] = np.repeat(np.arange(len(sizes)), sizes)
        return cls(
            demand=np.concatenate([network.demand[own], part_demand[parts]]),
            profit=np.concatenate([network.profit[own], part_profit[parts]]),
            ptr=ptr,
            members=members,
            of_node=of_node,
            labels=tuple([network.node_ids[k] for k in own] + [network.part_names[k] for k in parts]),
            is_part=np.r_[np.zeros(len(own), dtype=bool), np.ones(len(parts), dtype=bool)],
        )
