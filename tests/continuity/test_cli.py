"""`steadfast continuity scenario` equals `steadfast analyze` on `steadfast export-network`, and bad
arguments are named."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.engine import Scenario, load_network, reference_pi
from steadfast.engine.cli import main as analyze


def _scenario_json(*args) -> dict:
    out = io.StringIO()
    call_command("continuity", "scenario", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def _analyze_sites(folder, sites: list[str], ttr: float, capsys) -> float:
    scenarios = folder / "scenarios.csv"
    with scenarios.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["scenario", "ttr", "site"])
        for site in sites:
            writer.writerow(["lost", ttr, site])
    capsys.readouterr()
    assert analyze([str(folder), "--scenarios", str(scenarios)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["scenario"] for r in rows] == ["lost"]
    return float(rows[0]["pi"])


@pytest.mark.parametrize("args,sites,ttr", [
    (("--sites", "KOBE-F1", "--ttr", "30"), ["KOBE-F1"], 30.0),
    (("--suppliers", "KOBE,RHEIN", "--ttr", "45"), ["KOBE-F1", "RHEIN-W1"], 45.0),
    (("--countries", "TW", "--ttr", "12.5"), ["HSIN-F1"], 12.5),
    (("--circle", "30,128,1500", "--ttr", "9"), ["HSIN-F1", "KOBE-F1"], 9.0),
])
def test_scenario_pi_equals_analyze_on_the_exported_network(small_map, tmp_path, capsys, args, sites, ttr):
    answer = _scenario_json(*args)
    assert set(answer) >= {"sites", "tts", "pi", "products", "networks", "subscribers", "revenue_at_risk"}
    assert answer["sites"] == len(sites)
    call_command("export-network", str(tmp_path / "net"), stdout=io.StringIO())
    expected = _analyze_sites(tmp_path / "net", sites, ttr, capsys)
    assert answer["pi"] == pytest.approx(expected, rel=1e-9, abs=1e-9)
    # and so the naive LP on the exported files
    network = load_network(tmp_path / "net")
    losses = {node: 1.0 for node, site in zip(network.node_ids, network.site_of, strict=True)
              if network.site_names[site] in sites}
    assert answer["pi"] == pytest.approx(reference_pi(network, Scenario.of(network, "x", ttr=ttr, losses=losses), ttr),
                                         rel=1e-6, abs=1e-6)
    assert all(set(p) >= {"ref", "pi"} for p in answer["products"])


def test_an_unbounded_tts_is_null(small_map):
    # losing the alternate source HSIN for a day: KOBE (30/day) covers the 20 chips needed
    answer = _scenario_json("--sites", "HSIN-F1", "--ttr", "1")
    assert answer["tts"] is None and answer["pi"] == 0 and answer["products"] == []


@pytest.mark.parametrize("args,words", [
    (("--sites", "KOBE-F1,NOWHERE"), "--sites: unknown site ref: NOWHERE"),
    (("--suppliers", ","), "--suppliers: name at least one"),
    (("--countries", "JP", "--ttr", "0"), "--ttr: the TTR must be a positive number"),
    (("--circle", "35,139,0"), "--circle: the radius must be a positive number"),
    (("--circle", "35,139"), "--circle: expected LAT,LON,KM"),
])
def test_bad_arguments_are_named_and_nothing_is_stored(small_map, args, words):
    from steadfast.continuity.models import SavedScenario
    from steadfast.core.models.audit import AuditEvent

    before = AuditEvent.objects.count()
    with pytest.raises(CommandError) as caught:
        call_command("continuity", "scenario", *args, "--json", stdout=io.StringIO())
    assert words in str(caught.value)
    assert AuditEvent.objects.count() == before and not SavedScenario.objects.exists()
