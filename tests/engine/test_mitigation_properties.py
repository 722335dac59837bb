"""The mitigation optimiser against the naive monolithic LP, on small random networks: with
node-level demand, and with the shapes real maps have (a part's demand shared by its nodes,
products inside other products)."""

from __future__ import annotations

import numpy as np
from engine_support import close
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_shapes import reshaped

from steadfast.engine import Scenario, mitigate, reference_tts
from steadfast.engine.mitigation import CANNOT_BE_SAVED, PLAN_MARGIN, default_holding_cost
from steadfast.engine.mitigation_reference import naive_mitigation
from steadfast.engine.synthetic import random_network

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw):
    network = random_network(
        draw(st.integers(0, 10**6)),
        nodes=draw(st.integers(4, 22)),
        tiers=draw(st.integers(2, 4)),
        max_inputs=draw(st.integers(1, 3)),
        max_alternatives=draw(st.integers(1, 3)),
        unlimited_share=draw(st.sampled_from([0.0, 0.2, 0.6])),
        inventory_share=draw(st.sampled_from([0.0, 0.5, 1.0])),
        dead_end_share=draw(st.sampled_from([0.0, 0.3])),
    )
    if draw(st.booleans()):
        network = reshaped(draw, network)  # shared part demand, products inside products
    n = network.num_nodes
    scenarios = []
    for k in range(draw(st.integers(1, 5))):
        nodes = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=min(3, n)))
        losses = [draw(st.sampled_from([1.0, 0.5, 0.9])) for _ in nodes]
        ttr = draw(st.sampled_from([14.0, 60.0, 180.0]))
        scenarios.append(Scenario(name=f"s{k}", ttr=ttr, nodes=tuple(sorted(nodes)), losses=tuple(losses)))
    costs = draw(st.sampled_from(["default", "random"]))
    cost = default_holding_cost(network) if costs == "default" else np.random.default_rng(n).uniform(0.1, 10, n)
    # Some nodes may not be stocked at all (or products are made to order), some only a
    # little: scenarios may then be beyond saving.
    limits = draw(st.sampled_from(["none", "some", "products"]))
    max_extra = None
    if limits == "some":
        max_extra = np.random.default_rng(n + 1).choice([0.0, 5.0, np.inf], n)
    elif limits == "products":
        max_extra = np.where(network.groups.of_node >= 0, 0.0, np.inf)  # every node serving demand
    share = draw(st.sampled_from([None, 1.0, 0.0]))  # local regions, never handed on, always handed on
    stabilise = draw(st.booleans())  # in-out stabilisation or plain Benders
    return network, scenarios, cost, max_extra, share, stabilise


@SETTINGS
@given(cases())
def test_optimiser_matches_the_naive_monolithic_lp(case):
    network, scenarios, cost, max_extra, share, stabilise = case
    result = mitigate(network, scenarios, unit_cost=cost, max_extra=max_extra, gap=0.0, workers=1,
                      region_share=share, stabilise=stabilise)
    horizons = [s.ttr * (1 + PLAN_MARGIN) for s in scenarios]
    outcome = {o.scenario: o for o in result.outcomes}
    saveable = [s for s in scenarios if outcome[s.name].status != CANNOT_BE_SAVED]
    # Each unsaveable scenario really is: even alone, no plan within the limits saves it.
    for s in scenarios:
        if outcome[s.name].status == CANNOT_BE_SAVED:
            assert naive_mitigation(network, [s], [s.ttr * (1 + PLAN_MARGIN)], cost, max_extra) is None
    expected = naive_mitigation(network, saveable, [h for s, h in zip(scenarios, horizons) if s in saveable],
                                cost, max_extra)
    assert expected is not None
    assert close(result.total_cost, expected), (result.total_cost, expected)
    assert result.gap <= 1e-6
    assert result.verified
    # The plan as the naive reference sees it: every saveable scenario survives its ttr.
    for s in saveable:
        assert reference_tts(result.network, s) >= s.ttr * (1 - 1e-9), s
    assert np.all(result.extra >= 0)
    if max_extra is not None:
        assert np.all(result.extra <= max_extra)
