"""Scope by inference: filters on related records read them through the viewer's scope, and a
redacted trace never says how an item is sourced beyond the viewer's own records (one rule for the
item, supplier and network traces, in the API, the pages and the CSV)."""

from __future__ import annotations

import csv
import io

from django.test import Client
from django.urls import reverse

from steadfast.network import services
from steadfast.network.models import Customer, Item, Supplier


def _count(client, query: str) -> int:
    response = client.get(f"/api/v1/items?{query}")
    assert response.status_code == 200, response.content
    return response.json()["count"]


def test_supplier_respondent_cannot_find_co_suppliers_by_enumerating_ids(business_map, make_user, api_client_for):
    """The probe: `?supplier_id=N` for every N answered 1 for a co-supplier (BETA also makes CHIP)."""
    acme = business_map.acme
    api = api_client_for(make_user("supplier_respondent", supplier=acme))
    nothing = _count(api, "supplier_id=999999")  # a supplier that does not exist
    assert nothing == 0
    # Every id there is, and two past the last (ids do not restart at 1 per test on PostgreSQL, and a
    # walk over all of 1..N there would meet the API's rate limit before the leak).
    ids = sorted(Supplier.objects.values_list("pk", flat=True))
    answers = {pk: _count(api, f"supplier_id={pk}") for pk in [*ids, ids[-1] + 1, ids[-1] + 2] if pk != acme.pk}
    assert set(answers.values()) == {nothing}, answers  # BETA (a co-supplier of CHIP) answers as nothing does
    assert _count(api, f"supplier_id={acme.pk}") == 2  # its own filter still works: CHIP and PSU


def test_customer_viewer_cannot_learn_what_other_customers_run(business_map, make_user, api_client_for, admin_user):
    tel = business_map.tel
    rival = services.create_customer(actor=admin_user, ref="RIV", name="Rival Mobile", country="ES")
    net = services.create_customer_network(actor=admin_user, ref="RIV-1", customer=rival, name="Rival LTE",
                                           country="ES", kind="mobile", subscribers=1_000)
    services.create_deployment(actor=admin_user, network=net, product=business_map.items["ROUTER"], annual_revenue=5)
    api = api_client_for(make_user("customer_viewer", customer=rival))
    ids = sorted(Customer.objects.values_list("pk", flat=True))
    answers = {pk: _count(api, f"customer_id={pk}") for pk in [*ids, ids[-1] + 1, ids[-1] + 2] if pk != rival.pk}
    assert set(answers.values()) == {0}, answers  # TEL runs ROUTER too: not this viewer's business
    assert _count(api, f"customer_id={rival.pk}") == 1
    # The same for the networks filtered by a product: only its own networks answer.
    router_id = business_map.items["ROUTER"].pk
    rows = api.get(f"/api/v1/networks?product_id={router_id}").json()
    assert [n["ref"] for n in rows["items"]] == ["RIV-1"]
    # Our own staff still filter by any customer.
    assert _count(api_client_for(admin_user), f"customer_id={tel.pk}") == 3


def test_one_redaction_rule_for_item_and_supplier_traces(business_map, make_user, api_client_for):
    """The item trace said "single_sourced: true" where the supplier trace said "other sources": a
    redacted trace now says neither, for every item the respondent can open."""
    acme = business_map.acme
    respondent = make_user("supplier_respondent", supplier=acme)
    api = api_client_for(respondent)
    supplier_trace = api.get(f"/api/v1/suppliers/{acme.pk}/trace").json()
    assert supplier_trace["redacted"] is True
    assert {(r["other_sources"], r["sole_source"]) for r in supplier_trace["sourced_items"]} == {(None, None)}
    for item in Item.objects.all():
        response = api.get(f"/api/v1/items/{item.pk}/trace")
        if item.ref not in ("CHIP", "PSU"):
            assert response.status_code == 404, item.ref
            continue
        tree = response.json()
        assert tree["redacted"] is True and tree["single_sourced"] == [] and tree["unsourced"] == []
        assert [(n["single_sourced"], n["unsourced"]) for n in tree["nodes"]] == [(None, None)], item.ref
        assert {s["site"]["supplier"]["ref"] for n in tree["nodes"] for s in n["sources"]} == {"ACME"}

    client = Client()
    client.force_login(respondent)
    chip = business_map.items["CHIP"]
    page = client.get(reverse("network:item_trace", kwargs={"item_id": chip.pk})).content.decode()
    assert "single source" not in page and "single-sourced" not in page and "no source" not in page
    rows = client.get(reverse("network:item_trace_csv", kwargs={"item_id": chip.pk, "kind": "item", "table": "nodes"}))
    header = next(csv.reader(io.StringIO(rows.content.decode())))
    assert "single_sourced" not in header and "unsourced" not in header


def test_customer_viewer_network_trace_has_no_sourcing_counts(business_map, make_user, api_client_for, admin_user):
    net = business_map.networks["NET-A"]
    viewer = api_client_for(make_user("customer_viewer", customer=business_map.tel))
    trace = viewer.get(f"/api/v1/networks/{net.pk}/trace").json()
    assert trace["redacted"] is True
    assert [(p["items"], p["single_sourced"]) for p in trace["products"]] == [(None, None)]
    full = api_client_for(admin_user).get(f"/api/v1/networks/{net.pk}/trace").json()
    assert [(p["items"], p["single_sourced"]) for p in full["products"]] == [(6, 5)]  # all but CHIP (two sources)
