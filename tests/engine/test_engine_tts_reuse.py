"""The same loss asked at several horizons (an event loss table asks each country's sites once per
hazard): the analyzer solves its TTS once and every answer equals a fresh analyzer's; the runner
keeps such scenarios in one batch so that the worker holding them reuses the TTS."""

from __future__ import annotations

from engine_support import close
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from steadfast.engine import Analyzer, Scenario, analyse
from steadfast.engine.runner import batches
from steadfast.engine.synthetic import random_network


def _losses(network, seed: int, count: int) -> tuple[tuple[int, ...], tuple[float, ...]]:
    nodes = tuple(sorted({(seed * 7 + 3 * k) % network.num_nodes for k in range(count)}))
    return nodes, tuple(1.0 if k % 2 == 0 else 0.5 for k in range(len(nodes)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), nodes=st.integers(6, 40), lost=st.integers(1, 6),
       horizons=st.lists(st.floats(0.5, 200, allow_nan=False), min_size=2, max_size=5, unique=True))
def test_reused_tts_gives_the_fresh_answer_at_every_horizon(seed, nodes, lost, horizons):
    network = random_network(seed, nodes=nodes, tiers=3, max_inputs=2, max_alternatives=2, inventory_share=0.5)
    lost_nodes, losses = _losses(network, seed, lost)
    shared = Analyzer(network)
    for k, ttr in enumerate(horizons):
        scenario = Scenario(name=f"h{k}", ttr=ttr, nodes=lost_nodes, losses=losses)
        reused, fresh = shared.analyse(scenario), Analyzer(network).analyse(scenario)
        assert reused.tts == fresh.tts and close(reused.pi, fresh.pi), (ttr, reused, fresh)
    assert len(shared._tts_kept) == 1  # one loss, one TTS, however many horizons


def test_the_remembered_losses_are_bounded():
    network = random_network(11, nodes=30, tiers=3, max_inputs=2, max_alternatives=2, inventory_share=0.5)
    analyzer = Analyzer(network)
    for node in range(network.num_nodes):
        analyzer.analyse(Scenario(name=f"n{node}", ttr=14, nodes=(node,), losses=(1.0,)))
    assert 0 < len(analyzer._tts_kept) <= 8


def test_batches_keep_one_loss_together_and_deal_the_rest_round_robin():
    same = dict(nodes=(1, 2), losses=(1.0, 1.0))
    scenarios = [Scenario(name="a", ttr=10, **same), Scenario(name="b", ttr=5, nodes=(3,), losses=(1.0,)),
                 Scenario(name="c", ttr=20, **same), Scenario(name="d", ttr=5, nodes=(4,), losses=(1.0,)),
                 Scenario(name="e", ttr=30, **same)]
    assert batches(scenarios, 2) == [[0, 2, 4, 3], [1]]
    assert batches(list(range(5)), 2) == [[0, 2, 4], [1, 3]]  # plain items: one by one, as before
    assert batches(scenarios, 10) == [[0, 2, 4], [1], [3]]


def test_a_run_over_repeated_losses_in_processes_equals_the_run_in_process():
    network = random_network(5, nodes=40, tiers=4, max_inputs=2, max_alternatives=2, inventory_share=0.5)
    scenarios = [Scenario(name=f"{ttr}:{node}", ttr=ttr, nodes=(node,), losses=(1.0,))
                 for node in range(0, network.num_nodes, 3) for ttr in (7.0, 21.0, 60.0)]
    local = analyse(network, scenarios, workers=1).results
    spread = analyse(network, scenarios, workers=2).results
    assert [r.scenario for r in local] == [r.scenario for r in spread]
    for a, b in zip(local, spread):
        assert a.tts == b.tts and close(a.pi, b.pi) and close(a.rei, b.rei)
