"""The regulators' clocks at their boundaries (pure functions, no database)."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest

from steadfast.incidents import rules, severity
from steadfast.incidents.rules import IncidentFacts, NetworkImpact

T0 = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
MIN, HOUR = dt.timedelta(minutes=1), dt.timedelta(hours=1)


def facts(*networks, minutes=None, end=None, detected=None, **extra):
    end = end or (T0 + dt.timedelta(minutes=minutes))
    return IncidentFacts(impact_started=T0, detected=detected or T0, resolved=end, as_of=end + 365 * 24 * HOUR,
                         networks=tuple(networks), **extra)


def us(subscribers):
    return NetworkImpact(1, "US-1", "US", "mobile", subscribers, 1000)


def codes(dues, prefix):
    return [d for d in dues if d.code.startswith(prefix)]


@pytest.mark.parametrize("minutes,expected", [(29, 0), (30, 3)])
def test_fcc_needs_thirty_minutes(minutes, expected):
    assert len(codes(rules.evaluate(facts(us(10_000_000), minutes=minutes)), "fcc")) == expected


def test_fcc_needs_900000_user_minutes():
    # 15,000 subscribers reach 900,000 user-minutes at exactly 60 minutes
    just_short = T0 + 60 * MIN - dt.timedelta(milliseconds=4)  # 899,999 user-minutes
    assert codes(rules.evaluate(facts(us(15_000), end=just_short)), "fcc") == []
    dues = codes(rules.evaluate(facts(us(15_000), minutes=60)), "fcc")
    assert [d.due for d in dues] == [T0 + 60 * MIN + 120 * MIN, T0 + 60 * MIN + 72 * HOUR, T0 + 60 * MIN + 30 * 24 * HOUR]
    assert dues[0].report_fields["user_minutes"] == 900_000


def test_fcc_clock_never_starts_before_detection():
    dues = codes(rules.evaluate(facts(us(10_000_000), minutes=300, detected=T0 + 3 * HOUR)), "fcc")
    assert dues[0].clock_started == T0 + 3 * HOUR and dues[0].due == T0 + 5 * HOUR


def test_fcc_ignores_networks_outside_the_us():
    de = NetworkImpact(2, "DE-1", "DE", "mobile", 10_000_000, 1000)
    assert codes(rules.evaluate(facts(de, minutes=600)), "fcc") == []


def _de(affected, kind="mobile"):
    return NetworkImpact(3, "DE-1", "DE", kind, affected, 1000)


BASE = {("DE", "mobile"): 10_000_000}


@pytest.mark.parametrize("hours,share", [(1, 0.15), (2, 0.10), (4, 0.05), (6, 0.02), (8, 0.01)])
def test_each_enisa_row_is_strictly_over_both_thresholds(hours, share):
    over = round(10_000_000 * share) + 1
    # below the user-hours route: keep duration × users under 1,000,000 user-hours where possible
    at_share = codes(rules.evaluate(facts(_de(round(10_000_000 * share)), end=T0 + hours * HOUR + MIN, user_base=BASE)), "eecc")
    exactly = codes(rules.evaluate(facts(_de(over), end=T0 + hours * HOUR, user_base=BASE)), "eecc")
    passes = codes(rules.evaluate(facts(_de(over), end=T0 + hours * HOUR + MIN, user_base=BASE)), "eecc")
    user_hours_route = over * (hours + 1 / 60) >= 1_000_000
    if not user_hours_route:
        assert at_share == [] and exactly == []
    assert len(passes) == 1
    assert passes[0].clock_started <= T0 + hours * HOUR
    assert passes[0].due == passes[0].clock_started + 24 * HOUR
    assert passes[0].authority.startswith("Bundesnetzagentur")


def test_enisa_row_threshold_time_and_row_named():
    dues = codes(rules.evaluate(facts(_de(160_001), minutes=200, user_base=BASE)), "eecc")
    # 1.6 % > 1 % needs 8 h; 160,001 users reach 1,000,000 user-hours after 6.25 h: not within 200 min
    assert dues == []
    small = {("DE", "mobile"): 1_000_000}
    dues = codes(rules.evaluate(facts(_de(160_000), minutes=200, user_base=small)), "eecc")
    assert dues[0].clock_started == T0 + 1 * HOUR  # 16 % over 15 % after 1 h, long before 1 M user-hours
    assert "over 1 h and over 15%" in dues[0].report_fields["threshold"]


def test_enisa_user_hours_alone_without_a_national_user_base():
    dues = codes(rules.evaluate(facts(_de(500_000, kind="fixed"), minutes=121)), "eecc")
    assert len(dues) == 1 and dues[0].clock_started == T0 + 2 * HOUR
    assert dues[0].report_fields["national_users"] is None
    assert codes(rules.evaluate(facts(_de(500_000, kind="fixed"), minutes=119)), "eecc") == []


def test_clock_across_a_daylight_saving_change_counts_real_hours():
    start = dt.datetime(2026, 3, 28, 9, 0, tzinfo=dt.UTC)  # 10:00 CET, the day before clocks go forward
    impact = IncidentFacts(impact_started=start, detected=start, resolved=start + 3 * HOUR, as_of=start + 3 * HOUR,
                           networks=(_de(5_000_000),), user_base=BASE)
    due = codes(rules.evaluate(impact), "eecc")[0].due
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    assert due - codes(rules.evaluate(impact), "eecc")[0].clock_started == 24 * HOUR
    # 24 real hours later the wall clock in Berlin reads one hour later (CEST)
    clock_start_local = codes(rules.evaluate(impact), "eecc")[0].clock_started.astimezone(berlin)
    assert due.astimezone(berlin).hour == (clock_start_local.hour + 1) % 24


def test_nis2_only_when_marked_significant_and_final_counts_from_notification():
    de = _de(1000)
    assert codes(rules.evaluate(facts(de, minutes=10)), "nis2") == []
    dues = {d.code: d for d in rules.evaluate(facts(de, minutes=10, nis2_significant=True, detected=T0 + MIN))}
    assert dues["nis2_art23.DE.early_warning"].due == T0 + MIN + 24 * HOUR
    assert dues["nis2_art23.DE.notification"].due == T0 + MIN + 72 * HOUR
    assert dues["nis2_art23.DE.final"].due == rules.add_months(T0 + MIN + 72 * HOUR, 1)
    submitted = T0 + 10 * HOUR
    dues = {d.code: d for d in rules.evaluate(facts(de, minutes=10, nis2_significant=True,
                                                    submitted={"nis2_art23.DE.notification": submitted}))}
    assert dues["nis2_art23.DE.final"].due == dt.datetime(2026, 7, 1, 22, 0, tzinfo=dt.UTC)


def test_gdpr_72_hours_from_detection_when_personal_data():
    assert codes(rules.evaluate(facts(_de(10), minutes=5)), "gdpr") == []
    due = codes(rules.evaluate(facts(_de(10), minutes=5, personal_data=True, detected=T0 + 2 * MIN)), "gdpr")[0]
    assert due.due == T0 + 2 * MIN + 72 * HOUR and "GDPR" in due.rule


def test_restore_target_per_network():
    due = codes(rules.evaluate(facts(NetworkImpact(9, "BR-1", "BR", "fixed", 10, 2.5), minutes=5)), "restore")[0]
    assert due.due == T0 + dt.timedelta(hours=2.5) and "restore target" in due.rule


def test_add_months_clamps_to_month_end():
    assert rules.add_months(dt.datetime(2026, 1, 31, 5, tzinfo=dt.UTC), 1) == dt.datetime(2026, 2, 28, 5, tzinfo=dt.UTC)


@pytest.mark.parametrize("subscribers,impact,minutes,expected", [
    (2_000_000, "total", 300, 1), (2_000_000, "minor", 10, 3), (50_000, "major", 90, 2), (50_000, "total", 300, 1),
    (500, "minor", 5, 4), (500, "unknown", 5, 3), (None, "minor", 5, 3), (150_000, "partial", 20, 3),
])
def test_severity_matrix(subscribers, impact, minutes, expected):
    assert severity.severity(subscribers=subscribers, impact=impact, duration=dt.timedelta(minutes=minutes)) == expected
