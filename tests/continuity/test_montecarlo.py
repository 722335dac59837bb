"""INFORM calibration, the Monte Carlo year loss table, and `steadfast continuity montecarlo`."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.continuity import hazards
from steadfast.continuity.montecarlo import simulate


def test_rate_from_score_is_a_factor_of_ten_per_five_points():
    assert hazards.rate_from_score(10, 0.05) == pytest.approx(0.05)
    assert hazards.rate_from_score(5, 0.05) == pytest.approx(0.005)
    assert hazards.rate_from_score(0.1, 1.0) == pytest.approx(10 ** (-9.9 / 5))
    assert hazards.rate_from_score(0, 1.0) == 0
    with pytest.raises(ValueError):
        hazards.rate_from_score(11, 1.0)


def test_country_rates_follow_the_inform_file():
    """Read the shipped INFORM rows independently and check every hazard's rate for a few countries."""
    with (hazards.DATA / "inform_latest.csv").open() as handle:
        rows = {r["iso3"]: r for r in csv.DictReader(handle)}
    with (hazards.DATA / "inform_conflict.csv").open() as handle:
        conflict = {}
        for r in csv.DictReader(handle):
            if r["conflict_score"] and int(r["year"]) >= conflict.get(r["iso3"], (0, 0))[0]:
                conflict[r["iso3"]] = (int(r["year"]), float(r["conflict_score"]))
    for alpha2, alpha3 in (("JP", "JPN"), ("TH", "THA"), ("DE", "DEU"), ("UA", "UKR")):
        row = rows[alpha3]
        expected = {
            "earthquake": hazards.rate_from_score(float(row["risk_earthquake"]), 0.05),
            "flood": hazards.rate_from_score(max(float(row["risk_flood_river"]), float(row["risk_flood_coastal"])), 0.10),
            "storm": hazards.rate_from_score(float(row["risk_tropical_cyclone"]), 0.10),
            "epidemic": hazards.rate_from_score(float(row["risk_epidemic"]), 0.05),
            "conflict": hazards.rate_from_score(conflict[alpha3][1], 0.20),
        }
        assert hazards.country_rates(alpha2) == pytest.approx(expected)
    # the ordering the indicators imply: Japan shakes more than Germany, Thailand floods more than Germany
    assert hazards.country_rates("JP")["earthquake"] > 10 * hazards.country_rates("DE")["earthquake"]
    assert hazards.country_rates("TH")["flood"] > hazards.country_rates("DE")["flood"]
    assert hazards.country_rates("UA")["conflict"] > hazards.country_rates("DE")["conflict"]
    assert hazards.country_rates("TW") == {}  # INFORM does not score Taiwan


def test_cyber_rate_rises_with_residual_risk_and_open_kev_findings():
    low = hazards.cyber_rate(residual_risk=0, open_kev_findings=0)
    assert low == pytest.approx(hazards.CYBER_BASE_RATE)
    assert hazards.cyber_rate(residual_risk=100, open_kev_findings=0) == pytest.approx(5 * low)
    assert hazards.cyber_rate(residual_risk=0, open_kev_findings=2) == pytest.approx(2 * low)
    assert hazards.cyber_rate(residual_risk=0, open_kev_findings=50) == hazards.cyber_rate(residual_risk=0, open_kev_findings=10)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_aal_agrees_with_the_sum_of_rate_times_loss(seed):
    rng = np.random.default_rng(100 + seed)
    rates = rng.uniform(0.001, 0.3, size=400)
    losses = rng.lognormal(10, 1.5, size=400)
    table = simulate(rates, losses, years=50_000, seed=seed)
    expected = float((rates * losses).sum())
    assert abs(table.aal - expected) <= 3 * table.aal_se
    assert table.aal_se > 0
    # the contributions add up to the AAL; the OEP never exceeds the AEP
    assert table.contribution().sum() == pytest.approx(table.aal)
    assert (table.max_occurrence <= table.annual_loss + 1e-9).all()
    assert table.var(0.99) >= table.var(0.95) and table.tvar(0.99) >= table.var(0.99)


def test_same_seed_same_years_other_seed_other_years():
    rates, losses = np.array([0.2, 0.05, 0.5]), np.array([100.0, 1000.0, 10.0])
    a, b = simulate(rates, losses, years=1000, seed=7), simulate(rates, losses, years=1000, seed=7)
    assert np.array_equal(a.annual_loss, b.annual_loss)
    assert not np.array_equal(a.annual_loss, simulate(rates, losses, years=1000, seed=8).annual_loss)


def test_montecarlo_cli_on_the_map(small_map):
    def run(*args):
        out = io.StringIO()
        call_command("continuity", "montecarlo", *args, "--json", stdout=out, stderr=io.StringIO())
        return json.loads(out.getvalue())

    first = run("--years", "20000", "--seed", "5")
    assert set(first) >= {"years", "aal", "aal_se", "var", "tvar", "events"}
    assert set(first["var"]) == set(first["tvar"]) == {"0.95", "0.99", "0.995"}
    assert first["years"] == 20000
    events = {e["id"]: e for e in first["events"]}
    assert events["cyber:KOBE"]["loss"] == pytest.approx(5_000) and events["earthquake:JP"]["loss"] == pytest.approx(20_500)
    assert all(set(e) >= {"id", "hazard", "rate", "loss"} for e in first["events"])
    expected = sum(e["rate"] * e["loss"] for e in first["events"])
    assert abs(first["aal"] - expected) <= 3 * first["aal_se"]
    assert run("--years", "20000", "--seed", "5") == first
    with pytest.raises(CommandError, match="--years: the number of years must be a positive whole number"):
        run("--years", "0")


def test_cli_run_stores_results_and_the_event_loss_table_the_simulation_can_reuse(small_map):
    from steadfast.continuity.models import AnalysisRun, EventLoss

    out = io.StringIO()
    call_command("continuity", "run", "--label", "nightly", stdout=out, stderr=io.StringIO())
    run = AnalysisRun.objects.get(label="nightly")
    assert run.status == "succeeded" and run.results.count() == 8 and run.job is None
    assert "8 scenarios" in out.getvalue() and EventLoss.objects.filter(run=run).exists()

    def simulate(*args):
        text = io.StringIO()
        call_command("continuity", "montecarlo", "--years", "3000", "--seed", "9", *args, "--json", stdout=text,
                     stderr=io.StringIO())
        return json.loads(text.getvalue())

    stored, fresh = simulate("--from-run"), simulate()
    assert stored["aal"] == pytest.approx(fresh["aal"], rel=1e-9) and stored["var"] == pytest.approx(fresh["var"])
