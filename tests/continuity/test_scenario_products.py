"""Each product's own TTS in a scenario's answer, on the hand-built map plus a second product
(conftest.py `two_products`):

    SWITCH (product, 2/day, margin 50) made at HQ-F1 with 20 switches on hand, from FAN (1 per
    switch) made only at FANCO-F1 with no stock.
    Lose KOBE-F1 and FANCO-F1 for 30 days: ROUTER's own TTS is 4 days (KOBE's 40 chips cover the
    10-a-day gap), SWITCH's is 20 / 2 = 10 days; over 30 days 40 switches are short (2,000 margin).
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from steadfast.continuity import plots
from steadfast.continuity.services.scenarios import Selection, run_scenario


def test_each_product_gets_its_own_tts(two_products):
    answer = run_scenario(Selection(kind="sites", refs=("KOBE-F1", "FANCO-F1"), ttr_days=30))
    assert answer["tts"] == pytest.approx(4.0)
    rows = {p["ref"]: (p["tts"], p["at_risk"], p["lost_units"], p["pi"]) for p in answer["products"]}
    assert rows["ROUTER"] == (pytest.approx(4.0), True, pytest.approx(130.0), pytest.approx(13_000.0))
    assert rows["SWITCH"] == (pytest.approx(10.0), True, pytest.approx(40.0), pytest.approx(2_000.0))
    assert answer["pi"] == pytest.approx(15_000.0)


def test_a_product_that_outlasts_the_ttr_is_not_listed(two_products):
    # Over 8 days the switches' stock (10 days) holds; the routers run short after 4.
    answer = run_scenario(Selection(kind="sites", refs=("KOBE-F1", "FANCO-F1"), ttr_days=8))
    assert [(p["ref"], round(p["tts"], 6)) for p in answer["products"]] == [("ROUTER", 4.0)]


def test_the_cli_json_carries_each_products_tts(two_products):
    out = io.StringIO()
    call_command("continuity", "scenario", "--suppliers", "FANCO", "--ttr", "12", "--json", stdout=out)
    answer = json.loads(out.getvalue())
    assert answer["tts"] == pytest.approx(10.0)
    assert [(p["ref"], round(p["tts"], 6), round(p["pi"], 6)) for p in answer["products"]] == [("SWITCH", 10.0, 200.0)]
    text = io.StringIO()
    call_command("continuity", "scenario", "--suppliers", "FANCO", "--ttr", "12", stdout=text)
    assert "SWITCH" in text.getvalue() and "TTS 10.0 days" in text.getvalue()


def test_the_chart_draws_one_bar_per_product_with_the_ttr(two_products):
    answer = run_scenario(Selection(kind="sites", refs=("KOBE-F1", "FANCO-F1"), ttr_days=30))
    svg = plots.product_tts(answer["products"], ttr=30, title="Each product's TTS against the TTR").svg()
    assert "ROUTER" in svg and "SWITCH" in svg and "TTR 30.0 days" in svg and "short before the TTR" in svg
    assert "product's own time to survive (days)" in svg
    # an answer saved before products carried a TTS says so rather than drawing nothing
    stale = plots.product_tts([{"ref": "ROUTER", "pi": 1.0}], ttr=30, title="t").svg()
    assert "re-run the scenario" in stale
