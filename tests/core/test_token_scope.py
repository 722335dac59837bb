"""Issue 16: API tokens carry a scope that the API enforces (a read-only token gets 403 on writes),
and bad bearer tokens are throttled per address (429 problem+json with Retry-After)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client

from steadfast.core.api.throttling import BadTokenThrottle
from steadfast.core.models import ApiToken
from steadfast.core.roles import Role
from steadfast.core.services.tokens import create_token, revoke_token
from steadfast.network.models import Supplier

pytestmark = pytest.mark.django_db

SUPPLIER = {"ref": "SUP-77001", "legal_name": "Hollmann Präzisionsteile GmbH", "country": "DE", "category": "components"}


def _bearer(secret: str, **extra) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}", **extra)


def test_a_read_only_token_reads_but_every_write_is_403(role_users):
    analyst = role_users[Role.RISK_ANALYST]
    token, secret = create_token(actor=None, user=analyst, name="dashboard")
    assert token.scope == "read"  # least privilege unless asked
    client = _bearer(secret)
    assert client.get("/api/v1/suppliers").status_code == 200
    refused = client.post("/api/v1/suppliers", data=SUPPLIER, content_type="application/json")
    assert refused.status_code == 403 and refused["Content-Type"] == "application/problem+json"
    assert "read-only" in refused.json()["detail"]
    assert not Supplier.objects.filter(ref="SUP-77001").exists()
    # The same account with a read-and-write token may write.
    _, writer = create_token(actor=None, user=analyst, name="sync", scope="write")
    created = _bearer(writer).post("/api/v1/suppliers", data=SUPPLIER, content_type="application/json")
    assert created.status_code == 201
    supplier_id = created.json()["id"]
    assert client.patch(f"/api/v1/suppliers/{supplier_id}", data={"legal_name": "x"},
                        content_type="application/json").status_code == 403
    assert client.delete(f"/api/v1/suppliers/{supplier_id}").status_code == 403
    assert Supplier.objects.filter(pk=supplier_id, legal_name=SUPPLIER["legal_name"]).exists()


def test_a_write_token_never_exceeds_its_role(role_users):
    _, secret = create_token(actor=None, user=role_users[Role.AUDITOR], name="w", scope="write")
    assert _bearer(secret).post("/api/v1/suppliers", data=SUPPLIER, content_type="application/json").status_code == 403


def test_the_scope_is_chosen_on_the_page_api_and_cli_and_shown(role_users, user_password):
    user = role_users[Role.RISK_ANALYST]
    session = Client()
    session.force_login(user)
    session.post("/accounts/tokens/", {"name": "SIEM export", "scope": "read", "password": user_password})
    session.post("/accounts/tokens/", {"name": "ERP sync", "scope": "write", "password": user_password})
    assert dict(ApiToken.objects.filter(user=user).values_list("name", "scope")) == {"SIEM export": "read",
                                                                                     "ERP sync": "write"}
    page = session.get("/accounts/profile/").content.decode()
    assert "Read only" in page and "Read and write" in page
    made = session.post("/api/v1/me/tokens", data={"name": "BI", "password": user_password},
                        content_type="application/json")
    assert made.status_code == 201 and made.json()["scope"] == "read"
    bad = session.post("/api/v1/me/tokens", data={"name": "x", "scope": "admin", "password": user_password},
                       content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "scope"
    out = io.StringIO()
    call_command("token", "create", user=user.username, scope="write", name="cli", stdout=out)
    assert ApiToken.objects.get(user=user, name="cli").scope == "write"
    listing = io.StringIO()
    call_command("token", "list", user=user.username, stdout=listing)
    assert "\tread\t" in listing.getvalue() and "\twrite\t" in listing.getvalue()


def test_the_database_refuses_an_unknown_scope(role_users):
    token, _ = create_token(actor=None, user=role_users[Role.AUDITOR], name="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(scope="admin")
    with pytest.raises(ValueError, match="scope"):
        create_token(actor=None, user=role_users[Role.AUDITOR], name="x", scope="admin")


# --- bad bearer tokens ----------------------------------------------------------------------------

@pytest.fixture
def clock(monkeypatch):
    now = [2_000_000.0]
    monkeypatch.setattr(BadTokenThrottle, "timer", staticmethod(lambda: now[0]))
    return now


def test_bad_bearer_tokens_are_throttled_per_address(settings, role_users, clock):
    settings.STEADFAST_API_BAD_TOKEN_RATE = "3/min"
    _, good = create_token(actor=None, user=role_users[Role.AUDITOR], name="good")
    for n in range(3):
        assert _bearer(f"sf_guess{n}").get("/api/v1/me").status_code == 401
        clock[0] += 5
    refused = _bearer("sf_guess9").get("/api/v1/me")
    assert refused.status_code == 429 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["status"] == 429 and refused["Retry-After"] == "45"
    # The address is held off for bearer requests, even with a good token, until the window slides.
    assert _bearer(good).get("/api/v1/me").status_code == 429
    # Another address is not affected; nor is a signed-in session from this one.
    assert _bearer(good, REMOTE_ADDR="198.51.100.20").get("/api/v1/me").status_code == 200
    session = Client()
    session.force_login(role_users[Role.AUDITOR])
    assert session.get("/api/v1/me").status_code == 200
    clock[0] += 46
    assert _bearer(good).get("/api/v1/me").status_code == 200


def test_revoked_tokens_count_as_bad_and_good_ones_do_not(settings, role_users, clock):
    settings.STEADFAST_API_BAD_TOKEN_RATE = "2/min"
    token, secret = create_token(actor=None, user=role_users[Role.AUDITOR], name="good")
    assert {_bearer(secret).get("/api/v1/me").status_code for _ in range(5)} == {200}
    revoke_token(actor=None, token=token)
    assert [_bearer(secret).get("/api/v1/me").status_code for _ in range(3)] == [401, 401, 429]
    settings.STEADFAST_API_BAD_TOKEN_RATE = None  # "off"
    assert _bearer(secret).get("/api/v1/me").status_code == 401
