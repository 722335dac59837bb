"""API: CRUD by ref, validation errors as problem+json, scope, traces, constant query counts."""

from __future__ import annotations

import json

import pytest

from steadfast.network.models import Site


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def patch(client, path, body):
    return client.patch(path, data=json.dumps(body), content_type="application/json")


def test_crud_round_trip_by_ref(business_map, admin_api):
    created = post(admin_api, "/api/v1/sites", {"ref": "NEW-1", "owner_supplier": "BETA", "name": "New", "kind": "warehouse",
                                                "country": "cn", "latitude": 31.2, "longitude": 121.5})
    assert created.status_code == 201, created.content
    site = created.json()
    assert site["owner_supplier_ref"] == "BETA" and site["country"] == "CN"
    changed = patch(admin_api, f"/api/v1/sites/{site['id']}", {"name": "Renamed", "owner_supplier": business_map.acme.pk})
    assert changed.status_code == 200 and changed.json()["owner_supplier_ref"] == "ACME"
    assert admin_api.get(f"/api/v1/sites/{site['id']}").json()["name"] == "Renamed"
    assert admin_api.delete(f"/api/v1/sites/{site['id']}").status_code == 204
    assert not Site.objects.filter(ref="NEW-1").exists()


def test_list_filters_search_and_ordering(business_map, admin_api):
    body = admin_api.get("/api/v1/suppliers", {"tier": 1, "ordering": "-ref"}).json()
    refs = [s["ref"] for s in body["items"]]
    assert "GAMMA" not in refs and {"ACME", "BETA"} <= set(refs) and refs == sorted(refs, reverse=True)
    assert [s["ref"] for s in admin_api.get("/api/v1/suppliers", {"tier": 2}).json()["items"]] == ["GAMMA"]
    assert admin_api.get("/api/v1/items", {"kind": "product", "search": "rout"}).json()["count"] == 1
    bad = admin_api.get("/api/v1/suppliers", {"ordering": "secret"})
    assert bad.status_code == 422
    [error] = bad.json()["errors"]  # the accepted values are an enum of the parameter (OpenAPI too)
    assert error["field"] == "query.ordering" and "'-ref'" in error["message"]


