"""Traces read the map as it is now (nothing is cached between traces, whatever wrote the change),
the collector pause around a trace is always undone, and id lists of any length work."""

from __future__ import annotations

import gc
import threading

import pytest
from django.http import Http404

from steadfast.network import selectors, services
from steadfast.network.collector import collector_paused
from steadfast.network.models import BomLine, Item, ItemSource
from steadfast.network.selectors import trace_queries
from steadfast.network.selectors.trace_types import trace_json


def product_refs(trace) -> list[str]:
    return sorted(p.product.ref for p in trace.products)


def test_bom_changes_through_the_services_show_in_the_next_trace(business_map, admin_user):
    beta, items = business_map.beta, business_map.items
    assert product_refs(selectors.supplier_trace(user=admin_user, supplier_id=beta.pk)) == ["LAMP", "ROUTER", "SWITCH"]

    hub = services.create_item(actor=admin_user, ref="HUB", name="Hub", kind="product")
    line = services.create_bom_line(actor=admin_user, parent=hub, child=items["CASE"], quantity=3)
    trace = selectors.supplier_trace(user=admin_user, supplier_id=beta.pk)
    assert product_refs(trace) == ["HUB", "LAMP", "ROUTER", "SWITCH"]
    assert [i.ref for i in next(p for p in trace.products if p.product.ref == "HUB").path] == ["CASE", "HUB"]
    tree = selectors.item_trace(user=admin_user, item_id=hub.pk)
    assert [(n.item.ref, n.quantity) for n in tree.nodes] == [("HUB", 1.0), ("CASE", 3.0)]

    services.update_bom_line(actor=admin_user, line=line, quantity=5)
    tree = selectors.item_trace(user=admin_user, item_id=hub.pk)
    assert [(n.item.ref, n.quantity) for n in tree.nodes] == [("HUB", 1.0), ("CASE", 5.0)]

    lamp_line = BomLine.objects.get(parent=items["LAMP"], child=items["CASE"])
    services.delete_bom_line(actor=admin_user, line=lamp_line)
    assert product_refs(selectors.supplier_trace(user=admin_user, supplier_id=beta.pk)) == ["HUB", "ROUTER", "SWITCH"]
    lamp_net = selectors.network_trace(user=admin_user, network_id=business_map.networks["NET-C"].pk)
    assert lamp_net.products[0].items == 1 and lamp_net.suppliers == [] and lamp_net.sites == []


def test_bulk_writes_that_bypass_the_services_show_in_the_next_trace(business_map, admin_user):
    """Imports and the demo loader write with bulk_create/update, without signals or audit: a trace
    must not depend on any of those to see the change."""
    items = business_map.items
    net_a = business_map.networks["NET-A"].pk
    before = selectors.network_trace(user=admin_user, network_id=net_a)
    assert before.products[0].items == 6 and before.items == 6

    bolt = Item.objects.create(ref="BOLT", name="Bolt", kind="component")
    BomLine.objects.bulk_create([BomLine(parent=items["CASE"], child=bolt, quantity=4)])
    ItemSource.objects.bulk_create([ItemSource(ref="BOLT@GAMMA-W1", item=bolt, site=business_map.sites["GAMMA-W1"])])
    after = selectors.network_trace(user=admin_user, network_id=net_a)
    assert after.products[0].items == 7 and after.products[0].single_sourced == before.products[0].single_sourced + 1
    gamma = selectors.supplier_trace(user=admin_user, supplier_id=business_map.gamma.pk)
    assert [s.item.ref for s in gamma.sourced_items] == ["BOLT", "WAFER"]
    assert [i.ref for i in next(p for p in gamma.products if p.product.ref == "LAMP").path] == ["BOLT", "CASE", "LAMP"]

    BomLine.objects.filter(parent=items["CASE"], child=bolt).update(quantity=7)
    router = selectors.item_trace(user=admin_user, item_id=items["ROUTER"].pk)
    assert next(n.quantity for n in router.nodes if n.item.ref == "BOLT") == 7

    BomLine.objects.filter(child=bolt).delete()
    assert selectors.network_trace(user=admin_user, network_id=net_a).products[0].items == 6


def test_supplier_paths_are_shortest_and_the_same_every_time(business_map, admin_user):
    """With two ways up from CHIP to ROUTER, the trace shows the shorter one, the same on every call."""
    services.create_bom_line(actor=admin_user, parent=business_map.items["ROUTER"], child=business_map.items["CHIP"],
                             quantity=1)
    paths = {tuple(i.ref for i in p.path) for _ in range(3)
             for p in selectors.supplier_trace(user=admin_user, supplier_id=business_map.acme.pk).products}
    assert paths == {("CHIP", "ROUTER"), ("CHIP", "BOARD", "SWITCH")}


def test_id_lists_of_any_length_are_one_parameter(business_map):
    """More ids than SQLite allows parameters (32,766): the reads behind the network trace still work."""
    site_ids = [site.pk for site in business_map.sites.values()]
    rows = trace_queries.sites_with_owners(site_ids + list(range(10**9, 10**9 + 40_000)))
    assert sorted(row[1] for row in rows) == ["ACME-F1", "BETA-F1", "GAMMA-W1", "HQ-F1"]
    owners = {row[1]: row[6] for row in rows}
    assert owners["ACME-F1"] == "ACME" and owners["HQ-F1"] is None
    direct = {business_map.acme.pk, *range(10**9, 10**9 + 40_000)}
    assert [(relation, row[1]) for relation, row in trace_queries.supplier_chain(direct)] == [("sub-tier", "GAMMA")]


def test_the_collector_runs_again_after_a_trace_even_one_that_fails(business_map, admin_user):
    assert gc.isenabled()
    selectors.supplier_trace(user=admin_user, supplier_id=business_map.acme.pk)
    selectors.item_trace(user=admin_user, item_id=business_map.items["ROUTER"].pk)
    trace_json(selectors.network_trace(user=admin_user, network_id=business_map.networks["NET-A"].pk))
    assert gc.isenabled()
    with pytest.raises(Http404):
        selectors.supplier_trace(user=admin_user, supplier_id=0)
    assert gc.isenabled()


def test_the_collector_pause_is_shared_by_overlapping_work_and_leaves_other_pauses_alone():
    seen = []

    @collector_paused()
    def inner():
        seen.append(gc.isenabled())

    @collector_paused()
    def outer():
        inner()
        seen.append(gc.isenabled())

    outer()
    assert seen == [False, False] and gc.isenabled()

    first_inside, release = threading.Event(), threading.Event()

    @collector_paused()
    def slow():
        first_inside.set()
        release.wait(5)

    @collector_paused()
    def quick():
        seen.append(gc.isenabled())

    worker = threading.Thread(target=slow)
    worker.start()
    first_inside.wait(5)
    quick()  # ends while `slow` still runs: the collector stays paused for it
    assert not gc.isenabled()
    release.set()
    worker.join(5)
    assert gc.isenabled()

    gc.disable()  # a pause made outside collector.py is its maker's to undo
    try:
        quick()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_trace_inside_an_import_keeps_the_imports_pause(business_map, admin_user):
    """Imports and traces share one pause: the trace ending does not switch the collector back on
    under a running import, and the import's end does."""
    with collector_paused():
        selectors.supplier_trace(user=admin_user, supplier_id=business_map.acme.pk)
        assert not gc.isenabled()
    assert gc.isenabled()
