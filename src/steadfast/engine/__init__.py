"""Steadfast's continuity engine: time-to-survive and performance-impact analysis of a
supply network (Simchi-Levi et al., Interfaces 45(5), 2015). A pure library: numpy,
scipy and HiGHS, no Django.

Typical use::

    from steadfast.engine import load_network, node_scenarios, analyse, explain
    network = load_network("exports/network")
    analysis = analyse(network, node_scenarios(network), workers=2)
    for row in analysis.results: ...
    why = explain(network, some_scenario)
    own = product_tts(network, some_scenario)   # each product's own TTS
"""

from .explain import Explanation, explain
from .io import load_network, load_scenarios, save_network
from .mitigation import MitigationResult, ScenarioOutcome, mitigate, select_by_rei
from .model import Network, NetworkError
from .product_tts import product_tts
from .reference import reference_analyse, reference_pi, reference_tts
from .results import CSV_COLUMNS, ScenarioResult, with_rei, write_csv
from .runner import Analysis, analyse
from .scenarios import DEFAULT_TTR, Scenario, node_scenarios, site_scenarios
from .solver import Analyzer

__all__ = [
    "CSV_COLUMNS",
    "DEFAULT_TTR",
    "Analysis",
    "Analyzer",
    "Explanation",
    "Network",
    "NetworkError",
    "Scenario",
    "ScenarioResult",
    "analyse",
    "explain",
    "load_network",
    "load_scenarios",
    "mitigate",
    "MitigationResult",
    "ScenarioOutcome",
    "select_by_rei",
    "node_scenarios",
    "product_tts",
    "reference_analyse",
    "reference_pi",
    "reference_tts",
    "save_network",
    "site_scenarios",
    "with_rei",
    "write_csv",
]
