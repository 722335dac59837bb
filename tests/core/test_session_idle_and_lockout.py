"""Issue 16: a session ends after an idle period (besides its absolute lifetime), and wrong
authentication codes count towards the same lockout as wrong passwords."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.middleware import SessionIdleTimeoutMiddleware
from steadfast.core.roles import Role

pytestmark = pytest.mark.django_db


def _last_seen(client: Client, seconds_ago: int) -> None:
    session = client.session
    session[SessionIdleTimeoutMiddleware.LAST_SEEN_KEY] = int(time.time()) - seconds_ago
    session.save()


def test_a_session_idle_past_the_limit_is_signed_out(role_users, settings):
    settings.STEADFAST_SESSION_IDLE_SECONDS = 1800
    client = Client()
    client.force_login(role_users[Role.RISK_ANALYST])
    assert client.get("/accounts/profile/").status_code == 200
    _last_seen(client, 1700)  # idle, but under the limit
    assert client.get("/accounts/profile/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200

    _last_seen(client, 1801)
    page = client.get("/accounts/profile/")
    assert page.status_code == 302 and "/accounts/login/" in page["Location"]
    assert client.get("/api/v1/me").status_code == 401  # the session is gone for the API too


def test_an_idle_session_is_refused_by_the_api_first(role_users, settings):
    settings.STEADFAST_SESSION_IDLE_SECONDS = 60
    client = Client()
    client.force_login(role_users[Role.AUDITOR])
    client.get("/api/v1/me")
    _last_seen(client, 61)
    assert client.get("/api/v1/me").status_code == 401


def _code(device) -> str:
    device.refresh_from_db()
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_wrong_codes_at_sign_in_lock_the_account_like_wrong_passwords(role_users, user_password, settings):
    user = role_users[Role.PRIVACY_OFFICER]
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        right = _code(device)
        wrong = "000000" if right != "000000" else "111111"
        client.post("/accounts/login/", {"username": user.username, "password": user_password, "otp_token": wrong})
    # The right password and the right code no longer get in: the account is locked.
    locked = client.post("/accounts/login/", {"username": user.username, "password": user_password,
                                              "otp_token": _code(device)})
    assert locked.status_code == 429 and b"Too many failed sign-in attempts" in locked.content
    assert "_auth_user_id" not in client.session


def test_wrong_codes_from_a_signed_in_session_count_too(role_users, user_password, settings):
    user = role_users[Role.PRIVACY_OFFICER]
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    client.force_login(user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        right = _code(device)
        client.post("/accounts/two-factor/verify/", {"code": "000000" if right != "000000" else "111111"})
    refused = client.post("/api/v1/me/tokens", data={"name": "x", "password": user_password, "otp_code": _code(device)},
                          content_type="application/json")
    assert refused.status_code == 422 and "locked" in refused.json()["errors"][0]["message"]
