"""HiGHS ending without a clear status: the retry recovers (forced iteration and time
limits), and what cannot be recovered fails naming the scenario instead of a number."""

from __future__ import annotations

import numpy as np
import pytest
from engine_support import close

from steadfast.engine import Analyzer, Scenario, reference_pi, reference_tts
from steadfast.engine.highs import OPTIMAL, SolverError, option, solve
from steadfast.engine.lp import build_rate_lp, rate_lp_model
from steadfast.engine.synthetic import random_network


@pytest.fixture
def network():
    return random_network(1, nodes=60)


def _model(network, mode: str):
    lp = build_rate_lp(network, np.flatnonzero(network.reaches_product))
    h = rate_lp_model(lp, mode=mode)
    if mode == "pi":
        h.changeColBounds(lp.r_col, 1 / 60, 1 / 60)
    return h


@pytest.mark.parametrize("mode", ["tts", "pi"])
@pytest.mark.parametrize(("limit", "value"), [("simplex_iteration_limit", 0), ("simplex_iteration_limit", 3),
                                              ("time_limit", 0.0)])
def test_a_run_stopped_by_a_limit_is_solved_again(network, mode, limit, value):
    plain = _model(network, mode)
    assert solve(plain) == OPTIMAL
    expected = plain.getInfo().objective_function_value

    h = _model(network, mode)
    h.setOptionValue(limit, value)
    h.run()
    assert h.getModelStatus() != OPTIMAL  # the limit really stops HiGHS
    h.clearSolver()
    assert solve(h, "test LP") == OPTIMAL
    assert close(h.getInfo().objective_function_value, expected, rel=1e-9)
    assert option(h, limit) == value  # the caller's options are back
    assert option(h, "presolve") == "off"


def test_a_run_that_stays_unclear_raises_naming_what_was_solved(network):
    h = _model(network, "tts")
    h.setOptionValue("objective_bound", -1.0)  # kept by the retry: stops both runs
    with pytest.raises(SolverError, match=r"^test LP: HiGHS ended with status 'Bound on objective reached'"):
        solve(h, "test LP")


def test_the_analyzer_recovers_from_limits_on_its_models(network):
    """Whole-component solves (forced: no local region) on models stopped by an iteration
    limit still give the reference's answer."""
    analyzer = Analyzer(network, region_share=0.0)
    component = int(analyzer.component_of[network.products[0]])
    solver = analyzer.solver(component)
    scenario = Scenario(name="limited", ttr=60.0, nodes=tuple(analyzer._members[component][:3]),
                        losses=(1.0, 1.0, 1.0))
    solver._tts_model.setOptionValue("simplex_iteration_limit", 0)
    solver._pi_h().setOptionValue("simplex_iteration_limit", 0)
    result = analyzer.analyse(scenario)
    assert close(result.tts, reference_tts(network, scenario))
    assert close(result.pi, reference_pi(network, scenario, 60.0))
    assert solver.stats["full"] >= 1


def test_an_unrecoverable_solve_names_the_scenario(network):
    analyzer = Analyzer(network, region_share=0.0)
    component = int(analyzer.component_of[network.products[0]])
    solver = analyzer.solver(component)
    solver._tts_model.setOptionValue("objective_bound", -1.0)
    members = analyzer._members[component]
    # A scenario the lean baseline cannot settle: every node of the component lost.
    scenario = Scenario(name="plant fire", ttr=60.0, nodes=tuple(members), losses=tuple([1.0] * len(members)))
    with pytest.raises(SolverError, match=r"^scenario 'plant fire': hot-started LP: HiGHS ended"):
        analyzer.analyse(scenario)
