"""Disruption scenarios and the standard scenario sets (every node, every site)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from .model import Network, NetworkError

DEFAULT_TTR = 14.0


@dataclass(frozen=True)
class Scenario:
    """A disruption: each node in ``nodes`` loses ``losses[k]`` of its capacity
    (0 < loss <= 1) for ``ttr`` days. Nodes are network indices, sorted and unique."""

    name: str
    ttr: float
    nodes: tuple[int, ...]
    losses: tuple[float, ...]

    def __post_init__(self) -> None:
        if not (self.ttr > 0 and np.isfinite(self.ttr)):
            raise NetworkError(f"scenario {self.name!r}: ttr must be a positive number, got {self.ttr!r}")
        if len(self.nodes) != len(self.losses):
            raise NetworkError(f"scenario {self.name!r}: nodes and losses differ in length")
        for loss in self.losses:
            if not 0 < loss <= 1:
                raise NetworkError(f"scenario {self.name!r}: loss must be in (0, 1], got {loss!r}")
        if list(self.nodes) != sorted(set(self.nodes)):
            raise NetworkError(f"scenario {self.name!r}: nodes must be sorted and unique")

    @classmethod
    def of(cls, network: Network, name: str, *, ttr: float, losses: Mapping[str, float]) -> Scenario:
        """A scenario from node ids mapped to their loss fraction."""
        pairs = sorted((network.index_of(node_id), float(loss)) for node_id, loss in losses.items())
        return cls(name=name, ttr=float(ttr), nodes=tuple(k for k, _ in pairs), losses=tuple(f for _, f in pairs))


def node_scenarios(network: Network, *, default_ttr: float = DEFAULT_TTR) -> list[Scenario]:
    """One full-loss scenario per node, named by its id, lasting its own ttr or the default."""
    ttrs = np.where(np.isnan(network.ttr), default_ttr, network.ttr)
    return sorted(
        (Scenario(name=node_id, ttr=float(ttrs[k]), nodes=(k,), losses=(1.0,)) for k, node_id in enumerate(network.node_ids)),
        key=lambda s: s.name,
    )


def site_scenarios(network: Network, *, default_ttr: float = DEFAULT_TTR) -> list[Scenario]:
    """One full-loss scenario per site, lasting the largest ttr its nodes give (else the default)."""
    scenarios = []
    for site, members in network.site_members.items():
        given = network.ttr[members]
        given = given[~np.isnan(given)]
        ttr = float(given.max()) if given.size else default_ttr
        nodes = tuple(int(k) for k in np.sort(members))
        scenarios.append(Scenario(name=site, ttr=ttr, nodes=nodes, losses=(1.0,) * len(nodes)))
    return sorted(scenarios, key=lambda s: s.name)


def merge_losses(pairs: Iterable[tuple[int, float]]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Combine (node, loss) pairs; a node named twice (say, alone and through its site)
    keeps the larger loss."""
    merged: dict[int, float] = {}
    for node, loss in pairs:
        merged[node] = max(loss, merged.get(node, 0.0))
    nodes = tuple(sorted(merged))
    return nodes, tuple(merged[k] for k in nodes)
