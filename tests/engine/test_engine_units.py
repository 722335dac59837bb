"""Exact in any units: metamorphic tests (scaling, per-part units, relabelling, reordering,
splitting a node in two) and the fast solver against the naive reference on networks
whose values span 1e-6..1e6. docs/model.md, "Exact in any units", states the guarantee."""

from __future__ import annotations

import csv
import math

import numpy as np
from engine_support import close, rebuild
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from test_engine_exactness import network_and_scenarios, networks

from steadfast.engine import (
    Analyzer,
    Network,
    Scenario,
    explain,
    load_network,
    node_scenarios,
    reference_pi,
    reference_tts,
    save_network,
    site_scenarios,
)
from steadfast.engine.highs import SolverError

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EXACT = 1e-9  # the guarantee: TTS unchanged and PI scaled, to this relative difference

factors = st.floats(-6.0, 6.0).map(lambda exponent: 10.0**exponent)


def same(a: float, b: float, rel: float = EXACT) -> bool:
    """Equal to ``rel`` relative (no absolute floor: values may be tiny); infinities match."""
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= rel * max(abs(a), abs(b))


def in_units(network: Network, part_factor: np.ndarray, profit_factor: float) -> Network:
    """The same business counted in other units: part k counted in units ``1/part_factor[k]``
    as large (quantities of k times the factor), money times ``profit_factor``."""
    node_factor = part_factor[network.part_of]
    return rebuild(
        network,
        capacity=network.capacity * node_factor,
        inventory=network.inventory * node_factor,
        demand=network.demand * node_factor,
        profit=network.profit / node_factor * profit_factor,
        qty=network.edge_qty * node_factor[network.edge_from] / node_factor[network.edge_to],
    )


def results(network: Network, scenarios: list[Scenario]):
    analyzer = Analyzer(network)
    return [analyzer.analyse(s) for s in scenarios]


def all_scenarios(network: Network) -> list[Scenario]:
    return node_scenarios(network) + site_scenarios(network)


@SETTINGS
@given(networks(), factors, factors)
def test_scaling_every_quantity_and_profit(network, quantity, money):
    """Capacities, stocks and demands times one factor, profits per unit times another:
    TTS is unchanged and PI (hence REI's numerator) scales by quantity x money."""
    scaled = rebuild(network, capacity=network.capacity * quantity, inventory=network.inventory * quantity,
                     demand=network.demand * quantity, profit=network.profit * money)
    scenarios = all_scenarios(network)
    for before, after in zip(results(network, scenarios), results(scaled, scenarios)):
        assert same(after.tts, before.tts), (before, after)
        assert same(after.pi, before.pi * quantity * money), (before, after)


@SETTINGS
@given(networks(), st.data())
def test_each_part_in_its_own_units(network, data):
    """A mix of tiny and huge values in one network: every part counted in its own unit
    (one part in millions, the next in millionths), BOM quantities following."""
    part_factor = np.array([data.draw(factors) for _ in network.part_names])
    money = data.draw(factors)
    scaled = in_units(network, part_factor, money)
    scenarios = all_scenarios(network)
    for before, after in zip(results(network, scenarios), results(scaled, scenarios)):
        assert same(after.tts, before.tts), (before, after)
        assert same(after.pi, before.pi * money), (before, after)


@st.composite
def wide_network_and_scenarios(draw):
    """Random networks whose values span 1e-6..1e6 (parts in random units)."""
    network, scenarios = draw(network_and_scenarios())
    part_factor = np.array([draw(factors) for _ in network.part_names])
    return in_units(network, part_factor, draw(factors)), scenarios


@SETTINGS
@given(wide_network_and_scenarios())
def test_fast_solver_matches_the_reference_across_the_whole_range(case):
    network, scenarios = case
    analyzer = Analyzer(network)
    for scenario in [*scenarios, *node_scenarios(network)]:
        result = analyzer.analyse(scenario)
        try:
            expected_tts = reference_tts(network, scenario)
            expected_pi = reference_pi(network, scenario, scenario.ttr)
        except SolverError:
            # The naive reference solves in the raw units: across twelve orders of magnitude
            # HiGHS can call even its trivially feasible LP infeasible (seen: seed
            # 153424022290088307163601667343792179844). No reference answer, nothing to compare.
            reject()
        assert close(result.tts, expected_tts), (scenario, result, expected_tts)
        assert same(result.pi, expected_pi, 1e-6) or abs(result.pi - expected_pi) <= 1e-9 * _pi_scale(network, scenario)


def _pi_scale(network: Network, scenario: Scenario) -> float:
    """The largest PI the scenario could have (all demand lost): the natural size of PI."""
    return float(np.sum(network.demand * network.profit)) * scenario.ttr


