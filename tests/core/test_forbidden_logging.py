"""Every refused request (403), page or API, logs one line naming the path and the user: no traceback."""

from __future__ import annotations

import logging

from django.test import Client

from steadfast.core.roles import Role


def _forbidden_records(caplog):
    return [r for r in caplog.records if r.name == "django.request" and getattr(r, "status_code", None) == 403]


def test_a_refused_page_logs_one_line(role_users, caplog):
    client = Client()
    client.force_login(role_users[Role.CUSTOMER_VIEWER])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/users/")
    assert response.status_code == 403
    [record] = _forbidden_records(caplog)
    assert record.exc_info is None and record.exc_text is None
    line = record.getMessage()
    assert line == "Forbidden: GET /users/ for customer-viewer"
    assert "Traceback" not in caplog.text and "\n" not in line


def test_a_refused_api_call_logs_one_line(role_users, api_client_for, caplog):
    client = api_client_for(role_users[Role.CUSTOMER_VIEWER])
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/api/v1/audit/events")
    assert response.status_code == 403
    [record] = _forbidden_records(caplog)
    assert record.exc_info is None
    assert record.getMessage().startswith("Forbidden: GET /api/v1/audit/events for customer-viewer")
    assert "Traceback" not in caplog.text
