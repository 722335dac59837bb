"""The fast solver against the naive reference, and the model's defining properties."""

from __future__ import annotations

import numpy as np
from engine_support import close, rebuild
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadfast.engine import Analyzer, Scenario, node_scenarios, reference_pi, reference_tts, site_scenarios
from steadfast.engine.synthetic import random_network

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def networks(draw):
    """Small random multi-tier networks covering the edge cases: unlimited capacities, zero
    inventory, alternatives, products sharing parts, nodes reaching no product."""
    return random_network(
        draw(st.integers(0, 10**6)),
        nodes=draw(st.integers(4, 28)),
        tiers=draw(st.integers(2, 4)),
        max_inputs=draw(st.integers(1, 3)),
        max_alternatives=draw(st.integers(1, 3)),
        unlimited_share=draw(st.sampled_from([0.0, 0.2, 0.6])),
        inventory_share=draw(st.sampled_from([0.0, 0.5, 1.0])),
        dead_end_share=draw(st.sampled_from([0.0, 0.3])),
    )


@st.composite
def network_and_scenarios(draw):
    network = draw(networks())
    n = network.num_nodes
    scenarios = []
    for k in range(draw(st.integers(1, 4))):
        nodes = draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=min(3, n)))
        losses = [draw(st.sampled_from([1.0, 0.5, 0.25, 0.9])) for _ in nodes]
        ttr = draw(st.sampled_from([1.0, 7.0, 14.0, 60.0]))
        scenarios.append(Scenario(name=f"s{k}", ttr=ttr, nodes=tuple(sorted(nodes)), losses=tuple(losses)))
    return network, scenarios


def assert_matches_reference(network, scenarios, results):
    for scenario, result in zip(scenarios, results):
        expected_tts = reference_tts(network, scenario)
        expected_pi = reference_pi(network, scenario, scenario.ttr)
        assert close(result.tts, expected_tts), (scenario, result, expected_tts)
        assert close(result.pi, expected_pi), (scenario, result, expected_pi)


@SETTINGS
@given(network_and_scenarios())
def test_custom_scenarios_match_reference(case):
    network, scenarios = case
    analyzer = Analyzer(network)
    assert_matches_reference(network, scenarios, [analyzer.analyse(s) for s in scenarios])


@SETTINGS
@given(networks())
def test_every_node_and_site_matches_reference(network):
    analyzer = Analyzer(network)
    scenarios = node_scenarios(network) + site_scenarios(network)
    assert_matches_reference(network, scenarios, [analyzer.analyse(s) for s in scenarios])
    assert close(analyzer.baseline(14.0).tts, reference_tts(network))


@SETTINGS
@given(network_and_scenarios(), st.sampled_from([0.25, 0.5, 0.99, 1.0, 1.01, 2.0, 4.0]))
def test_pi_is_zero_exactly_up_to_tts(case, factor):
    network, scenarios = case  # all profits are positive in these networks
    analyzer = Analyzer(network)
    for scenario in scenarios:
        tts = analyzer.analyse(scenario).tts
        if not np.isfinite(tts) or tts == 0:
            continue
        t = tts * factor
        probe = Scenario(name="probe", ttr=t, nodes=scenario.nodes, losses=scenario.losses)
        pi = analyzer.analyse(probe).pi
        naive = reference_pi(network, scenario, t)
        assert close(pi, naive)
        if factor <= 1.0:
            assert pi == 0.0
        else:
            assert naive > 1e-9  # the reference agrees that something is lost past the TTS


@SETTINGS
@given(network_and_scenarios(), st.sampled_from([0.1, 0.4, 0.7]))
def test_more_loss_never_raises_tts_nor_lowers_pi(case, extra):
    network, scenarios = case
    analyzer = Analyzer(network)
    for scenario in scenarios:
        worse = Scenario(name="worse", ttr=scenario.ttr, nodes=scenario.nodes,
                         losses=tuple(min(1.0, f + extra) for f in scenario.losses))
        mild, severe = analyzer.analyse(scenario), analyzer.analyse(worse)
        assert severe.tts <= mild.tts * (1 + 1e-9)
        assert severe.pi >= mild.pi - 1e-6 * max(1.0, mild.pi)


@SETTINGS
@given(network_and_scenarios(), st.sampled_from([1.5, 3.0]), st.floats(0.0, 50.0))
def test_more_inventory_never_lowers_tts(case, factor, added):
    network, scenarios = case
    richer = rebuild(network, inventory=network.inventory * factor + added)
    before, after = Analyzer(network), Analyzer(richer)
    for scenario in scenarios:
        assert after.analyse(scenario).tts >= before.analyse(scenario).tts * (1 - 1e-9)
    assert after.baseline(14.0).tts >= before.baseline(14.0).tts * (1 - 1e-9)


@SETTINGS
@given(networks())
def test_site_scenarios_equal_matching_node_scenarios(network):
    analyzer = Analyzer(network)
    for site in site_scenarios(network):
        custom = Scenario.of(network, "custom", ttr=site.ttr,
                             losses={network.node_ids[k]: 1.0 for k in site.nodes})
        by_site, by_nodes = analyzer.analyse(site), analyzer.analyse(custom)
        assert (by_site.tts, by_site.pi) == (by_nodes.tts, by_nodes.pi)


def test_known_small_network(small_network):
    analyzer = Analyzer(small_network)
    results = {s.name: analyzer.analyse(s) for s in node_scenarios(small_network)}
    # a2 has an alternative (a) with enough spare capacity: nothing changes.
    assert results["a2"].tts == np.inf and results["a2"].pi == 0
    # Losing a leaves a2 (5/day) for 8/day of A: a's 20 units on hand cover 3/day less... until day 10.
    assert close(results["a"].tts, 10.0) and close(results["a"].pi, 24.0)
    # q is a product without stock: it fails at once.
    assert results["q"].tts == 0 and close(results["q"].pi, 2 * 2 * 14)
    # b is unlimited but has a ttr of its own (30 days).
    assert results["b"].ttr == 30


def test_unlimited_node_keeps_unlimited_under_partial_loss(small_network):
    analyzer = Analyzer(small_network)
    partial = Scenario.of(small_network, "half-b", ttr=14, losses={"b": 0.5})
    assert analyzer.analyse(partial).tts == np.inf
    assert reference_tts(small_network, partial) == np.inf


def test_zero_tts_when_a_product_has_no_supply_and_no_stock(small_network):
    analyzer = Analyzer(small_network)
    assert analyzer.analyse(Scenario.of(small_network, "q", ttr=5, losses={"q": 1.0})).tts == 0
