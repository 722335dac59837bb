"""The OpenAPI document says what the API does (issue 16): the errors of every operation, the
fields a job answer carries, the accepted orderings, decimals, and bounded numbers."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from steadfast.api import api
from steadfast.core.api.schemas import MAX_OFFSET


@pytest.fixture(scope="module")
def document():
    """The document as clients read it (JSON: status codes become strings)."""
    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


def _operations(document):
    for path, item in document["paths"].items():
        for method, operation in item.items():
            yield path, method, operation


def _problem(response, status: int) -> dict:
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["detail"]
    return body


def test_every_operation_documents_its_errors_as_problem_json(document):
    seen = 0
    for path, method, operation in _operations(document):
        responses = operation["responses"]
        expected = {"429"}
        if operation.get("security"):
            expected |= {"401", "403"}
        if "{" in path or "requestBody" in operation:
            expected.add("404")
        if method in ("post", "put", "patch", "delete"):
            expected.add("409")
        if operation.get("parameters") or "requestBody" in operation:
            expected.add("422")
        assert expected <= set(responses), (method, path, sorted(responses))
        for status in expected:
            assert "application/problem+json" in responses[status]["content"], (method, path, status)
        assert "Retry-After" in responses["429"]["headers"]
        seen += 1
    assert seen >= 80  # the whole API, not a corner of it
    problem = document["components"]["schemas"]["Problem"]
    assert set(problem["required"]) == {"type", "title", "status", "detail"}


def test_job_out_lists_the_fields_a_job_answer_has(document, admin_api, admin_user):
    from steadfast.core.models import Job

    job = Job.objects.create(kind="network.import", label="Import suppliers.csv", owner=admin_user, total=1200, done=300)
    answer = admin_api.get(f"/api/v1/jobs/{job.pk}").json()
    documented = document["components"]["schemas"]["JobOut"]
    assert set(documented["properties"]) == set(answer) and set(documented["required"]) == set(answer)
    assert answer["percent"] == 25
    # The scenario jobs answer the same schema (they used to name a different JobOut with fewer fields).
    scenario = document["paths"]["/api/v1/continuity/scenario-jobs/{scenario_job_id}"]["get"]
    assert scenario["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/JobOut")


def test_ordering_is_an_enum_of_what_the_operation_accepts(document, admin_api):
    listing = document["paths"]["/api/v1/suppliers"]["get"]
    ordering = next(p for p in listing["parameters"] if p["name"] == "ordering")
    assert {"ref", "-ref", "legal_name", "-tier", ""} <= set(ordering["schema"]["enum"])
    assert all(admin_api.get(f"/api/v1/suppliers?ordering={value}").status_code == 200
               for value in ordering["schema"]["enum"])
    body = _problem(admin_api.get("/api/v1/suppliers?ordering=password"), 422)
    assert [e["field"] for e in body["errors"]] == ["query.ordering"]
    for path, _, operation in _operations(document):
        for parameter in operation.get("parameters", []):
            if parameter["name"] == "ordering":
                assert parameter["schema"].get("enum"), path


def test_decimals_are_typed_as_decimals(document):
    schemas = document["components"]["schemas"]
    unit_cost = schemas["ItemOut"]["properties"]["unit_cost"]["anyOf"][0]
    assert unit_cost["type"] == "string" and unit_cost["format"] == "decimal"
    revenue = schemas["DeploymentOut"]["properties"]["annual_revenue"]
    assert revenue["format"] == "decimal"
    accepted = schemas["ItemIn"]["properties"]["unit_cost"]["anyOf"]
    assert {part["type"] for part in accepted} == {"number", "string"}


@pytest.mark.parametrize("url", [
    "/api/v1/suppliers?offset=9223372036854775808",
    "/api/v1/audit/events?offset=9223372036854775808",
    f"/api/v1/items?offset={MAX_OFFSET + 1}",
])
def test_an_offset_past_the_bound_is_a_422_naming_it(admin_api, url):
    body = _problem(admin_api.get(url), 422)
    assert [e["field"] for e in body["errors"]] == ["query.offset"]


def test_the_largest_offset_allowed_answers_an_empty_page(admin_api):
    assert admin_api.get(f"/api/v1/suppliers?offset={MAX_OFFSET}").json()["items"] == []


@pytest.mark.parametrize("url", [
    "/api/v1/items/9223372036854775808",
    "/api/v1/suppliers/99999999999999999999999/trace",
    "/api/v1/security/suppliers/-8628605489741333164779468784284991488/sboms",  # found by Schemathesis: a 500
])
def test_an_id_past_any_integer_is_not_found(admin_api, url):
    _problem(admin_api.get(url), 404)


@pytest.mark.parametrize("url", [
    "/api/v1/items?supplier_id=9223372036854775808",
    "/api/v1/networks?product_id=-9223372036854775809",
])
def test_a_filter_id_past_any_integer_is_a_422_naming_it(admin_api, url):
    body = _problem(admin_api.get(url), 422)
    assert body["errors"][0]["field"].startswith("query.")


def test_an_over_long_query_string_answers_problem_json(admin_api, client, settings):
    long_search = "x" * (settings.STEADFAST_MAX_URL_BYTES + 10)
    body = _problem(admin_api.get(f"/api/v1/suppliers?search={long_search}"), 414)
    assert "at most 4,096" in body["detail"]
    page = client.get(f"/network/suppliers/?q={long_search}")
    assert page.status_code == 414 and page["Content-Type"].startswith("text/plain")


def test_serve_sets_gunicorn_request_line_above_the_application_limit(settings):
    from steadfast.core.processes import gunicorn_request_line_limit

    assert settings.STEADFAST_MAX_URL_BYTES < gunicorn_request_line_limit() <= 8190


def test_a_nul_byte_in_a_query_parameter_is_refused_by_name(admin_api, admin_user, client):
    # PostgreSQL cannot hold or compare NUL in text: without the check this was a 500 there
    # (found by Schemathesis), and on SQLite a search that silently matched nothing.
    body = _problem(admin_api.get("/api/v1/suppliers?search=a%00b"), 400)
    assert "'search'" in body["detail"] and "NUL" in body["detail"]
    client.force_login(admin_user)
    page = client.get("/suppliers/?q=%00")
    assert page.status_code == 400 and "'q'" in page.content.decode()
