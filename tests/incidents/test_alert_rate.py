"""The alert endpoints count apart from the rest of the API: an alarm storm (10,000 a minute is the
design load) is not cut at a person's rate, and has a limit of its own."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from steadfast.core.api.throttling import (
    AlertAddressThrottle,
    AlertSourceThrottle,
    PerAddressThrottle,
    PerTokenThrottle,
)
from steadfast.incidents.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    now = [2_000_000.0]
    for throttle in (PerTokenThrottle, PerAddressThrottle, AlertSourceThrottle, AlertAddressThrottle):
        monkeypatch.setattr(throttle, "timer", staticmethod(lambda: now[0]))
    return now


def _alert(n: int) -> str:
    return json.dumps({"dedup_key": "storm", "source": "zabbix", "network": "NET-US-1", "severity": "major",
                       "summary": f"alarm {n}"})


def test_alerts_pass_the_api_rate_and_stop_at_their_own(settings, networks, admin_user, clock):
    from steadfast.incidents.services import create_alert_source

    settings.STEADFAST_API_RATE_PER_TOKEN = settings.STEADFAST_API_RATE_PER_ADDRESS = "3/min"
    settings.STEADFAST_ALERT_RATE_PER_TOKEN, settings.STEADFAST_ALERT_RATE_PER_ADDRESS = "8/min", None
    _, secret = create_alert_source(actor=admin_user, name="Zabbix NOC")
    monitor = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    for n in range(8):  # more than the API's 3 a minute
        assert monitor.post("/api/v1/alerts", data=_alert(n), content_type="application/json").status_code == 201
        clock[0] += 1
    refused = monitor.post("/api/v1/alerts", data=_alert(8), content_type="application/json")
    assert refused.status_code == 429 and refused["Retry-After"] == "52"
    assert refused["Content-Type"] == "application/problem+json"
    assert Alert.objects.count() == 8  # the refused one was not stored
    batch = json.dumps({"alerts": [json.loads(_alert(9))]})
    assert monitor.post("/api/v1/alerts/batch", data=batch, content_type="application/json").status_code == 429
    clock[0] += 60
    assert monitor.post("/api/v1/alerts", data=_alert(8), content_type="application/json").status_code == 201


def test_alerts_from_one_address_have_their_own_allowance(settings, networks, admin_user, clock):
    from steadfast.incidents.services import create_alert_source

    settings.STEADFAST_API_RATE_PER_TOKEN = settings.STEADFAST_API_RATE_PER_ADDRESS = None
    settings.STEADFAST_ALERT_RATE_PER_TOKEN, settings.STEADFAST_ALERT_RATE_PER_ADDRESS = None, "2/min"
    sources = [create_alert_source(actor=admin_user, name=name)[1] for name in ("Zabbix", "Prometheus")]
    first, second = (Client(HTTP_AUTHORIZATION=f"Bearer {secret}") for secret in sources)
    assert first.post("/api/v1/alerts", data=_alert(0), content_type="application/json").status_code == 201
    assert second.post("/api/v1/alerts", data=_alert(1), content_type="application/json").status_code == 201
    assert second.post("/api/v1/alerts", data=_alert(2), content_type="application/json").status_code == 429
