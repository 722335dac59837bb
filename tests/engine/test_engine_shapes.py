"""The shapes real maps have: a product's demand belongs to the product (shared by its
sources), and a product can also be part of another product. Hand-checked examples, then
the fast solver against the naive reference (which follows the same model) on random
networks of these shapes."""

from __future__ import annotations

import numpy as np
import pytest
from engine_support import close, write_network
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_engine_exactness import networks

from steadfast.engine import (
    Analyzer,
    Network,
    Scenario,
    explain,
    load_network,
    node_scenarios,
    reference_pi,
    reference_tts,
    site_scenarios,
)

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def two_factories(**part_demand) -> Network:
    """Product P made in two factories (10/day each, f2 holds 20 on hand) from one supplier."""
    return Network.from_arrays(
        ["s", "f1", "f2"], parts=["S", "P", "P"], capacity=[np.inf, 10, 10], inventory=[0, 0, 20],
        edges_from=["s", "s"], edges_to=["f1", "f2"], qty=[1, 1],
        part_demand={"P": 12} if not part_demand else part_demand, part_profit={"P": 3},
    )


def test_losing_one_factory_is_covered_by_the_other_up_to_its_capacity():
    network = two_factories()
    analyzer = Analyzer(network)
    lost_f1 = analyzer.analyse(Scenario.of(network, "f1", ttr=14, losses={"f1": 1.0}))
    # f2 makes 10 of the 12/day; its 20 on hand cover the other 2/day for 10 days.
    assert close(lost_f1.tts, 10.0)
    assert close(lost_f1.pi, (14 - 10) * 2 * 3)
    # Both lost: the 20 on hand (a disruption takes capacity, not stock) last 20/12 days.
    lost_both = analyzer.analyse(Scenario.of(network, "both", ttr=14, losses={"f1": 1.0, "f2": 1.0}))
    assert close(lost_both.tts, 20 / 12) and close(lost_both.pi, (14 * 12 - 20) * 3)
    assert analyzer.baseline(14).tts == np.inf
    why = explain(network, Scenario.of(network, "f1", ttr=14, losses={"f1": 1.0}))
    assert why.lost_units.keys() == {"P"} and close(why.lost_units["P"], 8.0)


def test_split_demand_would_overstate_the_impact():
    """The same factories with the demand split 6/6 on the nodes (the old export): losing
    f1 loses its 6/day at once, although f2 could have covered most of it."""
    split = Network.from_arrays(
        ["s", "f1", "f2"], parts=["S", "P", "P"], capacity=[np.inf, 10, 10], inventory=[0, 0, 20],
        demand=[0, 6, 6], profit=[0, 3, 3], edges_from=["s", "s"], edges_to=["f1", "f2"], qty=[1, 1],
    )
    assert Analyzer(split).analyse(Scenario.of(split, "f1", ttr=14, losses={"f1": 1.0})).tts == 0


def bundle() -> Network:
    """Router R (12/day) sold alone (4/day, margin 3) and inside bundle B (8/day, margin 5)."""
    return Network.from_arrays(
        ["r", "b"], parts=["R", "B"], capacity=[12, np.inf], demand=[4, 8], profit=[3, 5],
        edges_from=["r"], edges_to=["b"], qty=[1],
    )


def test_a_product_inside_another_product_serves_both():
    network = bundle()
    analyzer = Analyzer(network)
    assert analyzer.baseline(14).tts == np.inf
    half = analyzer.analyse(Scenario.of(network, "half r", ttr=14, losses={"r": 0.5}))
    # 6 routers/day for 12 needed: the cheapest loss is all 4 sold alone (3 each) and 2
    # bundles (5 each) a day.
    assert half.tts == 0 and close(half.pi, 14 * (4 * 3 + 2 * 5))
    assert close(half.pi, reference_pi(network, Scenario.of(network, "x", ttr=14, losses={"r": 0.5}), 14))


def test_part_demand_in_files(tmp_path):
    folder = write_network(tmp_path / "net", two_factories())
    (folder / "parts.csv").write_text("Part,Demand,Profit\nP,12,3\n")
    network = load_network(folder)
    assert network.fingerprint == two_factories().fingerprint


@st.composite
def shaped_networks(draw):
    """Random networks where some parts with several sources get part-level demand and
    some inner nodes get demand of their own (products that are also inputs)."""
    return reshaped(draw, draw(networks()))


