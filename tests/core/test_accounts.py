"""Accounts, roles, scope, passwords, two-factor sign-in, tokens from the CLI."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, transaction
from django.test import Client

from steadfast.core.models import AuditEvent, User
from steadfast.core.roles import Role
from steadfast.core.services.accounts import create_user, require_two_factor

pytestmark = pytest.mark.django_db


def test_production_hashes_passwords_with_argon2():
    import steadfast.settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("password,reason", [("short-1", "too short"), ("password1234", "too common"),
                                              ("12345678901234", "entirely numeric")])
def test_weak_passwords_are_refused(password, reason):
    with pytest.raises(ValidationError) as error:
        create_user(actor=None, username="weak", role=Role.AUDITOR, password=password)
    assert reason in " ".join(error.value.messages)
    assert not User.objects.filter(username="weak").exists()


def test_createuser_cli_with_scope(home_supplier, capsys):
    call_command("createuser", "resp", role="supplier_respondent", supplier=home_supplier.ref, password="a-long-passphrase-7")
    user = User.objects.get(username="resp")
    assert user.supplier == home_supplier and user.role == Role.SUPPLIER_RESPONDENT
    assert AuditEvent.objects.filter(object_type="core.user", object_id=str(user.pk), verb="create").exists()


@pytest.mark.parametrize("args,message", [
    ({"role": "supplier_respondent"}, "needs the supplier"),
    ({"role": "auditor", "supplier": "SUP-NOPE"}, "^--supplier: no supplier with ref 'SUP-NOPE'"),
    ({"role": "risk_analyst", "customer": "CUS-X"}, "^--customer: no customer with ref 'CUS-X'"),
])
def test_createuser_cli_errors_are_clear(args, message):
    with pytest.raises(CommandError, match=message):
        call_command("createuser", "bad", password="a-long-passphrase-7", **args)
    assert not User.objects.filter(username="bad").exists()


def test_database_refuses_a_scoped_role_without_scope():
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="raw", role=Role.CUSTOMER_VIEWER)


def test_token_cli_prints_a_working_secret(admin_user):
    out = io.StringIO()
    call_command("token", "create", user=admin_user.username, expires_days=7, stdout=out)
    secret = out.getvalue().strip()
    assert secret.startswith("sf_")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me").status_code == 200
    with pytest.raises(CommandError, match="no user named 'ghost'"):
        call_command("token", "create", user="ghost")
    for days in (-1, 0, 99_999_999):  # the last once overflowed the date arithmetic into a traceback
        with pytest.raises(CommandError, match="from 1 to 3650"):
            call_command("token", "create", user=admin_user.username, expires_days=days)
    assert admin_user.api_tokens.count() == 1


def _totp_now(device) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_totp_enrolment_and_sign_in_with_code(role_users, user_password):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = role_users["privacy_officer"]
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/two-factor/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/", {"code": _totp_now(device)})
    assert response.status_code == 302
    assert TOTPDevice.objects.get(pk=device.pk).confirmed
    # Signing in now needs the code as well as the password.
    fresh = Client()
    page = fresh.post("/accounts/login/", {"username": user.username, "password": user_password})
    assert b"enter the code from your authenticator app" in page.content
    device.refresh_from_db()
    device.last_t = -1  # allow re-use of the current step in this test
    device.save()
    wrong = "000000" if _totp_now(device) != "000000" else "111111"
    refused = fresh.post("/accounts/login/", {"username": user.username, "password": user_password, "otp_token": wrong})
    assert b"not valid" in refused.content
    device.refresh_from_db()
    device.throttle_reset()  # a person would wait out the throttle after a wrong code
    signed_in = fresh.post("/accounts/login/", {"username": user.username, "password": user_password, "otp_token": _totp_now(device)})
    assert signed_in.status_code == 302


def test_role_requiring_two_factor_sends_members_to_enrolment(role_users):
    require_two_factor(actor=role_users["administrator"], role=Role.INCIDENT_MANAGER, required=True)
    client = Client()
    client.force_login(role_users["incident_manager"])
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].endswith("/accounts/two-factor/")
    # the API refuses an unverified session of such a role as well
    assert client.get("/api/v1/me").status_code == 401
    other = Client()
    other.force_login(role_users["risk_analyst"])
    assert other.get("/").status_code == 200


def test_admin_creates_a_user_on_the_users_page(role_users, home_customer):
    client = Client()
    client.force_login(role_users["administrator"])
    response = client.post("/users/", {"username": "viewer2", "role": "customer_viewer", "customer_ref": home_customer.ref,
                                       "password": "another-long-phrase-3", "email": ""})
    assert response.status_code == 302
    assert User.objects.get(username="viewer2").customer == home_customer
    error = client.post("/users/", {"username": "viewer3", "role": "customer_viewer", "customer_ref": "",
                                    "password": "another-long-phrase-3"})
    assert b"needs the customer" in error.content and not User.objects.filter(username="viewer3").exists()


def test_admin_deactivates_an_account_which_ends_its_sessions_and_tokens(role_users, user_password):
    from steadfast.core.services.tokens import create_token

    admin, leaver = role_users["administrator"], role_users["risk_analyst"]
    _, secret = create_token(actor=None, user=leaver, name="siem")
    session = Client()
    session.force_login(leaver)
    assert session.get("/").status_code == 200
    client = Client()
    client.force_login(admin)
    page = client.get("/users/").content.decode()
    assert f'href="/users/{leaver.pk}/"' in page  # the list links to each account
    response = client.post(f"/users/{leaver.pk}/", {"role": "risk_analyst", "email": leaver.email})  # box unticked
    assert response.status_code == 302
    leaver.refresh_from_db()
    assert not leaver.is_active
    event = AuditEvent.objects.filter(object_type="core.user", object_id=str(leaver.pk), verb="update").last()
    assert event.actor_label == admin.username and event.changes["is_active"] == [True, False]
    assert session.get("/").status_code == 302  # the open session is over
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me").status_code == 401
    refused = Client().post("/accounts/login/", {"username": leaver.username, "password": user_password})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session


def test_admin_changes_a_role_and_scope_with_clear_errors(role_users, home_supplier):
    admin, person = role_users["administrator"], role_users["auditor"]
    client = Client()
    client.force_login(admin)
    url = f"/users/{person.pk}/"
    error = client.post(url, {"role": "supplier_respondent", "is_active": "on"})
    assert b"needs the supplier" in error.content
    error = client.post(url, {"role": "supplier_respondent", "supplier_ref": "NOPE", "is_active": "on"})
    assert b"no supplier with ref" in error.content
    person.refresh_from_db()
    assert person.role == Role.AUDITOR
    ok = client.post(url, {"role": "supplier_respondent", "supplier_ref": home_supplier.ref, "is_active": "on"})
    assert ok.status_code == 302
    person.refresh_from_db()
    assert person.role == Role.SUPPLIER_RESPONDENT and person.supplier == home_supplier


def test_nobody_deactivates_or_demotes_their_own_account(role_users):
    admin = role_users["administrator"]
    client = Client()
    client.force_login(admin)
    page = client.post(f"/users/{admin.pk}/", {"role": "administrator"})
    assert b"cannot deactivate your own account" in page.content
    page = client.post(f"/users/{admin.pk}/", {"role": "auditor", "is_active": "on"})
    assert b"cannot change your own role" in page.content
    admin.refresh_from_db()
    assert admin.is_active and admin.role == Role.ADMINISTRATOR


def test_admin_resets_a_lost_authenticator_and_auditor_only_looks(role_users):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    person = role_users["incident_manager"]
    TOTPDevice.objects.create(user=person, name="phone", confirmed=True)
    auditor = Client()
    auditor.force_login(role_users["auditor"])
    assert auditor.get(f"/users/{person.pk}/").status_code == 200
    assert auditor.post(f"/users/{person.pk}/", {"role": "auditor", "is_active": "on"}).status_code == 403
    assert auditor.post(f"/users/{person.pk}/two-factor/reset/").status_code == 403
    admin = Client()
    admin.force_login(role_users["administrator"])
    assert b"Reset two-factor sign-in" in admin.get(f"/users/{person.pk}/").content
    assert admin.post(f"/users/{person.pk}/two-factor/reset/").status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert AuditEvent.objects.filter(object_id=str(person.pk), verb="disable_two_factor").exists()
