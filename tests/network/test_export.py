"""Exports: lossless round trip for every kind (CSV and XLSX), the user's scope, the CLI, and the
continuity engine's network folder."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from steadfast.core.roles import Role
from steadfast.engine.io import load_network
from steadfast.network import models as m
from steadfast.network.exports import export_rows, write_csv, write_xlsx
from steadfast.network.importers import KINDS, run_import

# How each kind is disturbed before its export is imported back: rows deleted, or fields changed.
DISTURB = {
    "suppliers": lambda: m.Supplier.objects.update(legal_name="changed", status="suspended", website=""),
    "contacts": lambda: m.SupplierContact.objects.all().delete(),
    "sites": lambda: m.Site.objects.update(name="changed", latitude=0, ttr_days=None, city="x"),
    "items": lambda: m.Item.objects.update(name="changed", unit_cost=1, unit="kg"),
    "sources": lambda: m.ItemSource.objects.update(inventory=999, capacity_per_day=None, share=0.1),
    "bom": lambda: m.BomLine.objects.all().delete(),
    "customers": lambda: m.Customer.objects.update(name="changed", segment="utility"),
    "networks": lambda: m.CustomerNetwork.objects.update(name="changed", subscribers=1, criticality=1),
    "deployments": lambda: m.Deployment.objects.all().delete(),
    "contracts": lambda: m.Contract.objects.all().delete(),
}


@pytest.fixture
def full_map(business_map, admin_user):
    acme = business_map.acme
    m.SupplierContact.objects.create(supplier=acme, name="Dana", email="dana@acme.example", role="security")
    m.Contract.objects.create(ref="K-1", supplier=acme, title="Supply, \"framework\"", start_date=dt.date(2024, 1, 1),
                              end_date=dt.date(2026, 6, 30), auto_renewal=True, value="1234.56", owner=admin_user)
    m.Contract.objects.create(ref="K-2", supplier=business_map.beta, title="=HYPERLINK(\"x\")", start_date=dt.date(2024, 3, 1))
    m.Site.objects.filter(ref="ACME-F1").update(subdivision="DE-BY", city="München", ttr_days=12.5, notes="line1\nline2")
    m.ItemSource.objects.filter(ref="CHIP@ACME-F1").update(ttr_days=3, share=0.25, inventory=40.5)
    return business_map


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", KINDS)
def test_round_trip_is_lossless(kind, fmt, full_map, admin_user, tmp_path):
    before = list(export_rows(kind))
    assert before, kind
    path = tmp_path / f"{kind}.{fmt}"
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as handle:
            write_csv(kind, handle)
    else:
        write_xlsx(kind, path)
    DISTURB[kind]()
    assert list(export_rows(kind)) != before
    report = run_import(kind=kind, path=path, actor=admin_user)
    assert report.ok and report.applied, report.errors
    assert list(export_rows(kind)) == before
    again = run_import(kind=kind, path=path, actor=admin_user)
    assert again.unchanged == len(before) and again.created == again.updated == 0


def _download(client, kind: str) -> list[list[str]]:
    response = client.get(reverse("network:export"), {"kind": kind, "format": "csv"})
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_supplier_respondent_exports_only_its_supplier(full_map, make_user):
    client = Client()
    client.force_login(make_user(Role.SUPPLIER_RESPONDENT, supplier=full_map.acme))
    assert [row[0] for row in _download(client, "sites")[1:]] == ["ACME-F1"]
    assert [row[0] for row in _download(client, "suppliers")[1:]] == ["ACME"]
    assert [row[2] for row in _download(client, "sources")[1:]] == ["CHIP@ACME-F1", "PSU@ACME-F1"]
    assert [row[0] for row in _download(client, "contracts")[1:]] == ["K-1"]
    assert [row[1] for row in _download(client, "contacts")[1:]] == ["dana@acme.example"]
    assert _download(client, "networks")[1:] == [] and _download(client, "items")[1:] == []
    page = client.get(reverse("network:export")).content.decode()
    assert "kind=sites" in page and "kind=networks" not in page


def test_customer_viewer_exports_only_its_networks(full_map, make_user, customer_factory):
    other = customer_factory(ref="OTHER")
    m.CustomerNetwork.objects.create(ref="NET-X", customer=other, name="Other", country="DE", kind="fixed")
    client = Client()
    client.force_login(make_user(Role.CUSTOMER_VIEWER, customer=full_map.tel))
    assert [row[0] for row in _download(client, "networks")[1:]] == ["NET-A", "NET-B", "NET-C"]
    assert [row[0] for row in _download(client, "customers")[1:]] == ["TEL"]
    assert {row[0] for row in _download(client, "deployments")[1:]} == {"NET-A", "NET-B", "NET-C"}
    assert _download(client, "sites")[1:] == [] and _download(client, "suppliers")[1:] == []
    assert _download(client, "items")[1:] == []  # our costs, demand and margins stay ours


def test_export_xlsx_download_and_bad_kind(full_map, admin_user):
    from openpyxl import load_workbook

    client = Client()
    client.force_login(admin_user)
    response = client.get(reverse("network:export"), {"kind": "contracts", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "K-1" and sheet["C3"].value == '=HYPERLINK("x")' and sheet["C3"].data_type == "s"
    assert client.get(reverse("network:export"), {"kind": "widgets"}).status_code == 400


def test_export_command(full_map, tmp_path):
    out = tmp_path / "sites.csv"
    call_command("export", "sites", "--out", str(out), stderr=io.StringIO())
    rows = list(csv.reader(out.open(encoding="utf-8")))
    assert rows[0][:3] == ["ref", "name", "kind"] and len(rows) == 1 + m.Site.objects.count()
    stdout = io.StringIO()
    call_command("export", "customers", stdout=stdout)
    assert stdout.getvalue().splitlines()[0] == "ref,name,country,segment"
    call_command("export", "items", "--format", "xlsx", "--out", str(tmp_path / "items.xlsx"), stderr=io.StringIO())
    assert (tmp_path / "items.xlsx").stat().st_size > 0


def test_export_network_for_the_engine(full_map, tmp_path):
    items, sites = full_map.items, full_map.sites
    m.ItemSource.objects.create(ref="ROUTER@BETA-F1", item=items["ROUTER"], site=sites["BETA-F1"], share=0.25)
    m.ItemSource.objects.filter(ref="ROUTER@HQ-F1").update(share=0.75, ttr_days=None)
    m.Site.objects.filter(ref="HQ-F1").update(ttr_days=20)
    m.ItemSource.objects.create(ref="OLD", item=items["PSU"], site=sites["BETA-F1"], status="phased_out")
    stdout = io.StringIO()
    call_command("export-network", str(tmp_path / "net"), stdout=stdout)
    assert "nodes: 9  edges: 11  phased-out sources skipped: 1" in stdout.getvalue()
    nodes = {row["id"]: row for row in csv.DictReader((tmp_path / "net" / "nodes.csv").open())}
    assert list(next(iter(nodes.values()))) == ["id", "part", "site", "capacity", "inventory", "demand", "profit", "ttr"]
    assert "OLD" not in nodes
    # Demand belongs to the product (parts.csv), not to one of its sources.
    assert nodes["ROUTER@HQ-F1"] == {"id": "ROUTER@HQ-F1", "part": "ROUTER", "site": "HQ-F1", "capacity": "100",
                                     "inventory": "0", "demand": "0", "profit": "0", "ttr": "20"}
    assert (nodes["ROUTER@BETA-F1"]["demand"], nodes["ROUTER@BETA-F1"]["capacity"]) == ("0", "")
    assert (nodes["CHIP@ACME-F1"]["demand"], nodes["CHIP@ACME-F1"]["profit"], nodes["CHIP@ACME-F1"]["ttr"]) == ("0", "0", "3")
    parts = {row["part"]: row for row in csv.DictReader((tmp_path / "net" / "parts.csv").open())}
    assert parts["ROUTER"] == {"part": "ROUTER", "demand": "10", "profit": "100"}
    assert "LAMP" not in parts  # no approved or qualifying source: nothing in the network can serve it
    edges = [tuple(row.values()) for row in csv.DictReader((tmp_path / "net" / "edges.csv").open())]
    assert ("CHIP@ACME-F1", "BOARD@HQ-F1", "2") in edges and ("CHIP@BETA-F1", "BOARD@HQ-F1", "2") in edges
    assert ("BOARD@HQ-F1", "ROUTER@BETA-F1", "1") in edges and len(edges) == 11  # ROUTER now has two sources
    assert "warning: 1 products with demand have no approved or qualifying source" in stdout.getvalue()  # LAMP
    network = load_network(tmp_path / "net")
    assert len(network.node_ids) == 9
    router = network.groups.labels.index("ROUTER")
    assert list(network.groups.members_of(router)) == [network.index_of("ROUTER@BETA-F1"),
                                                       network.index_of("ROUTER@HQ-F1")]


def test_export_network_takes_a_product_inside_another_product(full_map, tmp_path):
    """A router sold alone and inside a bundle: the engine takes it (production serves both)."""
    items = full_map.items
    bundle = m.Item.objects.create(ref="BUNDLE", name="Router bundle", kind="product", demand_per_day=3,
                                   margin_per_unit="40")
    m.ItemSource.objects.create(ref="BUNDLE@HQ-F1", item=bundle, site=full_map.sites["HQ-F1"])
    m.BomLine.objects.create(parent=bundle, child=items["ROUTER"], quantity=1)
    call_command("export-network", str(tmp_path / "net"), stdout=io.StringIO())
    from steadfast.engine import Analyzer, load_network, node_scenarios

    network = load_network(tmp_path / "net")
    assert network.num_nodes == 9 and "BUNDLE" in network.groups.labels
    results = [Analyzer(network).analyse(s) for s in node_scenarios(network)]
    assert len(results) == network.num_nodes


def test_export_network_refuses_a_bom_cycle_saying_why(full_map, tmp_path):
    items = full_map.items
    m.BomLine.objects.create(parent=items["CHIP"], child=items["ROUTER"], quantity=1)
    with pytest.raises(CommandError, match=r"the map cannot be analysed: the bill of materials has a cycle "
                                           r"\(an item ends up inside itself\)"):
        call_command("export-network", str(tmp_path / "net"), stdout=io.StringIO())


def test_engine_network_from_map_matches_the_exported_folder(full_map, tmp_path):
    from steadfast.engine import load_network
    from steadfast.network.exports import engine_network_from_map

    m.ItemSource.objects.create(ref="ROUTER@BETA-F1", item=full_map.items["ROUTER"], site=full_map.sites["BETA-F1"],
                                share=0.25)
    call_command("export-network", str(tmp_path / "net"), stdout=io.StringIO())
    from_folder = load_network(tmp_path / "net")
    from_map = engine_network_from_map()
    network = from_map.network
    assert network.fingerprint == from_folder.fingerprint
    # Every node maps back to its source, site and item.
    for k, node_id in enumerate(network.node_ids):
        source = m.ItemSource.objects.get(pk=from_map.source_ids[k])
        assert (source.ref, source.site_id, source.item_id) == (node_id, from_map.site_ids[k], from_map.item_ids[k])
        assert from_map.node_of_source(source.pk) == k
    router_item = full_map.items["ROUTER"].pk
    assert from_map.demand_item_ids[network.groups.labels.index("ROUTER")] == router_item
    router = network.index_of("ROUTER@BETA-F1")
    assert router in from_map.nodes_of_item(full_map.items["ROUTER"].pk)
    assert router in from_map.nodes_of_site(full_map.sites["BETA-F1"].pk)


def test_csv_export_neutralises_formulas_and_imports_back(full_map, admin_user, tmp_path):
    hostile = ["=1+1", '=HYPERLINK("http://evil.example","x")', "@SUM(A1:A2)", "+1+1", "-2+3"]
    for number, title in enumerate(hostile):
        m.Contract.objects.create(ref=f"INJ-{number}", supplier=full_map.acme, title=title,
                                  start_date=dt.date(2024, 1, 1))
    before = list(export_rows("contracts"))
    path = tmp_path / "contracts.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        write_csv("contracts", handle)
    cells = [cell for row in csv.reader(path.open(encoding="utf-8")) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not cell[1:].isdigit())]
    assert {"'" + title for title in hostile} <= set(cells)
    m.Contract.objects.filter(ref__startswith="INJ-").update(title="changed")
    assert run_import(kind="contracts", path=path, actor=admin_user).ok
    assert list(export_rows("contracts")) == before
