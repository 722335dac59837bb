"""Getting back in: forgot-password by e-mail (throttled, no enumeration, links on the served port),
and an administrator's unlock and reset link. A reset never skips two-factor sign-in."""

from __future__ import annotations

import re

from django.core import mail
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role

NEW_PASSWORD = "quartz-harbour-9154"


def _code(device) -> str:
    device.refresh_from_db()
    device.last_t = -1
    device.save()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def _with_email(user, email: str):
    user.email = email
    user.save(update_fields=["email"])
    return user


def _link_in(body: str) -> str:
    return re.search(r"(http://\S+/accounts/password/reset/\S+/)", body).group(1)


def _sign_in(client: Client, username: str, password: str, code: str = ""):
    return client.post("/accounts/login/", {"username": username, "password": password, "otp_token": code})


def test_forgot_password_mails_a_link_on_the_served_port_and_keeps_two_factor(role_users, user_password,
                                                                              settings, monkeypatch):
    settings.STEADFAST_BASE_URL = ""
    monkeypatch.setenv("PORT", "18800")
    monkeypatch.delenv("HOST", raising=False)
    user = _with_email(role_users[Role.PRIVACY_OFFICER], "dana.kovac@example.com")
    device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
    client = Client()
    assert b"Forgot your password?" in client.get("/accounts/login/").content

    response = client.post("/accounts/password/forgot/", {"email": "Dana.Kovac@example.com"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/forgot/sent/"
    [message] = mail.outbox
    assert message.to == ["dana.kovac@example.com"]
    link = _link_in(message.body)
    assert link.startswith("http://127.0.0.1:18800/accounts/password/reset/")
    assert AuditEvent.objects.filter(verb="request_password_reset", object_id=str(user.pk)).count() == 1

    page = client.get(link.removeprefix("http://127.0.0.1:18800"), follow=True)
    assert b"Set a new password" in page.content
    done = client.post(page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == "/accounts/password/reset/done/"
    assert AuditEvent.objects.filter(verb="reset_password", object_id=str(user.pk)).count() == 1
    assert "_auth_user_id" not in client.session  # the reset does not sign in

    # The link is spent; the old password is gone; the new one still needs the second factor.
    assert b"This link cannot be used" in client.get(link.removeprefix("http://127.0.0.1:18800"), follow=True).content
    assert "_auth_user_id" not in _sign_in(Client(), user.username, user_password).wsgi_request.session
    without_code = Client()
    assert b"enter the code from your authenticator app" in _sign_in(without_code, user.username, NEW_PASSWORD).content
    assert "_auth_user_id" not in without_code.session
    with_code = Client()
    assert _sign_in(with_code, user.username, NEW_PASSWORD, _code(device)).status_code == 302
    assert with_code.session["_auth_user_id"] == str(user.pk)


def test_an_unknown_address_gets_the_same_answer_and_no_mail(role_users):
    events = AuditEvent.objects.count()
    response = Client().post("/accounts/password/forgot/", {"email": "nobody@example.com"})
    assert response.status_code == 302 and response["Location"] == "/accounts/password/forgot/sent/"
    assert mail.outbox == [] and AuditEvent.objects.count() == events


def test_a_bad_address_is_refused_and_sends_nothing(role_users):
    response = Client().post("/accounts/password/forgot/", {"email": "not an address"})
    assert response.status_code == 200 and b"Enter a valid email address" in response.content
    assert mail.outbox == []


def test_forgot_password_is_throttled_per_address_and_per_email(role_users):
    _with_email(role_users[Role.AUDITOR], "audit.lead@example.com")
    client = Client()
    answers = [client.post("/accounts/password/forgot/", {"email": "audit.lead@example.com"}).status_code
               for _ in range(6)]
    assert answers == [302] * 5 + [429]
    assert len(mail.outbox) == 3  # no more than three e-mails an hour to one address, the answer unchanged


def test_an_administrator_unlocks_a_locked_account(role_users, user_password, settings):
    user = role_users[Role.RISK_ANALYST]
    locked_out = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(locked_out, user.username, "wrong-password-1")
    assert _sign_in(locked_out, user.username, user_password).status_code == 429

    admin = Client()
    admin.force_login(role_users[Role.ADMINISTRATOR])
    detail = admin.get(f"/users/{user.pk}/").content.decode()
    assert "Locked after" in detail and "Unlock" in detail

    auditor = Client()
    auditor.force_login(role_users[Role.AUDITOR])
    assert auditor.post(f"/users/{user.pk}/unlock/").status_code == 403
    assert _sign_in(Client(), user.username, user_password).status_code == 429  # still locked

    assert admin.post(f"/users/{user.pk}/unlock/").status_code == 302
    event = AuditEvent.objects.get(verb="unlock", object_id=str(user.pk))
    assert event.actor_label == role_users[Role.ADMINISTRATOR].username
    assert _sign_in(Client(), user.username, user_password).status_code == 302


def test_an_administrator_sends_a_one_time_reset_link(role_users, settings):
    settings.STEADFAST_BASE_URL = "https://steadfast.example.com"
    user = _with_email(role_users[Role.CONTINUITY_MANAGER], "bcm@example.com")
    admin = Client()
    admin.force_login(role_users[Role.ADMINISTRATOR])
    page = admin.post(f"/users/{user.pk}/password-reset/")
    assert page.status_code == 200
    shown = re.search(r'data-testid="reset-link">([^<]+)<', page.content.decode()).group(1)
    [message] = mail.outbox
    assert _link_in(message.body.replace("https://", "http://")).replace("http://", "https://") == shown
    assert shown.startswith("https://steadfast.example.com/accounts/password/reset/")
    assert "administrator has sent you" in message.body
    assert AuditEvent.objects.filter(verb="send_password_reset", object_id=str(user.pk)).exists()

    client = Client()
    form = client.get(shown.removeprefix("https://steadfast.example.com"), follow=True)
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert _sign_in(Client(), user.username, NEW_PASSWORD).status_code == 302

    customer = Client()
    customer.force_login(role_users[Role.CUSTOMER_VIEWER])
    assert customer.post(f"/users/{user.pk}/password-reset/").status_code == 403


def test_a_weak_new_password_is_refused_and_changes_nothing(role_users, user_password):
    user = _with_email(role_users[Role.INCIDENT_MANAGER], "noc.lead@example.com")
    client = Client()
    client.post("/accounts/password/forgot/", {"email": "noc.lead@example.com"})
    form = client.get(_link_in(mail.outbox[0].body).split("8000", 1)[1], follow=True)
    refused = client.post(form.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})
    assert refused.status_code == 200 and b"This password is too short" in refused.content
    assert not AuditEvent.objects.filter(verb="reset_password").exists()
    assert _sign_in(Client(), user.username, user_password).status_code == 302
