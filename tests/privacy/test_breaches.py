"""The breach register's clocks: 72 hours to the authority (Art. 33(1)) in absolute time, whatever
the time zones; a processor's notice within its DPA's hours (Art. 33(2))."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from steadfast.privacy import selectors, services

BERLIN, TOKYO, UTC = ZoneInfo("Europe/Berlin"), ZoneInfo("Asia/Tokyo"), dt.UTC


def _breach(**fields):
    defaults = {"ref": "BR-1", "title": "Payroll export e-mailed to the wrong recipient", "nature": "confidentiality",
                "aware_at": dt.datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN), "subjects_approx": 1200,
                "records_approx": 1200, "data_categories": ["financial", "identification"]}
    return services.record_breach(actor=None, **{**defaults, **fields})


def test_exactly_72_hours_is_in_time_and_one_second_more_needs_reasons(db):
    breach = _breach()
    with pytest.raises(ValidationError) as error:
        services.notify_authority(actor=None, breach=breach, authority="BfDI",
                                  notified_at=breach.aware_at + dt.timedelta(hours=72, seconds=1))
    assert "late_reason" in error.value.message_dict
    breach.refresh_from_db()
    assert breach.authority_notified_at is None
    services.notify_authority(actor=None, breach=breach, authority="BfDI",
                              notified_at=breach.aware_at + dt.timedelta(hours=72))
    assert breach.notified_late is False and breach.hours_to_authority == 72


def test_the_clock_runs_in_absolute_time_across_zones_and_daylight_saving(db):
    # Aware 23:30 in Berlin on 28 March 2026 (CET); clocks go forward on the 29th. The notice at
    # 23:30 Berlin summer time on the 31st is 72 wall-clock hours later but only 71 real hours.
    breach = _breach(aware_at=dt.datetime(2026, 3, 28, 23, 30, tzinfo=BERLIN))
    services.notify_authority(actor=None, breach=breach, authority="HmbBfDI",
                              notified_at=dt.datetime(2026, 3, 31, 23, 30, tzinfo=BERLIN))
    assert breach.hours_to_authority == 71 and not breach.notified_late
    # The same instant written in Tokyo time is the same clock.
    other = _breach(ref="BR-2", aware_at=dt.datetime(2026, 3, 28, 22, 30, tzinfo=UTC))
    services.notify_authority(actor=None, breach=other, authority="DPC", late_reason="",
                              notified_at=dt.datetime(2026, 4, 1, 7, 30, tzinfo=TOKYO))
    assert other.hours_to_authority == 72.0


def test_late_notice_with_reasons_is_listed_as_late(db, make_user):
    breach = _breach()
    services.notify_authority(actor=None, breach=breach, authority="BfDI", late_reason="forensics delayed scoping",
                              notified_at=breach.aware_at + dt.timedelta(hours=90))
    _breach(ref="BR-2")
    officer = make_user("privacy_officer")
    assert [b.ref for b in selectors.breaches(user=officer, late=True)] == ["BR-1"]


def test_naive_times_and_processor_notices_are_checked(db, dpa_factory):
    with pytest.raises(ValidationError) as error:
        _breach(aware_at=dt.datetime(2026, 3, 2, 9, 0))
    assert "aware_at" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _breach(processor_notified_at=dt.datetime(2026, 3, 2, 8, tzinfo=UTC))
    assert "dpa" in error.value.message_dict
    dpa = dpa_factory(breach_notice_hours=24)
    breach = _breach(dpa=dpa, processor_aware_at=dt.datetime(2026, 3, 1, 6, tzinfo=UTC),
                     processor_notified_at=dt.datetime(2026, 3, 2, 7, tzinfo=UTC))
    assert breach.processor_hours == 25 and breach.processor_late
