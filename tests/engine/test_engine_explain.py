"""Explanations: lost units per product and what ran out."""

from __future__ import annotations

import numpy as np
from engine_support import close

from steadfast.engine import Scenario, explain, reference_pi


def test_losing_a_source_explains_lost_units_and_bottlenecks(small_network):
    why = explain(small_network, Scenario.of(small_network, "a", ttr=14, losses={"a": 1.0}))
    assert why.result.at_risk and close(why.result.pi, 24.0)
    # Lost profit is the profit-weighted lost units.
    assert close(sum(small_network.profit[small_network.index_of(p)] * u for p, u in why.lost_units.items()),
                 why.result.pi)
    assert all(units > 0 for units in why.lost_units.values())
    assert "a2" in why.capacity_bottlenecks  # the remaining source of A runs at capacity
    assert "a" in why.inventory_exhausted  # a's stock of A is used up


def test_not_at_risk_with_infinite_tts_has_nothing_to_explain(small_network):
    why = explain(small_network, Scenario.of(small_network, "a2", ttr=14, losses={"a2": 1.0}))
    assert why.result.tts == np.inf
    assert why.lost_units == {} and why.capacity_bottlenecks == () and why.inventory_exhausted == ()


def test_lost_units_agree_with_reference_pi(small_network):
    scenario = Scenario.of(small_network, "b-half", ttr=20, losses={"b": 0.5, "a": 0.5})
    why = explain(small_network, scenario)
    assert close(why.result.pi, reference_pi(small_network, scenario, 20))