@SETTINGS
@given(networks(), st.randoms(use_true_random=False))
def test_relabelling_and_reordering_change_nothing(network, rng):
    """Nodes renamed, node rows and edge rows shuffled: the same results per scenario."""
    order = list(range(network.num_nodes))
    rng.shuffle(order)
    renamed = {node_id: f"n{rng.randrange(10**9)}-{k}" for k, node_id in enumerate(network.node_ids)}
    edges = list(range(network.num_edges))
    rng.shuffle(edges)
    shuffled = Network.from_arrays(
        [renamed[network.node_ids[k]] for k in order],
        parts=[network.part_names[network.part_of[k]] for k in order],
        sites=[network.site_names[network.site_of[k]] for k in order],
        capacity=network.capacity[order], inventory=network.inventory[order], demand=network.demand[order],
        profit=network.profit[order], ttr=network.ttr[order],
        edges_from=[renamed[network.node_ids[network.edge_from[e]]] for e in edges],
        edges_to=[renamed[network.node_ids[network.edge_to[e]]] for e in edges],
        qty=network.edge_qty[edges],
    )
    scenarios = all_scenarios(network)
    moved = [Scenario.of(shuffled, s.name, ttr=s.ttr,
                         losses={renamed[network.node_ids[k]]: f for k, f in zip(s.nodes, s.losses)})
             for s in scenarios]
    for before, after in zip(results(network, scenarios), results(shuffled, moved)):
        assert same(after.tts, before.tts), (before, after)
        assert same(after.pi, before.pi) or abs(after.pi - before.pi) <= 1e-12 * max(1.0, before.pi)


def split_node(network: Network, k: int) -> Network:
    """Node k replaced by two identical halves (half its capacity, stock and demand), each
    taking the same inputs and feeding the same consumers as alternatives."""
    half = f"{network.node_ids[k]}~2"
    ids = [*network.node_ids, half]

    def halved(values):
        values = np.asarray(values, dtype=float).copy()
        values[k] = values[k] / 2
        return np.append(values, values[k])

    edges_from = [network.node_ids[e] for e in network.edge_from]
    edges_to = [network.node_ids[e] for e in network.edge_to]
    qty = list(network.edge_qty)
    for e in range(network.num_edges):
        if network.edge_to[e] == k:
            edges_from.append(edges_from[e]), edges_to.append(half), qty.append(qty[e])
        if network.edge_from[e] == k:
            edges_from.append(half), edges_to.append(edges_to[e]), qty.append(qty[e])
    return Network.from_arrays(
        ids,
        parts=[*(network.part_names[p] for p in network.part_of), network.part_names[network.part_of[k]]],
        sites=[*(network.site_names[s] for s in network.site_of), network.site_names[network.site_of[k]]],
        capacity=halved(network.capacity), inventory=halved(network.inventory), demand=halved(network.demand),
        profit=np.append(network.profit, network.profit[k]), ttr=np.append(network.ttr, network.ttr[k]),
        edges_from=edges_from, edges_to=edges_to, qty=qty,
    )


@SETTINGS
@given(network_and_scenarios(), st.data())
def test_splitting_a_node_into_two_identical_halves(case, data):
    """Two half-size copies of a node are the node: losing both is losing it."""
    network, scenarios = case
    k = data.draw(st.integers(0, network.num_nodes - 1))
    split = split_node(network, k)
    half = split.num_nodes - 1

    def with_half(s: Scenario) -> Scenario:
        losses = dict(zip(s.nodes, s.losses))
        if k in losses:
            losses[half] = losses[k]
        nodes = tuple(sorted(losses))
        return Scenario(name=s.name, ttr=s.ttr, nodes=nodes, losses=tuple(losses[j] for j in nodes))

    cases = [*scenarios, *node_scenarios(network)]
    for before, after in zip(results(network, cases), results(split, [with_half(s) for s in cases])):
        assert close(after.tts, before.tts), (before, after)
        assert close(after.pi, before.pi), (before, after)


@SETTINGS
@given(network_and_scenarios(), factors)
def test_explanations_follow_the_units(case, quantity):
    network, scenarios = case
    scaled = rebuild(network, capacity=network.capacity * quantity, inventory=network.inventory * quantity,
                     demand=network.demand * quantity)
    for scenario in scenarios:
        before, after = explain(network, scenario), explain(scaled, scenario)
        assert before.lost_units.keys() == after.lost_units.keys()
        for product, units in before.lost_units.items():
            assert same(after.lost_units[product], units * quantity)
        assert (before.capacity_bottlenecks, before.inventory_exhausted) == (
            after.capacity_bottlenecks, after.inventory_exhausted)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(network=networks(), rng=st.randoms(use_true_random=False))
def test_shuffled_files_give_the_same_results(network, rng, tmp_path_factory):
    """The network written out, then every file's rows and columns shuffled: the same
    results per scenario when read back."""
    folder = save_network(network, tmp_path_factory.mktemp("net"))
    for name in ("nodes.csv", "edges.csv"):
        header, *rows = list(csv.reader((folder / name).open()))
        columns = list(range(len(header)))
        rng.shuffle(columns)
        rng.shuffle(rows)
        with (folder / name).open("w", newline="") as handle:
            csv.writer(handle).writerows([[line[k] for k in columns] for line in [header, *rows]])
    shuffled = load_network(folder)
    scenarios = all_scenarios(network)
    moved = [Scenario.of(shuffled, s.name, ttr=s.ttr, losses={network.node_ids[k]: f for k, f in zip(s.nodes, s.losses)})
             for s in scenarios]
    for before, after in zip(results(network, scenarios), results(shuffled, moved)):
        assert same(after.tts, before.tts), (before, after)
        assert same(after.pi, before.pi) or abs(after.pi - before.pi) <= 1e-12 * max(1.0, before.pi)
