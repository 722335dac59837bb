"""``steadfast mitigate`` and ``steadfast.engine.mitigate``: a hand-checked plan, the end-to-end
property (analyze finds none of the chosen scenarios at risk afterwards), scenarios beyond
saving, and every bad-input message."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from engine_support import close, write_network

from steadfast.engine import Scenario, analyse, load_network, mitigate, node_scenarios
from steadfast.engine.cli import main as analyze_main
from steadfast.engine.lp import build_rate_lp
from steadfast.engine.mitigation import CANNOT_BE_SAVED, PLAN_MARGIN, SAVED, SURVIVES, default_holding_cost
from steadfast.engine.mitigation_cli import main
from steadfast.engine.mitigation_reference import naive_mitigation
from steadfast.engine.mitigation_stock import stock_incidence
from steadfast.engine.model import Network, NetworkError


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(path.open(encoding="utf-8")))


def test_hand_checked_plan(small_network):
    """Node scenarios of the small network (a2 survives alone; b, its ttr 30, is the
    binding one). Without B for 30 days: p needs 6 x 30 = 180 and holds 10; q needs 60 and
    b's own 5 units of B go furthest there (1 per q, against 2 per p). So p gets 170 and q
    55 more, at their margins 3 and 2: 510 + 110 = 620, which also covers a, p and q."""
    result = mitigate(small_network, node_scenarios(small_network), workers=1)
    plan = {node: (extra, cost) for node, extra, cost in result.plan}
    assert set(plan) == {"p", "q"}
    assert close(plan["p"][0], 170 * (1 + PLAN_MARGIN)) and close(plan["p"][1], 510 * (1 + PLAN_MARGIN))
    assert close(plan["q"][0], 55 * (1 + PLAN_MARGIN))
    assert close(result.total_cost, 620, rel=1e-5)
    assert result.gap <= 1e-6 and result.verified
    status = {o.scenario: o.status for o in result.outcomes}
    assert status == {"a": SAVED, "a2": SURVIVES, "b": SAVED, "p": SAVED, "q": SAVED}
    after = {o.scenario: o.tts_after for o in result.outcomes}
    assert after["b"] >= 30 and after["q"] >= 14
    assert np.array_equal(result.network.inventory - small_network.inventory, result.extra)


def test_shared_part_demand_and_a_product_inside_another():
    """P's 12/day belong to the part, made in f1 and f2 (10/day each; f2 holds 20). Without
    f1 for 14 days f2 makes 140 of the 168 needed and its 20 on hand cover 20 more: 8 units
    short, at P's margin 3, wherever they are held. Split 6/6 on the nodes (the old
    export) the plan would be 14 x 6 = 84 at f1. The router r (12/day) is sold alone (4/day)
    and inside bundle b (8/day): at half capacity for 14 days r falls 84 short of what both
    need; stock of r (margin 5, its best use, in the bundle) covers both demands. The naive
    monolithic LP, which follows the same model, agrees."""
    factories = Network.from_arrays(
        ["s", "f1", "f2"], parts=["S", "P", "P"], capacity=[np.inf, 10, 10], inventory=[0, 0, 20],
        edges_from=["s", "s"], edges_to=["f1", "f2"], qty=[1, 1], part_demand={"P": 12}, part_profit={"P": 3})
    lost_f1 = Scenario.of(factories, "f1", ttr=14, losses={"f1": 1.0})
    result = mitigate(factories, [lost_f1], workers=1)
    horizon = 14 * (1 + PLAN_MARGIN)
    assert close(sum(extra for _, extra, _ in result.plan), 2 * horizon - 20)
    assert close(result.total_cost, 3 * (2 * horizon - 20)) and result.verified
    assert close(naive_mitigation(factories, [lost_f1], [horizon], default_holding_cost(factories)),
                 result.total_cost)
    bundle = Network.from_arrays(
        ["r", "b"], parts=["R", "B"], capacity=[12, np.inf], demand=[4, 8], profit=[3, 5],
        edges_from=["r"], edges_to=["b"], qty=[1])
    half_r = Scenario.of(bundle, "half r", ttr=14, losses={"r": 0.5})
    result = mitigate(bundle, [half_r], workers=1)
    assert {node for node, _, _ in result.plan} <= {"r", "b"}
    assert close(sum(extra for _, extra, _ in result.plan), 6 * horizon)
    cost = default_holding_cost(bundle)
    assert list(cost) == [5.0, 5.0]
    assert close(result.total_cost, 5 * 6 * horizon) and result.verified
    assert close(naive_mitigation(bundle, [half_r], [horizon], cost), result.total_cost)


def test_default_holding_cost_is_the_margin_a_unit_carries(small_network):
    cost = dict(zip(small_network.node_ids, default_holding_cost(small_network)))
    # p and q: their profit; A feeds p (1 per unit, 3) and q (1, 2): 3 at its best use;
    # B goes 2 per p (3 / 2 = 1.5) and 1 per q (2): 2.
    assert cost == {"a": 3.0, "a2": 3.0, "b": 2.0, "p": 3.0, "q": 2.0}


def test_stock_incidence_matches_the_rate_lp(small_network):
    nodes = np.flatnonzero(small_network.reaches_product)
    lp = build_rate_lp(small_network, nodes)
    stock = stock_incidence(small_network, lp)
    r_column = lp.matrix[:, [lp.r_col]].toarray().ravel()
    assert np.allclose(stock @ small_network.inventory[nodes], r_column)
    # One row per node (its flow row, or a product's demand row), a2 included though its
    # stock is 0 and leaves no entry in the r column.
    assert np.diff(stock.indptr).tolist() == [1, 1, 1, 1, 1]


def sole_source_network() -> Network:
    """Product p is made to order from part A (sole source a, 10 units of stock); product q
    has two sources of its input B."""
    return Network.from_arrays(
        ["a", "b1", "b2", "p", "q"],
        parts=["A", "B", "B", "P", "Q"],
        capacity=[5, 4, 4, 5, 5],
        inventory=[10, 0, 0, 0, 0],
        demand=[0, 0, 0, 4, 3],
        profit=[1, 1, 1, 10, 4],
        edges_from=["a", "b1", "b2"],
        edges_to=["p", "q", "q"],
    )


def test_a_scenario_beyond_saving_is_reported_and_the_rest_planned():
    network = sole_source_network()
    # Products cannot be stocked; A at most 20 more units: a down for 30 days needs
    # 4 x 30 = 120 units of A, there are 10 + 20.
    max_extra = np.array([20.0, np.inf, np.inf, 0.0, 0.0])
    scenarios = [Scenario.of(network, "a-fire", ttr=30, losses={"a": 1.0}),
                 Scenario.of(network, "b1-flood", ttr=30, losses={"b1": 1.0})]
    result = mitigate(network, scenarios, max_extra=max_extra, workers=1)
    assert result.cannot_be_saved == ["a-fire"]
    # b1 down: b2 makes 4 of the 3 needed per day: nothing to buy.
    assert {o.scenario: o.status for o in result.outcomes} == {"a-fire": CANNOT_BE_SAVED, "b1-flood": SURVIVES}
    b2 = Scenario.of(network, "b-both", ttr=10, losses={"b1": 1.0, "b2": 0.5})
    result = mitigate(network, [scenarios[0], b2], max_extra=max_extra, workers=1)
    assert result.cannot_be_saved == ["a-fire"]
    # b-both: q gets 2 of B a day for 10 days, 10 short: B stock at b1 or b2, at B's
    # default cost (q's margin 4 per unit): 40.
    assert close(result.total_cost, 40, rel=1e-5)
    assert result.verified


def write_costs(folder: Path, text: str) -> Path:
    path = folder / "costs.csv"
    path.write_text(text)
    return path


def test_cli_end_to_end_analyze_finds_nothing_at_risk(capsys, tmp_path):
    from steadfast.engine.synthetic import random_network

    network = random_network(11, nodes=40, tiers=4, max_alternatives=2, inventory_share=0.5)
    source = write_network(tmp_path / "net", network)
    out = tmp_path / "mitigated"
    code, text, err = run(capsys, source, "--ttr", "30", "--all-sites", "--rei-above", "0.05", "--out", out)
    assert code == 0, err
    assert "total cost:" in text and "gap" in text
    assert "analyse" in err and "round 1" in err  # progress on stderr
    plan = read_csv(out / "plan.csv")
    assert plan[-1]["node"] == "(total)"
    total = float(plan[-1]["cost"])
    assert total > 0 and close(sum(float(r["cost"]) for r in plan[:-1]), total, rel=1e-8)
    outcomes = read_csv(out / "plan_scenarios.csv")
    chosen = {r["scenario"] for r in outcomes}
    assert chosen and any(r["status"] == SAVED for r in outcomes)
    assert analyze_main([str(out), "--all-sites", "--ttr", "30"]) == 0
    analysed = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["scenario"] for r in analysed if r["scenario"] in chosen and r["at_risk"] == "true"] == []
    # ...while before the plan they were at risk, and the mitigated folder keeps the rest.
    assert analyze_main([str(source), "--all-sites", "--ttr", "30"]) == 0
    before = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert any(r["scenario"] in chosen and r["at_risk"] == "true" for r in before)
    assert (out / "edges.csv").read_text() == (source / "edges.csv").read_text()
    mitigated = load_network(out)
    extra = mitigated.inventory - network.inventory
    assert np.all(extra >= 0)
    assert {network.node_ids[k] for k in np.flatnonzero(extra)} == {r["node"] for r in plan[:-1]}


def test_cli_costs_file_and_unsaveable_scenario(capsys, tmp_path):
    source = write_network(tmp_path / "net", sole_source_network())
    costs = write_costs(tmp_path, "part,cost,max_extra\nP,1,0\nQ,1,0\nA,2.5,20\nB,1,\n")
    scenarios = tmp_path / "scenarios.csv"
    scenarios.write_text("scenario,node,ttr\na-fire,a,30\nb-both,b1,10\nb-both,b2,10\n")
    out = tmp_path / "out"
    code, text, _ = run(capsys, source, "--ttr", "14", "--scenarios", scenarios, "--costs", costs, "--out", out)
    assert code == 0
    assert "cannot be saved: a-fire" in text
    rows = {r["scenario"]: r for r in read_csv(out / "plan_scenarios.csv")}
    assert rows["a-fire"]["status"] == CANNOT_BE_SAVED and rows["b-both"]["status"] == SAVED
    plan = read_csv(out / "plan.csv")
    # b-both loses all of B for 10 days: q needs 30 units of B at cost 1.
    assert close(float(plan[-1]["cost"]), 30, rel=1e-5)


@pytest.mark.parametrize(
    ("costs", "message"),
    [
        ("part,cost\nP,1\nZZ,2\n", "costs.csv, line 3, column 'part': unknown part 'ZZ'"),
        ("part,cost\nP,-1\n", "costs.csv, line 2, column 'cost': cost must be >= 0, got '-1'"),
        ("part,cost\nP,cheap\n", "costs.csv, line 2, column 'cost': cost must be a number, got 'cheap'"),
        ("part,cost\nP,1\nP,2\n", "costs.csv, line 3, column 'part': part 'P' appears twice (first on line 2)"),
        ("part,cost\nP,\n", "costs.csv, line 2, column 'cost': cost is required"),
        ("part,price\nP,1\n", "costs.csv, column 'cost': required column 'cost' is missing"),
        ("part,cost,max_extra\nP,1,-5\n", "costs.csv, line 2, column 'max_extra': max_extra must be >= 0"),
    ],
)
def test_bad_costs_file(capsys, tmp_path, costs, message):
    source = write_network(tmp_path / "net", sole_source_network())
    path = write_costs(tmp_path, costs)
    out = tmp_path / "out"
    code, _, err = run(capsys, source, "--ttr", "14", "--all-nodes", "--costs", path, "--out", out)
    assert code == 1
    assert message in err.replace(str(tmp_path) + "/", "")
    assert not out.exists()  # nothing written


def test_bad_arguments(capsys, tmp_path):
    source = write_network(tmp_path / "net", sole_source_network())
    for argv, message in [
        ((source, "--ttr", "-3", "--all-nodes", "--out", tmp_path / "o"), "must be a positive number: '-3'"),
        ((source, "--ttr", "14", "--out", tmp_path / "o"), "one of the arguments --all-nodes --all-sites --scenarios"),
        ((source, "--ttr", "14", "--all-nodes", "--out", source), "--out must be another folder"),
        ((source, "--ttr", "14", "--all-nodes", "--rei-above", "2", "--out", tmp_path / "o"), "must be in [0, 1]"),
    ]:
        with pytest.raises(SystemExit) as exit_info:
            run(capsys, *argv)
        assert exit_info.value.code == 2
        assert message in capsys.readouterr().err
    missing = tmp_path / "nope.csv"
    code, _, err = run(capsys, source, "--ttr", "14", "--costs", missing, "--all-nodes", "--out", tmp_path / "o")
    assert code == 1 and f"{missing}: required file is missing" in err
    bad = tmp_path / "bad.csv"
    bad.write_text("scenario,node\nx,nowhere\n")
    code, _, err = run(capsys, source, "--ttr", "14", "--scenarios", bad, "--out", tmp_path / "o")
    assert code == 1 and "bad.csv, line 2, column 'node': unknown node 'nowhere'" in err


def test_python_api_checks_its_arrays(small_network):
    from steadfast.engine import NetworkError

    with pytest.raises(NetworkError, match="unit_cost has 2 values for 5 nodes"):
        mitigate(small_network, node_scenarios(small_network), unit_cost=[1, 2])
    with pytest.raises(NetworkError, match="max_extra of node 'b' must be a non-negative number"):
        mitigate(small_network, node_scenarios(small_network), max_extra=[1, 1, -1, 1, 1])
    with pytest.raises(NetworkError, match="scenario 'x' names a node index outside 0..4"):
        mitigate(small_network, [Scenario(name="x", ttr=5, nodes=(7,), losses=(1.0,))])
    with pytest.raises(NetworkError, match="scenario names must be unique"):
        mitigate(small_network, node_scenarios(small_network) * 2)


def test_worker_processes_give_the_same_plan():
    from steadfast.engine.synthetic import random_network

    network = random_network(5, nodes=30, tiers=3, max_alternatives=2, inventory_share=0.5)
    scenarios = node_scenarios(network, default_ttr=45)
    one = mitigate(network, scenarios, workers=1)
    two = mitigate(network, scenarios, workers=2)
    assert one.total_cost > 0 and one.iterations > 1
    assert two.iterations == one.iterations and two.cuts == one.cuts
    assert np.allclose(two.extra, one.extra, rtol=1e-12, atol=0)
    assert two.stats == one.stats


def test_results_at_hand_replace_the_first_analysis(small_network):
    """``before`` (as the REI choice passes it) gives the same plan as analysing again; a
    result missing for a scenario, or for another ttr, is refused by name."""
    scenarios = node_scenarios(small_network)
    analysis = analyse(small_network, scenarios, workers=1).results
    fresh = mitigate(small_network, scenarios, workers=1)
    reused = mitigate(small_network, scenarios, workers=1, before=analysis)
    assert np.array_equal(reused.extra, fresh.extra) and reused.outcomes == fresh.outcomes
    with pytest.raises(NetworkError, match="'before' holds no result for scenario 'q' with ttr 14"):
        mitigate(small_network, scenarios, workers=1, before=[r for r in analysis if r.scenario != "q"])
    other_ttr = [replace(r, ttr=r.ttr + 1) for r in analysis]
    with pytest.raises(NetworkError, match="'before' holds no result for scenario 'a'"):
        mitigate(small_network, scenarios, workers=1, before=other_ttr)


def test_master_retry_path_runs_and_fails_clearly():
    """A master solve that ends without an optimum is retried cold, then with primal
    simplex; an iteration limit of 0 defeats both, which must end in a clear error."""
    from steadfast.engine.highs import SolverError, new_highs
    from steadfast.engine.mitigation import _solve_master

    master = new_highs()
    master.setOptionValue("presolve", "off")  # as in the optimiser (presolve would solve it)
    master.addVars(2, np.zeros(2), np.full(2, 1e30))
    master.changeColsCost(2, np.arange(2, dtype=np.int32), np.array([1.0, 2.0]))
    master.addRow(3.0, 1e30, 2, np.arange(2, dtype=np.int32), np.array([1.0, 1.0]))
    master.setOptionValue("simplex_iteration_limit", 0)
    with pytest.raises(SolverError, match="mitigation master LP ended 'Iteration limit reached'"):
        _solve_master(master)
    master.setOptionValue("simplex_iteration_limit", 1000)
    _solve_master(master)
    assert np.allclose(master.getSolution().col_value, [3.0, 0.0])


def test_part_level_demand_plans_as_node_level_demand(small_network):
    """The map's export puts a product's demand on its part (parts.csv), not on a node: the same
    network written that way gets the same holding costs and the same plan (cost 620)."""
    n = small_network
    as_parts = Network.from_arrays(
        list(n.node_ids), parts=[n.part_names[k] for k in n.part_of], sites=[n.site_names[k] for k in n.site_of],
        capacity=n.capacity, inventory=n.inventory, demand=[0.0] * n.num_nodes, profit=[0.0] * n.num_nodes,
        ttr=n.ttr, edges_from=[n.node_ids[k] for k in n.edge_from], edges_to=[n.node_ids[k] for k in n.edge_to],
        qty=n.edge_qty, part_demand={"P": 6, "Q": 2}, part_profit={"P": 3, "Q": 2},
    )
    assert list(default_holding_cost(as_parts)) == list(default_holding_cost(n))
    node_level = mitigate(n, node_scenarios(n), workers=1)
    part_level = mitigate(as_parts, node_scenarios(as_parts), workers=1)
    assert part_level.total_cost == pytest.approx(node_level.total_cost, rel=1e-9) and part_level.total_cost > 0
    assert part_level.verified
