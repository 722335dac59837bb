"""Each product's own TTS under a scenario (engine/product_tts.py)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_support import close

from steadfast.engine import Analyzer, Network, Scenario, product_tts, reference_tts


def test_stock_over_demand_is_the_products_tts():
    # Losing the plant leaves the product its own stock: 20 units at 2 a day last 10 days.
    network = Network.from_arrays(["plant", "p"], parts=["PLANT", "P"], sites=["s1", "s2"],
                                  capacity=[np.inf, 10], inventory=[0, 20], demand=[0, 2], profit=[0, 5],
                                  edges_from=["plant"], edges_to=["p"], qty=[1])
    scenario = Scenario.of(network, "fire", ttr=14, losses={"plant": 1.0})
    assert product_tts(network, scenario) == {"p": pytest.approx(10.0)}


def test_each_product_may_take_the_shared_stock_first():
    # 30 units of a lost input feed p (2 a day) and q (1 a day): together they last 10 days,
    # p alone 15 days, q alone 30 days.
    network = Network.from_arrays(["r", "p", "q"], parts=["R", "P", "Q"], sites=["s1", "s2", "s2"],
                                  capacity=[5, 10, 10], inventory=[30, 0, 0], demand=[0, 2, 1], profit=[0, 3, 1],
                                  edges_from=["r", "r"], edges_to=["p", "q"], qty=[1, 1])
    scenario = Scenario.of(network, "r", ttr=20, losses={"r": 1.0})
    own = product_tts(network, scenario)
    assert own == {"p": pytest.approx(15.0), "q": pytest.approx(30.0)}
    assert Analyzer(network).analyse(scenario).tts == pytest.approx(10.0)
    assert product_tts(network, scenario, products=["q"]) == {"q": pytest.approx(30.0)}


def test_unbounded_and_never(small_network):
    # Losing a2 changes nothing (a covers A): every product of the component survives indefinitely.
    own = product_tts(small_network, Scenario.of(small_network, "a2", ttr=14, losses={"a2": 1.0}))
    assert own == {"p": np.inf, "q": np.inf}
    # Losing p itself, with no stock, leaves p nothing from day one.
    bare = replace(small_network, inventory=np.zeros(small_network.num_nodes))
    assert product_tts(bare, Scenario.of(bare, "p", ttr=14, losses={"p": 1.0}))["p"] == 0.0


@pytest.mark.parametrize("lost", [{"a": 1.0}, {"a": 0.5, "b": 0.5}, {"b": 1.0}, {"a": 1.0, "a2": 0.6}])
def test_equals_the_reference_tts_with_only_that_demand(small_network, lost):
    """A product's own TTS is the scenario TTS of the same network asking for that product alone."""
    scenario = Scenario.of(small_network, "x", ttr=14, losses=lost)
    own = product_tts(small_network, scenario)
    for product, tts in own.items():
        k = small_network.index_of(product)
        alone = np.where(np.arange(small_network.num_nodes) == k, small_network.demand, 0.0)
        only = Network.from_arrays(
            list(small_network.node_ids), parts=[small_network.part_names[i] for i in small_network.part_of],
            sites=[small_network.site_names[i] for i in small_network.site_of], capacity=small_network.capacity,
            inventory=small_network.inventory, demand=alone, profit=small_network.profit, ttr=small_network.ttr,
            edges_from=[small_network.node_ids[i] for i in small_network.edge_from],
            edges_to=[small_network.node_ids[i] for i in small_network.edge_to], qty=small_network.edge_qty)
        assert close(tts, reference_tts(only, Scenario.of(only, "x", ttr=14, losses=lost))), product
        assert tts >= Analyzer(small_network).analyse(scenario).tts * (1 - 1e-9)


def test_a_parts_demand_counts_every_node_of_the_part():
    # Part P (3 a day, any of p1, p2) has 10 units on hand at p1; losing both inputs leaves those
    # 10 units: 3.33 days. q, fed by the lost r1 and holding nothing, has none.
    network = Network.from_arrays(["r1", "r2", "p1", "p2", "q"], parts=["R1", "R2", "P", "P", "Q"],
                                  sites=["a", "b", "c", "c", "c"], capacity=[2, 2, 5, 5, 5], inventory=[0, 0, 10, 0, 0],
                                  demand=[0, 0, 0, 0, 1], profit=[0, 0, 0, 0, 1], edges_from=["r1", "r2", "r1"],
                                  edges_to=["p1", "p2", "q"], qty=[1, 1, 1], part_demand={"P": 3}, part_profit={"P": 2})
    scenario = Scenario.of(network, "both", ttr=7, losses={"r1": 1.0, "r2": 1.0})
    assert product_tts(network, scenario) == {"P": pytest.approx(10 / 3), "q": 0.0}
    # losing r1 alone: p2 makes 2 a day of the 3, the 10 on hand cover the gap of 1 for 10 days
    assert product_tts(network, Scenario.of(network, "r1", ttr=7, losses={"r1": 1.0}))["P"] == pytest.approx(10.0)
