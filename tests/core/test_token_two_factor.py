"""Issue 16: two-factor that API tokens cannot bypass, tokens only from a signed-in session that
proves again who it is, a default token lifetime, and re-authentication before sensitive changes."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.models import ApiToken
from steadfast.core.roles import Role
from steadfast.core.services.accounts import require_two_factor
from steadfast.core.services.tokens import create_token

pytestmark = pytest.mark.django_db

TOKENS_API = "/api/v1/me/tokens"


def _session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _enrol(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def _code(device) -> str:
    device.refresh_from_db()
    device.last_t = -1  # a test may use the current 30-second step more than once
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _wrong(device) -> str:
    return "000000" if _code(device) != "000000" else "111111"


def _bearer(secret: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


# --- 1. two-factor bypass ---------------------------------------------------------------------

def test_a_role_requiring_two_factor_gets_no_token_without_a_device(role_users, user_password):
    member = role_users[Role.INCIDENT_MANAGER]
    require_two_factor(actor=role_users[Role.ADMINISTRATOR], role=Role.INCIDENT_MANAGER, required=True)
    client = _session(member)  # signed in with the password only

    page = client.post("/accounts/tokens/", {"name": "siem", "password": user_password}, follow=True)
    assert b"requires two-factor sign-in" in page.content
    api = client.post(TOKENS_API, data={"name": "siem", "password": user_password}, content_type="application/json")
    assert api.status_code == 401
    with pytest.raises(CommandError, match="requires two-factor"):
        call_command("token", "create", user=member.username, stdout=io.StringIO())
    assert not ApiToken.objects.filter(user=member).exists()

    # With a confirmed device (and its current code) the same member gets one.
    device = _enrol(member)
    created = client.post("/accounts/tokens/", {"name": "siem", "password": user_password, "otp_code": _code(device)})
    assert created.status_code == 302 and ApiToken.objects.filter(user=member).count() == 1


def test_existing_tokens_stop_while_the_role_requires_a_device_the_member_lacks(role_users):
    member = role_users[Role.INCIDENT_MANAGER]
    _, secret = create_token(actor=None, user=member, name="before the requirement")
    assert _bearer(secret).get("/api/v1/me").status_code == 200

    require_two_factor(actor=role_users[Role.ADMINISTRATOR], role=Role.INCIDENT_MANAGER, required=True)
    assert _bearer(secret).get("/api/v1/me").status_code == 401
    assert _bearer(secret).get("/api/v1/audit/events").status_code in (401, 403)

    _enrol(member)
    assert _bearer(secret).get("/api/v1/me").status_code == 200


# --- 2. tokens do not mint tokens; default lifetime -------------------------------------------

@pytest.mark.parametrize("role", [Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER, Role.AUDITOR, Role.ADMINISTRATOR])
def test_a_bearer_token_cannot_create_tokens(role_users, user_password, role):
    user = role_users[role]
    _, secret = create_token(actor=None, user=user, name="leaked")
    response = _bearer(secret).post(TOKENS_API, data={"name": "more", "password": user_password},
                                    content_type="application/json")
    assert response.status_code == 403 and response["Content-Type"] == "application/problem+json"
    assert "token cannot" in response.json()["detail"]
    assert ApiToken.objects.filter(user=user).count() == 1


def test_tokens_get_the_configured_default_lifetime(role_users, user_password, settings):
    user = role_users[Role.RISK_ANALYST]
    settings.STEADFAST_API_TOKEN_DAYS = 7
    before = timezone.now()
    response = _session(user).post(TOKENS_API, data={"name": "ci", "password": user_password},
                                   content_type="application/json")
    assert response.status_code == 201
    expires_at = ApiToken.objects.get(pk=response.json()["id"]).expires_at
    assert before + dt.timedelta(days=7) <= expires_at <= timezone.now() + dt.timedelta(days=7)
    _, _ = create_token(actor=None, user=user, name="cli")
    assert not ApiToken.objects.filter(user=user, expires_at__isnull=True).exists()


# --- 3. re-authentication (ASVS 3.7.1) --------------------------------------------------------

def test_creating_a_token_needs_the_password_and_a_current_code(role_users, user_password):
    user = role_users[Role.RISK_ANALYST]
    client = _session(user)
    wrong_password = client.post(TOKENS_API, data={"name": "x", "password": "not-my-password"},
                                 content_type="application/json")
    assert wrong_password.status_code == 422
    assert [e["field"] for e in wrong_password.json()["errors"]] == ["password"]
    missing = client.post(TOKENS_API, data={"name": "x"}, content_type="application/json")
    assert missing.status_code == 422
    page = client.post("/accounts/tokens/", {"name": "x", "password": "not-my-password"}, follow=True)
    assert b"current password is not correct" in page.content
    assert not ApiToken.objects.filter(user=user).exists()

    device = _enrol(user)
    no_code = client.post(TOKENS_API, data={"name": "x", "password": user_password}, content_type="application/json")
    assert no_code.status_code == 422 and no_code.json()["errors"][0]["field"] == "otp_code"
    bad_code = client.post(TOKENS_API, data={"name": "x", "password": user_password, "otp_code": _wrong(device)},
                           content_type="application/json")
    assert bad_code.status_code == 422
    assert not ApiToken.objects.filter(user=user).exists()
    ok = client.post(TOKENS_API, data={"name": "x", "password": user_password, "otp_code": _code(device)},
                     content_type="application/json")
    assert ok.status_code == 201


def test_turning_two_factor_off_needs_the_password_and_a_current_code(role_users, user_password):
    user = role_users[Role.PRIVACY_OFFICER]
    device = _enrol(user)
    client = _session(user)
    for attempt in ({}, {"disable-password": user_password},
                    {"disable-password": user_password, "disable-otp_code": _wrong(device)},
                    {"disable-password": "not-my-password", "disable-otp_code": _code(device)}):
        client.post("/accounts/two-factor/disable/", attempt)
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists(), attempt
    client.post("/accounts/two-factor/disable/", {"disable-password": user_password, "disable-otp_code": _code(device)})
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_changing_the_password_needs_a_current_code_when_enrolled(role_users, user_password):
    user = role_users[Role.PRIVACY_OFFICER]
    device = _enrol(user)
    client = _session(user)
    new = {"new_password1": "a-quite-different-phrase-41", "new_password2": "a-quite-different-phrase-41"}
    refused = client.post("/accounts/password/", {"old_password": user_password, "otp_code": _wrong(device), **new})
    assert refused.status_code == 200 and b"code is not valid" in refused.content
    user.refresh_from_db()
    assert user.check_password(user_password)
    changed = client.post("/accounts/password/", {"old_password": user_password, "otp_code": _code(device), **new})
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new["new_password1"])
