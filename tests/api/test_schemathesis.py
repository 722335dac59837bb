"""Schemathesis over the whole API: every operation of the OpenAPI document gets a bounded number of
generated requests (valid and invalid ones), and every answer must be no server error, a status the
document lists for that operation, and a body that matches the document's schema for that status.

Two principals: an administrator (every operation, writes included) and a supplier respondent
(the reads only: GET operations). Requests go through Django's WSGI handler in this process, so
they see the test's database."""

from __future__ import annotations

import os

import pytest
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis import openapi as schemathesis_openapi
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from steadfast.core.services.tokens import create_token

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = int(os.environ.get("STEADFAST_SCHEMATHESIS_EXAMPLES", "4"))


def _run(schema, token: str, *, methods: set[str]) -> list[str]:
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.method.upper() not in methods:
            continue
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(case=operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, database=None, derandomize=True,
                      phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
            def check(case):
                response = case.call(headers={"Authorization": f"Bearer {token}"})
                case.validate_response(response, checks=CHECKS)

            try:
                check()
            except (Exception, ExceptionGroup) as exc:  # noqa: BLE001 - one report for every operation
                failures.append(f"{operation.label} [{mode.value}]: {str(exc)[:1500]}")
    return failures


@pytest.fixture
def schema(db, settings):
    """The document as the server hands it out. The WSGI handler closes the database connection at
    the end of each request (as a server must); the test's transaction has to outlive them, so that
    hook is held off, as Django's own test client does."""
    settings.STEADFAST_API_RATE_PER_TOKEN = None  # "off": the limits have their own tests
    settings.STEADFAST_API_RATE_PER_ADDRESS = None
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis_openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.slow
def test_every_operation_as_an_administrator(schema, api_map, admin_user):
    _, token = create_token(actor=None, user=admin_user, name="schemathesis")
    failures = _run(schema, token, methods={"GET", "POST", "PUT", "PATCH", "DELETE"})
    assert not failures, "\n\n".join(failures)


@pytest.mark.slow
def test_every_read_as_a_supplier_respondent(schema, api_map, make_user):
    respondent = make_user("supplier_respondent", supplier=api_map["supplier"])
    _, token = create_token(actor=None, user=respondent, name="schemathesis")
    failures = _run(schema, token, methods={"GET"})
    assert not failures, "\n\n".join(failures)
