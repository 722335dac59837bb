"""The scenario service on the hand-built map: what a selection loses, and bad input."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from steadfast.continuity.services.scenarios import (
    Selection,
    WhatIf,
    run_scenario,
    selected_sites,
    start_scenario,
)


def test_losing_kobe_for_its_ttr(small_map):
    answer = run_scenario(Selection(kind="sites", refs=("KOBE-F1",), ttr_days=30))
    assert answer["sites"] == 1
    assert answer["tts"] == pytest.approx(4.0)
    assert answer["pi"] == pytest.approx(13_000.0)
    assert answer["at_risk"] is True
    assert [(p["ref"], round(p["pi"], 6), round(p["lost_units"], 6)) for p in answer["products"]] == [
        ("ROUTER", 13_000.0, 130.0)]
    assert answer["networks"] == 2
    assert answer["subscribers"] == 1_050_000
    assert answer["revenue_at_risk"] == pytest.approx(290_000.0)
    # the chart's line: nothing lost up to the TTS, then the PI grows
    assert all(pi == pytest.approx(0, abs=1e-6) for days, pi in answer["curve"] if days <= 4.0)
    assert any(days == 30 and pi == pytest.approx(13_000.0) for days, pi in answer["curve"])


def test_a_loss_inside_the_tts_hits_nothing(small_map):
    answer = run_scenario(Selection(kind="suppliers", refs=("RHEIN",), ttr_days=10))
    assert answer["tts"] == pytest.approx(10.0)
    assert answer["pi"] == pytest.approx(0.0, abs=1e-6)
    assert answer["products"] == [] and answer["networks"] == 0 and answer["revenue_at_risk"] == 0


def test_circle_and_country_selections(small_map):
    # 300 km around Osaka holds Kobe, not Hsinchu
    assert [ref for _, ref in selected_sites(Selection(kind="circle", latitude=34.69, longitude=135.5,
                                                       radius_km=300, ttr_days=5))] == ["KOBE-F1"]
    assert [ref for _, ref in selected_sites(Selection(kind="countries", refs=("jp", "TW"), ttr_days=5))] == [
        "HSIN-F1", "KOBE-F1"]
    assert [ref for _, ref in selected_sites(Selection(kind="subdivisions", refs=("jp-28",), ttr_days=5))] == ["KOBE-F1"]
    both = run_scenario(Selection(kind="countries", refs=("JP", "TW"), ttr_days=1))
    assert both["tts"] == pytest.approx(2.0)  # 40 chips on hand, 20 a day


def test_extra_inventory_what_if_leaves_the_map_alone(small_map):
    answer = run_scenario(Selection(kind="sites", refs=("KOBE-F1",), ttr_days=30),
                          what_if=WhatIf(extra_inventory={"CHIP@HSIN-F1": 260}))
    assert answer["tts"] == pytest.approx(30.0)  # 300 chips on hand cover the 10-a-day gap for 30 days
    assert answer["pi"] == pytest.approx(0.0, abs=1e-6)
    small_map.sources["CHIP@HSIN-F1"].refresh_from_db()
    assert small_map.sources["CHIP@HSIN-F1"].inventory == 0


def test_a_second_source_what_if(small_map):
    # a copy of HSIN's chip line at the Mainz works makes another 10 chips a day: losing KOBE costs nothing
    answer = run_scenario(Selection(kind="sites", refs=("KOBE-F1",), ttr_days=30),
                          what_if=WhatIf(second_source={"CHIP@HSIN-F1": "RHEIN-W1"}))
    assert answer["tts"] is None and answer["pi"] == pytest.approx(0.0, abs=1e-6)
    # losing the Mainz works now loses the copy as well as the cases: still 10 days of cases on hand
    assert run_scenario(Selection(kind="sites", refs=("RHEIN-W1",), ttr_days=10),
                        what_if=WhatIf(second_source={"CHIP@HSIN-F1": "RHEIN-W1"}))["tts"] == pytest.approx(10.0)
    from steadfast.network.models import ItemSource

    assert ItemSource.objects.count() == 4
    for second, words in (({"CHIP@NOPE": "RHEIN-W1"}, "unknown source ref: CHIP@NOPE"),
                          ({"CHIP@HSIN-F1": "MOON-1"}, "unknown site ref: MOON-1")):
        with pytest.raises(ValidationError) as caught:
            start_scenario(actor=None, selection=Selection(kind="sites", refs=("KOBE-F1",), ttr_days=3),
                           what_if=WhatIf(second_source=second))
        assert words in caught.value.message_dict["second_source"][0]


@pytest.mark.parametrize("selection,field,words", [
    (Selection(kind="sites", refs=("NOPE", "KOBE-F1"), ttr_days=3), "refs", "unknown site ref: NOPE"),
    (Selection(kind="suppliers", refs=("ACME",), ttr_days=3), "refs", "unknown supplier ref: ACME"),
    (Selection(kind="sites", refs=(), ttr_days=3), "refs", "at least one"),
    (Selection(kind="sites", refs=("KOBE-F1",), ttr_days=0), "ttr_days", "positive"),
    (Selection(kind="circle", latitude=0, longitude=0, radius_km=-5, ttr_days=3), "radius_km", "positive"),
    (Selection(kind="circle", latitude=0, longitude=-30, radius_km=100, ttr_days=3), "radius_km", "no site"),
    (Selection(kind="countries", refs=("JPN",), ttr_days=3), "refs", "JPN"),
    (Selection(kind="subdivisions", refs=("JP-99",), ttr_days=3), "refs", "not ISO 3166-2 subdivision codes"),
    (Selection(kind="subdivisions", refs=("JP-13",), ttr_days=3), "refs", "no site"),
])
def test_bad_selections_name_the_field(small_map, selection, field, words):
    with pytest.raises(ValidationError) as caught:
        run_scenario(selection)
    assert field in caught.value.message_dict
    assert words in " ".join(caught.value.message_dict[field])
