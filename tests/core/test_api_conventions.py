"""API conventions: problem+json errors with per-field messages, never a 500 for bad input."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_session(admin_user) -> Client:
    """Only a signed-in session creates tokens (a token cannot), so the body checks use one."""
    client = Client()
    client.force_login(admin_user)
    return client


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def test_malformed_json_is_a_400_problem(admin_session):
    response = admin_session.post("/api/v1/me/tokens", data="{not json", content_type="application/json")
    _problem(response, 400)


def test_wrong_type_names_the_field(admin_session, user_password):
    response = admin_session.post("/api/v1/me/tokens", data={"name": "x", "expires_days": "soon", "password": user_password}, content_type="application/json")
    body = _problem(response, 422)
    # Body fields are named as the client sent them (no "body.<parameter>." prefix).
    assert [e["field"] for e in body["errors"]] == ["expires_days"]


def test_unknown_field_is_rejected(admin_session, user_password):
    response = admin_session.post("/api/v1/me/tokens", data={"name": "x", "colour": "red", "password": user_password}, content_type="application/json")
    body = _problem(response, 422)
    assert body["errors"] == [{"field": "colour", "message": "unknown field"}]


def test_a_body_that_is_not_an_object_is_a_422(admin_session):
    body = _problem(admin_session.post("/api/v1/me/tokens", data="[1, 2]", content_type="application/json"), 422)
    assert body["errors"][0]["field"] == "body"


def test_out_of_range_value_is_rejected(admin_session, user_password):
    body = _problem(admin_session.post("/api/v1/me/tokens", data={"name": "x", "expires_days": 0, "password": user_password},
                                   content_type="application/json"), 422)
    assert any(e["field"].endswith("expires_days") for e in body["errors"])


def test_oversized_body_is_a_413_problem(admin_session, settings):
    big = json.dumps({"name": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})
    _problem(admin_session.post("/api/v1/me/tokens", data=big, content_type="application/json"), 413)


def test_list_limit_is_capped(admin_api):
    body = _problem(admin_api.get("/api/v1/audit/events?limit=501"), 422)
    assert body["errors"][0]["field"] == "query.limit"
    assert admin_api.get("/api/v1/audit/events?limit=500").status_code == 200


def test_bad_ordering_is_a_422(admin_api):
    _problem(admin_api.get("/api/v1/audit/events?ordering=password"), 422)


def test_list_returns_count_and_items(admin_api):
    body = admin_api.get("/api/v1/audit/events?limit=2&offset=1&ordering=seq").json()
    assert body["count"] >= 3 and len(body["items"]) == 2 and body["items"][0]["seq"] == 2


def test_unknown_route_and_wrong_method_are_problems(admin_api):
    _problem(admin_api.get("/api/v1/no-such-thing"), 404)
    response = admin_api.put("/api/v1/audit/events", data="{}", content_type="application/json")
    _problem(response, 405)


def test_missing_or_bad_token_is_401(db):
    _problem(Client().get("/api/v1/me"), 401)
    _problem(Client(HTTP_AUTHORIZATION="Bearer sf_nope").get("/api/v1/me"), 401)


def test_token_lifecycle_shown_once_stored_hashed_revocable(admin_api, admin_session, admin_user, user_password):
    from steadfast.core.models import ApiToken

    created = admin_session.post("/api/v1/me/tokens", data={"name": "ci", "expires_days": 5, "password": user_password},
                                 content_type="application/json")
    assert created.status_code == 201
    secret = created.json()["secret"]
    stored = ApiToken.objects.get(pk=created.json()["id"])
    assert secret not in (stored.key_hash, stored.prefix) and len(stored.key_hash) == 64
    assert "secret" not in admin_api.get("/api/v1/me/tokens").json()[0]
    fresh = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert fresh.get("/api/v1/me").json()["username"] == admin_user.username
    assert admin_api.delete(f"/api/v1/me/tokens/{stored.pk}").status_code == 204
    assert fresh.get("/api/v1/me").status_code == 401


def test_expired_token_is_refused(admin_user):
    import datetime as dt

    from django.utils import timezone

    from steadfast.core.services.tokens import create_token

    token, secret = create_token(actor=None, user=admin_user, name="old", expires_days=1)
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    assert Client(HTTP_AUTHORIZATION=f"Bearer {secret}").get("/api/v1/me").status_code == 401


def test_session_writes_need_the_csrf_token(admin_user, user_password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post("/api/v1/me/tokens", data={"name": "x", "password": user_password}, content_type="application/json")
    _problem(response, 403)
    client.get("/accounts/profile/")
    csrf = client.cookies["csrftoken"].value
    ok = client.post("/api/v1/me/tokens", data={"name": "x", "password": user_password}, content_type="application/json",
                     HTTP_X_CSRFTOKEN=csrf)
    assert ok.status_code == 201


def test_openapi_document_and_docs_page(admin_api):
    spec = admin_api.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/v1/audit/events" in spec["paths"]
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200 and b"swagger-ui" in docs.content and b"cdn" not in docs.content.lower()


def test_the_api_description_keeps_the_token_placeholder(admin_api):
    # Swagger UI renders the description as Markdown: <token> outside a code span would vanish as a tag.
    description = admin_api.get("/api/v1/openapi.json").json()["info"]["description"]
    assert "`Authorization: Bearer <token>`" in description