def test_validation_errors_name_the_field_and_change_nothing(business_map, admin_api):
    response = post(admin_api, "/api/v1/bom", {"parent": "WAFER", "child": "ROUTER", "quantity": 1})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [{"field": "child", "message": "BOM cycle: WAFER → ROUTER → BOARD → CHIP → WAFER"}]
    response = post(admin_api, "/api/v1/suppliers", {"ref": "S", "legal_name": "S", "country": "DE", "category": "toys"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"].endswith("category")
    response = post(admin_api, "/api/v1/customers", {"ref": "C", "name": "C", "country": "FR", "colour": "red"})
    assert response.status_code == 422 and response.json()["errors"][0]["message"] == "unknown field"
    response = post(admin_api, "/api/v1/sites", {"ref": "ACME-F1", "name": "dup", "kind": "factory", "country": "DE",
                                                 "latitude": 1, "longitude": 1})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "ref"
    response = admin_api.delete(f"/api/v1/suppliers/{business_map.acme.pk}")
    assert response.status_code == 422 and "still used by" in response.json()["errors"][0]["message"]


@pytest.mark.parametrize("path,body,field", [
    ("suppliers/{acme}", {"notes": None}, "notes"),
    ("suppliers/{acme}", {"tier": None}, "tier"),
    ("suppliers/{acme}", {"tier": 0}, "tier"),
    ("suppliers/{acme}", {"legal_name": "x" * 300}, "legal_name"),
    ("sites/{site}", {"city": None}, "city"),
    ("sites/{site}", {"latitude": None}, "latitude"),
])
def test_patch_with_null_or_out_of_range_names_the_field_and_changes_nothing(business_map, admin_api, path, body, field):
    from steadfast.core.models import AuditEvent

    before = AuditEvent.objects.count()
    url = "/api/v1/" + path.format(acme=business_map.acme.pk, site=business_map.sites["ACME-F1"].pk)
    response = patch(admin_api, url, body)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert AuditEvent.objects.count() == before
    business_map.acme.refresh_from_db()
    assert business_map.acme.tier == 1 and business_map.acme.notes == ""


def test_patch_null_clears_an_optional_reference(business_map, admin_api):
    site = business_map.sites["ACME-F1"]
    response = patch(admin_api, f"/api/v1/sites/{site.pk}", {"owner_supplier": None})
    assert response.status_code == 200 and response.json()["owner_supplier_ref"] is None


def test_supplier_respondent_sees_only_its_supplier(business_map, make_user, api_client_for):
    client = api_client_for(make_user("supplier_respondent", supplier=business_map.acme))
    assert [s["ref"] for s in client.get("/api/v1/sites").json()["items"]] == ["ACME-F1"]
    assert [s["ref"] for s in client.get("/api/v1/suppliers").json()["items"]] == ["ACME"]
    assert sorted(i["ref"] for i in client.get("/api/v1/items").json()["items"]) == ["CHIP", "PSU"]
    assert client.get("/api/v1/networks").json()["count"] == 0
    assert client.get(f"/api/v1/sites/{business_map.sites['BETA-F1'].pk}").status_code == 404
    assert client.get(f"/api/v1/suppliers/{business_map.beta.pk}/trace").status_code == 404
    trace = client.get(f"/api/v1/suppliers/{business_map.acme.pk}/trace").json()
    assert trace["redacted"] is True and trace["networks"] == []


def test_scoped_accounts_get_items_without_our_costs_demand_or_margins(business_map, make_user, api_client_for,
                                                                       admin_api):
    router = business_map.items["ROUTER"]
    viewer = api_client_for(make_user("customer_viewer", customer=business_map.tel))
    seen = viewer.get(f"/api/v1/items/{router.pk}").json()
    assert seen["ref"] == "ROUTER"
    assert (seen["unit_cost"], seen["demand_per_day"], seen["margin_per_unit"]) == (None, None, None)
    assert all(i["margin_per_unit"] is None for i in viewer.get("/api/v1/items").json()["items"])
    assert viewer.get("/api/v1/items", {"ordering": "-unit_cost"}).status_code == 422  # no ranking by cost either
    respondent = api_client_for(make_user("supplier_respondent", supplier=business_map.acme))
    assert all(i["unit_cost"] is None for i in respondent.get("/api/v1/items").json()["items"])
    own = admin_api.get(f"/api/v1/items/{router.pk}").json()
    assert own["demand_per_day"] == 10 and own["margin_per_unit"] == "100.00"


def test_customer_viewer_sees_only_its_networks(business_map, make_user, api_client_for, customer_factory):
    client = api_client_for(make_user("customer_viewer", customer=business_map.tel))
    assert client.get("/api/v1/networks").json()["count"] == 3
    assert client.get("/api/v1/suppliers").json()["count"] == 0
    assert sorted(i["ref"] for i in client.get("/api/v1/items").json()["items"]) == ["LAMP", "ROUTER", "SWITCH"]
    other = customer_factory()
    assert client.get(f"/api/v1/customers/{other.pk}").status_code == 404


def test_trace_endpoints(business_map, admin_api):
    supplier = admin_api.get(f"/api/v1/suppliers/{business_map.acme.pk}/trace").json()
    assert supplier["subscribers"] == 1_200_000 and sorted(n["ref"] for n in supplier["networks"]) == ["NET-A", "NET-B"]
    tree = admin_api.get(f"/api/v1/items/{business_map.items['ROUTER'].pk}/trace").json()
    assert tree["depth"] == 4 and tree["nodes"][0]["item"]["ref"] == "ROUTER"
    network = admin_api.get(f"/api/v1/networks/{business_map.networks['NET-A'].pk}/trace").json()
    assert {s["supplier"]["ref"] for s in network["suppliers"]} == {"ACME", "BETA", "GAMMA"}


@pytest.mark.parametrize("path", ["/api/v1/suppliers", "/api/v1/sites", "/api/v1/items", "/api/v1/sources", "/api/v1/bom",
                                  "/api/v1/customers", "/api/v1/networks", "/api/v1/deployments", "/api/v1/contracts"])
def test_list_query_count_is_constant(business_map, admin_api, django_assert_max_num_queries, path):
    # The token lookup and the page itself: a handful, whatever the number of rows.
    with django_assert_max_num_queries(6):
        response = admin_api.get(path, {"limit": 500})
    assert response.status_code == 200
