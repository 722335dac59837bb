"""API rate limits (core/api/throttling.py): per token and per address, 429 problem+json with
Retry-After, a sliding window, counts shared between processes through the file cache."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory

from steadfast.core.api.throttling import PerAddressThrottle, PerTokenThrottle, client_address
from steadfast.core.roles import Role

ME = "/api/v1/me"


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, moved by hand (no test waits)."""
    now = [1_000_000.0]
    for throttle in (PerTokenThrottle, PerAddressThrottle):
        monkeypatch.setattr(throttle, "timer", staticmethod(lambda: now[0]))
    return now


def test_each_token_gets_its_own_allowance_then_429_with_retry_after(settings, make_user, clock, api_client_for):
    settings.STEADFAST_API_RATE_PER_TOKEN, settings.STEADFAST_API_RATE_PER_ADDRESS = "3/min", None
    analyst = api_client_for(make_user(Role.RISK_ANALYST))
    for _ in range(3):
        assert analyst.get(ME).status_code == 200
        clock[0] += 10
    refused = analyst.get(ME)
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429 and refused.json()["title"] == "Too many requests"
    assert refused["Retry-After"] == "30"  # the first request (30 s ago) leaves the 60 s window in 30 s
    # Another account's token, from the same address, has its own allowance.
    assert api_client_for(make_user(Role.AUDITOR)).get(ME).status_code == 200
    clock[0] += 29
    assert analyst.get(ME).status_code == 429
    clock[0] += 1.5
    assert analyst.get(ME).status_code == 200  # the window slid past the first request


def test_a_signed_in_session_counts_as_its_account(settings, make_user, clock):
    settings.STEADFAST_API_RATE_PER_TOKEN, settings.STEADFAST_API_RATE_PER_ADDRESS = "2/min", None
    browser = Client()
    browser.force_login(make_user(Role.AUDITOR))
    assert [browser.get(ME).status_code for _ in range(3)] == [200, 200, 429]


def test_each_address_gets_its_own_allowance_whatever_the_token(settings, make_user, clock, api_client_for):
    settings.STEADFAST_API_RATE_PER_TOKEN, settings.STEADFAST_API_RATE_PER_ADDRESS = None, "2/min"
    first, second = (api_client_for(make_user(Role.AUDITOR)) for _ in range(2))
    assert first.get(ME).status_code == 200
    assert second.get(ME).status_code == 200
    assert second.get(ME).status_code == 429
    # A forged X-Forwarded-For does not make a new address: no proxy is trusted by default.
    assert first.get(ME, HTTP_X_FORWARDED_FOR="203.0.113.9").status_code == 429
    assert first.get(ME, REMOTE_ADDR="198.51.100.7").status_code == 200


def test_limits_off_and_unauthenticated_requests_are_not_counted(settings, make_user, clock, api_client_for):
    settings.STEADFAST_API_RATE_PER_TOKEN, settings.STEADFAST_API_RATE_PER_ADDRESS = None, None
    client = api_client_for(make_user(Role.AUDITOR))
    assert {client.get(ME).status_code for _ in range(20)} == {200}
    settings.STEADFAST_API_RATE_PER_ADDRESS = "1/min"
    assert {Client().get(ME).status_code for _ in range(3)} == {401}  # refused before any counting
    assert client.get(ME).status_code == 200


def test_client_address_behind_trusted_proxies(settings):
    request = RequestFactory().get(ME, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    settings.STEADFAST_TRUSTED_PROXIES = 0
    assert client_address(request) == "10.0.0.2"
    settings.STEADFAST_TRUSTED_PROXIES = 1  # nginx appended the address it saw: the forged hop is ignored
    assert client_address(request) == "203.0.113.9"
    settings.STEADFAST_TRUSTED_PROXIES = 2
    assert client_address(request) == "6.6.6.6"


def test_web_processes_share_counts_through_the_file_cache(settings, tmp_path, clock):
    settings.CACHES = {**settings.CACHES, "throttle": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}}
    settings.STEADFAST_API_RATE_PER_ADDRESS = "2/min"
    request = RequestFactory().get(ME, REMOTE_ADDR="192.0.2.1")
    request.auth = None
    one_process, another_process = PerAddressThrottle(), PerAddressThrottle()
    assert one_process.allow_request(request)
    assert another_process.allow_request(request)
    assert not one_process.allow_request(request)
    assert list(tmp_path.iterdir())  # the counts are on disk, where every process reads them


@pytest.mark.parametrize("value", ["1200", "fast", "0/min", "10/week"])
def test_a_bad_rate_setting_stops_start_up_naming_the_variable(monkeypatch, value):
    from steadfast import settings as steadfast_settings

    monkeypatch.setenv("STEADFAST_API_RATE_PER_TOKEN", value)
    with pytest.raises(ImproperlyConfigured, match="STEADFAST_API_RATE_PER_TOKEN=.*e.g. 1200/min"):
        steadfast_settings._rate("STEADFAST_API_RATE_PER_TOKEN", "1200/min")
    monkeypatch.setenv("STEADFAST_API_RATE_PER_TOKEN", "off")
    assert steadfast_settings._rate("STEADFAST_API_RATE_PER_TOKEN", "1200/min") is None
