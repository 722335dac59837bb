"""The local solves (region LPs proved optimal by a dual certificate) against the naive
reference, with settings that force every path: tiny regions that must grow, regions that
grow past their limit and fall back to the whole LP, baselines already at risk (so PI
uses the baseline's row duals outside the region), and infeasible local LPs."""

from __future__ import annotations

from engine_support import close, rebuild
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadfast.engine import (
    Analyzer,
    Scenario,
    analyse,
    node_scenarios,
    reference_pi,
    reference_tts,
    site_scenarios,
)
from steadfast.engine.synthetic import random_network

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw):
    """A random network (optionally with capacities cut so that even the baseline runs
    short) and a few custom scenarios with partial and full losses."""
    network = random_network(
        draw(st.integers(0, 10**6)),
        nodes=draw(st.integers(6, 45)),
        tiers=draw(st.integers(2, 5)),
        max_inputs=draw(st.integers(1, 3)),
        max_alternatives=draw(st.integers(1, 3)),
        unlimited_share=draw(st.sampled_from([0.0, 0.2, 0.6])),
        inventory_share=draw(st.sampled_from([0.0, 0.5, 1.0])),
        dead_end_share=draw(st.sampled_from([0.0, 0.3])),
    )
    squeeze = draw(st.sampled_from([1.0, 1.0, 0.7, 0.4]))
    if squeeze < 1.0:
        network = rebuild(network, capacity=network.capacity * squeeze)
    n = network.num_nodes
    scenarios = []
    for k in range(draw(st.integers(1, 4))):
        nodes = sorted(draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=min(4, n))))
        losses = tuple(draw(st.sampled_from([1.0, 1.0, 0.5, 0.2, 0.9])) for _ in nodes)
        ttr = draw(st.sampled_from([1.0, 7.0, 14.0, 45.0, 200.0]))
        scenarios.append(Scenario(name=f"s{k}", ttr=ttr, nodes=tuple(nodes), losses=losses))
    return network, scenarios


def check_against_reference(network, analyzer, scenarios):
    for scenario in scenarios:
        result = analyzer.analyse(scenario)
        tts = reference_tts(network, scenario)
        pi = reference_pi(network, scenario, scenario.ttr)
        assert close(result.tts, tts), (scenario, result, tts)
        assert close(result.pi, pi), (scenario, result, pi)


def totals(analyzer):
    sums = {}
    for solver in analyzer._solvers.values():
        for key, value in solver.stats.items():
            sums[key] = sums.get(key, 0) + value
    return sums


@SETTINGS
@given(cases())
def test_growing_regions_match_reference(case):
    """Regions start at the disrupted nodes alone and may grow to the whole component."""
    network, scenarios = case
    analyzer = Analyzer(network, region_share=1.0, seed_downstream=False)
    everything = scenarios + node_scenarios(network) + site_scenarios(network)
    check_against_reference(network, analyzer, everything)
    assert totals(analyzer).get("full", 0) == 0  # nothing fell back to the whole LP


@SETTINGS
@given(cases(), st.sampled_from([0.02, 0.1, 0.3]))
def test_regions_that_outgrow_their_limit_fall_back_exactly(case, share):
    network, scenarios = case
    analyzer = Analyzer(network, region_share=share)
    check_against_reference(network, analyzer, scenarios + node_scenarios(network))


def test_the_local_path_grows_and_is_used():
    """On a mid-sized network most scenarios are settled locally, many after growing."""
    network = random_network(5, nodes=160, max_alternatives=3)
    analyzer = Analyzer(network, seed_downstream=False)
    scenarios = node_scenarios(network)[::3]
    check_against_reference(network, analyzer, scenarios)
    stats = totals(analyzer)
    assert stats["local"] > len(scenarios) // 3
    assert stats["rounds"] > stats["local"]  # some regions had to grow


def test_baseline_at_risk_uses_baseline_duals_outside_the_region():
    """Capacities below demand: the baseline itself loses demand at every horizon past its
    TTS, so local PI solves must price fixed columns with the baseline's duals."""
    network = random_network(8, nodes=120, inventory_share=0.3)
    network = rebuild(network, capacity=network.capacity * 0.5)
    analyzer = Analyzer(network, region_share=1.0)
    baseline = analyzer.baseline(30.0)
    assert baseline.at_risk and baseline.pi > 0
    assert close(baseline.pi, reference_pi(network, None, 30.0))
    scenarios = [Scenario(name=s.name, ttr=30.0, nodes=s.nodes, losses=s.losses) for s in node_scenarios(network)[::4]]
    check_against_reference(network, analyzer, scenarios)
    assert totals(analyzer)["local"] > 0


def test_infeasible_local_lp_proves_tts_zero():
    """A product without stock whose only supply chain is cut: TTS is 0 exactly."""
    network = random_network(3, nodes=40, inventory_share=0.0, max_alternatives=1, unlimited_share=0.0)
    analyzer = Analyzer(network, region_share=1.0, seed_downstream=False)
    zeros = 0
    for scenario in node_scenarios(network):
        result = analyzer.analyse(scenario)
        assert close(result.tts, reference_tts(network, scenario))
        zeros += result.tts == 0
    assert zeros > 0


def test_one_node_sites_share_the_node_answer_and_workers_agree():
    network = random_network(12, nodes=80, site_size=1)
    scenarios = node_scenarios(network) + site_scenarios(network)
    single = analyse(network, scenarios, workers=1)
    double = analyse(network, scenarios, workers=2)
    assert single.results == double.results
    by_name = {r.scenario: r for r in single.results}
    one_node_sites = [site for site in site_scenarios(network) if len(site.nodes) == 1]
    assert one_node_sites  # site_size=1: the comparison below is not empty
    for site in one_node_sites:
        node = by_name[network.node_ids[site.nodes[0]]]
        assert (by_name[site.name].tts, by_name[site.name].pi) == (node.tts, node.pi)
    assert len(single.results) == len(scenarios)
    assert close(single.baseline_tts, reference_tts(network))
    assert double.baseline_tts == single.baseline_tts
