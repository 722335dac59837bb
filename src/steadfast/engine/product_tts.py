"""Each product's own time to survive under a scenario.

A scenario's TTS is the longest horizon over which *every* demand is met in full. A product's
own TTS is the longest horizon over which *its* demand is met in full when the others may fall
short (every shared capacity and stock goes to it first): the time until that product's output
first has to fall short. It is never below the scenario's TTS, and the smallest of them is the
scenario's TTS when the products share nothing.

Exact, with the same rate-form LP as the TTS (:mod:`.lp`): fix this product's lost rate at 0,
leave the other products' free, and minimise r = 1/t. One LP per product of the touched
components, each solved from the previous product's basis.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from .highs import INFEASIBLE, OPTIMAL, SolverError, solve
from .lp import rate_lp_model
from .model import Network
from .scenarios import Scenario
from .solver import RATE_ZERO, Analyzer


def product_tts(network: Network, scenario: Scenario, *, analyzer: Analyzer | None = None,
                products: Iterable[str] | None = None) -> dict[str, float]:
    """Demand label (a node id for a node's own demand, a part name for a part's; as
    ``explain``'s ``lost_units``) -> that demand's own TTS in days under ``scenario``: ``inf``
    when it survives indefinitely, 0 when it cannot be supplied at all.

    Only demands in the components the scenario touches are answered (elsewhere nothing
    changes); ``products`` narrows them further to those labels."""
    analyzer = analyzer or Analyzer(network)
    wanted = None if products is None else set(products)
    labels = analyzer.network.groups.labels
    answer: dict[str, float] = {}
    for component, (cols, upper) in analyzer.caps(scenario).items():
        lp = analyzer.solver(component).lp
        columns = [k for k, group in enumerate(lp.groups) if wanted is None or labels[group] in wanted]
        if not columns:
            continue
        h = rate_lp_model(lp, mode="tts")
        h.changeColsBounds(len(cols), np.asarray(cols, dtype=np.int32), np.zeros(len(cols)),
                           np.asarray(upper, dtype=float))
        l_cols = lp.l_cols
        free = np.full(len(l_cols), np.inf)
        h.changeColsBounds(len(l_cols), l_cols, np.zeros(len(l_cols)), free)
        for k in columns:
            h.changeColBounds(int(l_cols[k]), 0.0, 0.0)
            try:
                status = solve(h, f"product TTS LP of {labels[lp.groups[k]]!r}")
            except SolverError as exc:
                raise SolverError(f"scenario {scenario.name!r}: {exc}") from exc
            if status == INFEASIBLE:
                answer[labels[lp.groups[k]]] = 0.0
            elif status == OPTIMAL:
                rate = h.getInfo().objective_function_value
                answer[labels[lp.groups[k]]] = float(np.inf if rate <= RATE_ZERO else 1.0 / rate)
            else:
                raise SolverError(f"scenario {scenario.name!r}: product TTS LP ended {h.modelStatusToString(status)!r}")
            h.changeColBounds(int(l_cols[k]), 0.0, np.inf)
    return answer