def reshaped(draw, network: Network) -> Network:
    """``network`` with part-level demand drawn on some parts (their nodes' own demand, or a
    fresh amount for inner parts, becomes the part's, shared by its nodes) and demand of
    their own on some inner nodes (products inside other products)."""
    demand = network.demand.copy()
    profit = network.profit.copy()
    part_demand, part_profit = {}, {}
    has_outputs = np.zeros(network.num_nodes, dtype=bool)
    has_outputs[network.edge_from] = True
    for k, name in enumerate(network.part_names):
        members = np.flatnonzero(network.part_of == k)
        if draw(st.integers(0, 2)) == 0:
            # The part's demand: what its nodes asked, or a fresh amount for inner parts.
            total = float(demand[members].sum()) or draw(st.floats(0.5, 20.0))
            part_demand[name] = total
            part_profit[name] = draw(st.floats(0.5, 20.0))
            demand[members] = 0.0
        elif has_outputs[members].any() and draw(st.integers(0, 3)) == 0:
            j = int(members[0])
            demand[j] = draw(st.floats(0.1, 10.0))
            profit[j] = profit[j] or draw(st.floats(0.5, 20.0))
    return Network.from_arrays(
        network.node_ids, parts=[network.part_names[k] for k in network.part_of],
        sites=[network.site_names[k] for k in network.site_of], capacity=network.capacity,
        inventory=network.inventory, demand=demand, profit=profit, ttr=network.ttr,
        edges_from=[network.node_ids[k] for k in network.edge_from],
        edges_to=[network.node_ids[k] for k in network.edge_to], qty=network.edge_qty,
        part_demand=part_demand, part_profit=part_profit,
    )


@SETTINGS
@given(shaped_networks(), st.data())
def test_shaped_networks_match_the_reference(network, data):
    analyzer = Analyzer(network)
    scenarios = node_scenarios(network) + site_scenarios(network)
    nodes = data.draw(st.sets(st.integers(0, network.num_nodes - 1), min_size=1, max_size=3))
    losses = tuple(data.draw(st.sampled_from([1.0, 0.5, 0.25])) for _ in nodes)
    scenarios.append(Scenario(name="custom", ttr=data.draw(st.sampled_from([1.0, 7.0, 30.0])),
                              nodes=tuple(sorted(nodes)), losses=losses))
    for scenario in scenarios:
        result = analyzer.analyse(scenario)
        assert close(result.tts, reference_tts(network, scenario)), (scenario, result)
        assert close(result.pi, reference_pi(network, scenario, scenario.ttr)), (scenario, result)
    assert close(analyzer.baseline(14.0).tts, reference_tts(network))


@pytest.mark.parametrize("region_share", [0.0, 1.0])
def test_every_path_gives_the_same_answer_on_shaped_networks(region_share):
    """Whole-component solves only (0.0) or local regions as large as needed (1.0)."""
    network = _fixed_shaped_network()
    analyzer = Analyzer(network, region_share=region_share, seed_downstream=False)
    for scenario in node_scenarios(network):
        result = analyzer.analyse(scenario)
        assert close(result.tts, reference_tts(network, scenario)), (scenario, result)
        assert close(result.pi, reference_pi(network, scenario, scenario.ttr)), (scenario, result)


def _fixed_shaped_network() -> Network:
    """A seeded random network with part-level demand on every multi-source part and an
    inner product."""
    from steadfast.engine.synthetic import random_network

    base = random_network(5, nodes=40, max_alternatives=3)
    counts = np.bincount(base.part_of)
    part_demand = {base.part_names[k]: 3.0 + k % 5 for k in np.flatnonzero(counts > 1)}
    demand = base.demand.copy()
    demand[np.isin(base.part_of, np.flatnonzero(counts > 1))] = 0.0
    inner = int(base.edge_from[0])
    if counts[base.part_of[inner]] == 1:
        demand[inner] = 2.0
    return Network.from_arrays(
        base.node_ids, parts=[base.part_names[k] for k in base.part_of], capacity=base.capacity,
        inventory=base.inventory, demand=demand, profit=base.profit,
        edges_from=[base.node_ids[k] for k in base.edge_from], edges_to=[base.node_ids[k] for k in base.edge_to],
        qty=base.edge_qty, part_demand=part_demand,
    )
