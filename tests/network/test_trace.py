"""Trace correctness on the hand-built map (tests/network/conftest.py), both ways, and its cost."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from steadfast.network import selectors
from steadfast.network.selectors import trace_types


def test_supplier_trace_reaches_products_and_networks_through_every_bom_level(business_map, admin_user):
    trace = selectors.supplier_trace(user=admin_user, supplier_id=business_map.acme.pk)
    assert [s.ref for s in trace.sites] == ["ACME-F1"]
    assert sorted(s.item.ref for s in trace.sourced_items) == ["CHIP", "PSU"]
    sole = {s.item.ref: s.sole_source for s in trace.sourced_items}
    assert sole == {"CHIP": False, "PSU": True}  # BETA also makes CHIP
    assert sorted(p.product.ref for p in trace.products) == ["ROUTER", "SWITCH"]
    switch = next(p for p in trace.products if p.product.ref == "SWITCH")
    assert [i.ref for i in switch.path] == ["CHIP", "BOARD", "SWITCH"]
    assert sorted(n.ref for n in trace.networks) == ["NET-A", "NET-B"]
    assert trace.subscribers == 1_200_000
    assert trace.annual_revenue == Decimal(1500)
    assert [s.ref for s in trace.sub_suppliers] == ["GAMMA"]


def test_sub_tier_supplier_trace_goes_up_from_the_raw_material(business_map, admin_user):
    trace = selectors.supplier_trace(user=admin_user, supplier_id=business_map.gamma.pk)
    assert sorted(p.product.ref for p in trace.products) == ["ROUTER", "SWITCH"]
    router = next(p for p in trace.products if p.product.ref == "ROUTER")
    assert [i.ref for i in router.path] == ["WAFER", "CHIP", "BOARD", "ROUTER"]


def test_alternative_source_does_not_hide_exposure_but_is_flagged(business_map, admin_user):
    trace = selectors.supplier_trace(user=admin_user, supplier_id=business_map.beta.pk)
    assert sorted(p.product.ref for p in trace.products) == ["LAMP", "ROUTER", "SWITCH"]
    assert {s.item.ref: s.other_sources for s in trace.sourced_items} == {"CASE": 0, "CHIP": 1}


def test_item_trace_lists_every_level_and_source(business_map, admin_user):
    tree = selectors.item_trace(user=admin_user, item_id=business_map.items["ROUTER"].pk)
    assert [(n.item.ref, n.depth) for n in tree.nodes] == [
        ("ROUTER", 0), ("BOARD", 1), ("CHIP", 2), ("WAFER", 3), ("CASE", 1), ("PSU", 1)]
    chip = next(n for n in tree.nodes if n.item.ref == "CHIP")
    assert sorted(s.site.ref for s in chip.sources) == ["ACME-F1", "BETA-F1"] and chip.quantity == 2
    assert tree.depth == 4 and tree.item_count == 6 and tree.source_count == 7
    assert sorted(i.ref for i in tree.single_sourced) == ["BOARD", "CASE", "PSU", "ROUTER", "WAFER"]
    assert [s.ref for s in tree.suppliers] == ["ACME", "BETA", "GAMMA"]


def test_item_trace_marks_shared_subassemblies_once(business_map, admin_user):
    from steadfast.network import services

    hub = services.create_item(actor=admin_user, ref="HUB", name="Hub", kind="product")
    for child in ("ROUTER", "SWITCH"):
        services.create_bom_line(actor=admin_user, parent=hub, child=business_map.items[child], quantity=1)
    tree = selectors.item_trace(user=admin_user, item_id=hub.pk)
    boards = [n for n in tree.nodes if n.item.ref == "BOARD"]
    assert [b.repeat for b in boards] == [False, True]
    assert tree.depth == 5


def test_network_trace_finds_suppliers_of_all_tiers(business_map, admin_user):
    trace = selectors.network_trace(user=admin_user, network_id=business_map.networks["NET-A"].pk)
    assert [p.product.ref for p in trace.products] == ["ROUTER"]
    assert trace.products[0].items == 6
    relations = {b.supplier.ref: b.relation for b in trace.suppliers}
    assert relations == {"ACME": "sources", "BETA": "sources", "GAMMA": "sources"}
    assert sorted(s.ref for s in trace.sites) == ["ACME-F1", "BETA-F1", "GAMMA-W1", "HQ-F1"]

    lamp_trace = selectors.network_trace(user=admin_user, network_id=business_map.networks["NET-C"].pk)
    relations = {b.supplier.ref: b.relation for b in lamp_trace.suppliers}
    assert relations == {"BETA": "sources"}


def test_network_trace_includes_sub_tier_and_parent_suppliers(business_map, admin_user):
    from steadfast.network import services

    delta = services.create_supplier(actor=admin_user, ref="DELTA", legal_name="Delta", country="US",
                                     category="logistics", tier=2, parent=business_map.beta)
    trace = selectors.network_trace(user=admin_user, network_id=business_map.networks["NET-C"].pk)
    assert {b.supplier.ref: b.relation for b in trace.suppliers} == {"BETA": "sources", "DELTA": "sub-tier"}
    assert delta.pk in {b.supplier.id for b in trace.suppliers}


def test_scoped_viewers_get_redacted_traces(business_map, make_user):
    respondent = make_user("supplier_respondent", supplier=business_map.acme)
    trace = selectors.supplier_trace(user=respondent, supplier_id=business_map.acme.pk)
    assert trace.redacted and trace.products == [] and trace.networks == []
    assert sorted(s.item.ref for s in trace.sourced_items) == ["CHIP", "PSU"]
    viewer = make_user("customer_viewer", customer=business_map.tel)
    net = selectors.network_trace(user=viewer, network_id=business_map.networks["NET-A"].pk)
    assert net.redacted and net.suppliers == [] and [p.product.ref for p in net.products] == ["ROUTER"]


# The API's values derived from others (properties), per trace class: the rest of the answer is the
# dataclass fields, one for one.
API_PROPERTIES = {"SourcedItem": {"sole_source"}, "SupplierTrace": {"subscribers", "annual_revenue"},
                  "TreeNode": {"single_sourced", "unsourced"}}


def as_sent(value):
    """What the API must send for a selector's value: dataclasses as objects of their fields plus
    API_PROPERTIES, decimals as strings (ninja's convention), the rest as JSON has it."""
    if dataclasses.is_dataclass(value):
        names = [f.name for f in dataclasses.fields(value)] + sorted(API_PROPERTIES.get(type(value).__name__, ()))
        return {name: as_sent(getattr(value, name)) for name in names}
    if isinstance(value, list):
        return [as_sent(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    return value


def test_the_api_sends_exactly_the_selectors_trace(business_map, admin_user, make_user, api_client_for):
    respondent = make_user("supplier_respondent", supplier=business_map.acme)
    viewer = make_user("customer_viewer", customer=business_map.tel)
    cases = [(selectors.supplier_trace, "suppliers", "supplier_id", business_map.acme.pk, admin_user),
             (selectors.supplier_trace, "suppliers", "supplier_id", business_map.acme.pk, respondent),
             (selectors.supplier_trace, "suppliers", "supplier_id", business_map.gamma.pk, admin_user),
             (selectors.item_trace, "items", "item_id", business_map.items["ROUTER"].pk, admin_user),
             (selectors.network_trace, "networks", "network_id", business_map.networks["NET-A"].pk, admin_user),
             (selectors.network_trace, "networks", "network_id", business_map.networks["NET-A"].pk, viewer)]
    for trace_of, path, key, pk, user in cases:
        response = api_client_for(user).get(f"/api/v1/{path}/{pk}/trace")
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        expected = as_sent(trace_of(user=user, **{key: pk}))
        assert response.json() == expected, (path, user.username)
    supplier = api_client_for(admin_user).get(f"/api/v1/suppliers/{business_map.acme.pk}/trace").json()
    assert supplier["annual_revenue"] == "1500.00" and supplier["subscribers"] == 1_200_000
    assert {s["item"]["ref"]: s["sole_source"] for s in supplier["sourced_items"]} == {"CHIP": False, "PSU": True}


def test_the_openapi_document_describes_the_trace_dataclasses(admin_api):
    """The OpenAPI schemas are generated from the same dataclasses: fields, then the API properties."""
    document = admin_api.get("/api/v1/openapi.json").json()
    schemas = document["components"]["schemas"]
    for name in ("SupplierTrace", "SourcingTree", "NetworkTrace", "TreeNode", "SourcedItem", "SiteRef"):
        cls = getattr(trace_types, name)
        expected = [f.name for f in dataclasses.fields(cls)] + sorted(API_PROPERTIES.get(name, ()))
        assert sorted(schemas[name]["properties"]) == sorted(expected), name
        assert sorted(schemas[name]["required"]) == sorted(expected), name
    operation = document["paths"]["/api/v1/suppliers/{supplier_id}/trace"]["get"]
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/SupplierTrace"}
    assert schemas["SupplierTrace"]["properties"]["annual_revenue"]["type"] == "string"
