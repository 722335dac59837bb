"""Services: audited writes, clear errors that change nothing, the BOM cycle check, tier rules."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from steadfast.core.models import AuditEvent
from steadfast.network import services
from steadfast.network.models import BomLine, Supplier


def test_create_update_delete_write_one_audit_event_each(db, admin_user):
    before = AuditEvent.objects.count()
    supplier = services.create_supplier(actor=admin_user, ref="S1", legal_name="One", country="de", category="software")
    assert supplier.country == "DE"
    services.update_supplier(actor=admin_user, supplier=supplier, legal_name="One Ltd")
    services.delete_supplier(actor=admin_user, supplier=supplier)
    events = list(AuditEvent.objects.order_by("seq")[before:])
    assert [(e.verb, e.object_type) for e in events] == [
        ("create", "network.supplier"), ("update", "network.supplier"), ("delete", "network.supplier")]
    assert events[1].changes == {"legal_name": ["One", "One Ltd"]}


def test_bom_cycle_is_rejected_with_the_items_in_order(business_map, admin_user):
    count = BomLine.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.create_bom_line(actor=admin_user, parent="WAFER", child="ROUTER", quantity=1)
    assert caught.value.message_dict == {"child": ["BOM cycle: WAFER → ROUTER → BOARD → CHIP → WAFER"]}
    with pytest.raises(ValidationError) as caught:
        services.create_bom_line(actor=admin_user, parent="CASE", child="CASE", quantity=1)
    assert caught.value.message_dict == {"child": ["BOM cycle: CASE → CASE"]}
    assert BomLine.objects.count() == count


def test_find_cycle_for_bulk_checks():
    assert services.find_cycle([("A", "B"), ("B", "C"), ("C", "A")]) == ["A", "B", "C", "A"]
    assert services.find_cycle([("A", "B"), ("A", "C"), ("B", "C")]) is None
    deep = [(i, i + 1) for i in range(50_000)]
    assert services.find_cycle(deep) is None
    assert services.cycle_message(["A", "B", "A"]) == "BOM cycle: A → B → A"


def test_sub_tier_supplier_needs_a_lower_tier_parent(business_map, admin_user):
    with pytest.raises(ValidationError) as caught:
        services.create_supplier(actor=admin_user, ref="T2", legal_name="T2", country="DE", category="logistics", tier=2)
    assert "needs the supplier it supplies through" in caught.value.message_dict["parent"][0]
    with pytest.raises(ValidationError) as caught:
        services.create_supplier(actor=admin_user, ref="T2", legal_name="T2", country="DE", category="logistics",
                                 tier=2, parent="GAMMA")
    assert caught.value.message_dict["parent"] == ["GAMMA is tier 2: the parent of a tier-2 supplier must have a lower tier"]
    with pytest.raises(ValidationError) as caught:
        services.update_supplier(actor=admin_user, supplier=business_map.acme, tier=2, parent="BETA")
    assert "sub-tier supplier of ACME is tier 2" in caught.value.message_dict["tier"][0]
    assert not Supplier.objects.filter(ref="T2").exists()


def test_deployment_needs_a_product(business_map, admin_user):
    with pytest.raises(ValidationError) as caught:
        services.create_deployment(actor=admin_user, network="NET-A", product="CHIP")
    assert caught.value.message_dict == {"product": ["CHIP is a component, not a product: only products are deployed in networks"]}


def test_unknown_reference_and_unknown_field_are_named(db, admin_user):
    with pytest.raises(ValidationError) as caught:
        services.create_site(actor=admin_user, ref="X", name="X", kind="factory", country="DE", latitude=1, longitude=1,
                             owner_supplier="NOPE")
    assert caught.value.message_dict == {"owner_supplier": ["no supplier with ref 'NOPE'"]}
    with pytest.raises(ValidationError) as caught:
        services.create_item(actor=admin_user, ref="X", name="X", kind="component", colour="red")
    assert "colour" in caught.value.message_dict


def test_demand_only_on_products(db, admin_user):
    with pytest.raises(ValidationError) as caught:
        services.create_item(actor=admin_user, ref="X", name="X", kind="component", demand_per_day=3)
    assert "only products face external demand" in caught.value.message_dict["demand_per_day"][0]


def test_contract_dates_and_default_source_ref(business_map, admin_user):
    import datetime as dt

    with pytest.raises(ValidationError) as caught:
        services.create_contract(actor=admin_user, ref="C1", supplier="ACME", title="T", start_date=dt.date(2025, 1, 2),
                                 end_date=dt.date(2025, 1, 1))
    assert "ends (2025-01-01) before it starts (2025-01-02)" in caught.value.message_dict["end_date"][0]
    source = services.create_item_source(actor=admin_user, item="PSU", site="BETA-F1")
    assert source.ref == "PSU@BETA-F1"
