"""Each product's own time to survive under a scenario.

A scenario's TTS is the longest horizon over which *every* demand is met in full. A product's
own TTS is the longest horizon over which *its* demand is met in full when the others may fall
short (every shared capacity and stock goes to it first): the time until that product's output
first has to fall short. It is never below the scenario's TTS, and the smallest of them is the
scenario's TTS when the products share nothing.

Exact, with the same rate-form LP as the TTS (:mod:`.lp`): fix this product's lost rate at 0,
leave the other products' free, and minimise r = 1/t. With the others free, nothing outside the
product's upstream can matter (every other demand can simply go unmet), so each LP holds only the
nodes upstream of the product (closed under the demands they share), not its whole component.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import scipy.sparse as sp

from .component import RATE_ZERO
from .highs import INFEASIBLE, OPTIMAL, SolverError, solve
from .lp import build_rate_lp, rate_lp_model
from .model import Network
from .scenarios import Scenario
from .solver import Analyzer


def product_tts(network: Network, scenario: Scenario, *, analyzer: Analyzer | None = None,
                products: Iterable[str] | None = None) -> dict[str, float]:
    """Demand label (a node id for a node's own demand, a part name for a part's; as
    ``explain``'s ``lost_units``) -> that demand's own TTS in days under ``scenario``: ``inf``
    when it survives indefinitely, 0 when it cannot be supplied at all.

    Only demands in the components the scenario touches are answered (elsewhere nothing
    changes); ``products`` narrows them further to those labels."""
    analyzer = analyzer or Analyzer(network)
    lp_network = analyzer.lp_network
    groups = lp_network.groups
    wanted = None if products is None else set(products)
    touched = set(analyzer.caps(scenario))
    reduced = {int(k): (0.0 if f >= 1 else (1.0 - f) * lp_network.capacity[k])
               for k, f in zip(scenario.nodes, scenario.losses)}
    n = lp_network.num_nodes
    # inputs of each node: row j lists the nodes feeding j
    feeds = sp.csr_matrix((np.ones(lp_network.num_edges), (lp_network.edge_to, lp_network.edge_from)), shape=(n, n))
    answer: dict[str, float] = {}
    for group, label in enumerate(groups.labels):
        members = groups.members_of(group)
        if (wanted is not None and label not in wanted) or int(analyzer.component_of[members[0]]) not in touched:
            continue
        nodes = _upstream(lp_network, feeds, members)
        answer[label] = _own_tts(lp_network, nodes, group, reduced, scenario.name)
    return answer


def _upstream(network: Network, feeds: sp.csr_matrix, members: np.ndarray) -> np.ndarray:
    """The members and every node feeding them, closed under shared demands (a part's demand row
    needs all its nodes), sorted."""
    groups = network.groups
    seen = np.zeros(network.num_nodes, dtype=bool)
    stack = [int(k) for k in members]
    while stack:
        k = stack.pop()
        if seen[k]:
            continue
        seen[k] = True
        stack.extend(int(j) for j in feeds.indices[feeds.indptr[k]:feeds.indptr[k + 1]] if not seen[j])
        g = groups.of_node[k]
        if g >= 0:
            stack.extend(int(j) for j in groups.members_of(g) if not seen[j])
    return np.flatnonzero(seen)


def _own_tts(network: Network, nodes: np.ndarray, group: int, reduced: dict[int, float], name: str) -> float:
    lp = build_rate_lp(network, nodes)
    h = rate_lp_model(lp, mode="tts")
    local = lp.local_node()
    caps = {local[k]: cap for k, cap in reduced.items() if k in local}
    if caps:
        cols = np.fromiter(caps, dtype=np.int32)
        h.changeColsBounds(len(cols), cols, np.zeros(len(cols)), np.fromiter(caps.values(), dtype=float))
    others = np.array([c for c, g in zip(lp.l_cols, lp.groups) if g != group], dtype=np.int32)
    if len(others):
        h.changeColsBounds(len(others), others, np.zeros(len(others)), np.full(len(others), np.inf))
    label = network.groups.labels[group]
    try:
        status = solve(h, f"product TTS LP of {label!r}")
    except SolverError as exc:
        raise SolverError(f"scenario {name!r}: {exc}") from exc
    if status == INFEASIBLE:
        return 0.0
    if status != OPTIMAL:
        raise SolverError(f"scenario {name!r}: product TTS LP of {label!r} ended {h.modelStatusToString(status)!r}")
    rate = h.getInfo().objective_function_value
    return float(np.inf if rate <= RATE_ZERO else 1.0 / rate)
