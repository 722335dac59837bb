"""Applying imports: dry run, upsert with audit before/after, CSV and XLSX, references inside the file."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from openpyxl import Workbook

from steadfast.core.models import AuditEvent
from steadfast.core.services.audit import verify_chain
from steadfast.network.importers import run_import
from steadfast.network.models import BomLine, Contract, Item, ItemSource, Site, Supplier


def write_csv(tmp_path, text: str, name="file.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def write_xlsx(tmp_path, rows: list[list], name="file.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


SUPPLIERS = ("ref,legal_name,country,category,tier,parent_ref,lei\n"
             "T2,Sub Two,FR,software,2,T1,\n"  # its parent comes later in the same file
             "T1,Top One,de,Components,1,,5299000J2N45DDNE4Y28\n")


def test_dry_run_reports_and_changes_nothing(tmp_path, db, admin_user):
    events, suppliers = AuditEvent.objects.count(), Supplier.objects.count()
    report = run_import(kind="suppliers", path=write_csv(tmp_path, SUPPLIERS), actor=admin_user, dry_run=True)
    assert report.ok and not report.applied
    assert (report.created, report.updated, report.rejected) == (2, 0, 0)
    assert [(a.row, a.action, a.key) for a in report.actions] == [(2, "create", "T2"), (3, "create", "T1")]
    assert Supplier.objects.count() == suppliers and AuditEvent.objects.count() == events


def test_create_then_upsert_with_audit_events(tmp_path, db, admin_user):
    report = run_import(kind="suppliers", path=write_csv(tmp_path, SUPPLIERS), actor=admin_user)
    assert report.applied and report.created == 2
    top, sub = Supplier.objects.get(ref="T1"), Supplier.objects.get(ref="T2")
    assert (top.country, top.category, sub.parent_id, sub.tier) == ("DE", "components", top.pk, 2)
    created = AuditEvent.objects.filter(verb="create", object_type="network.supplier")
    assert {e.object_id for e in created} == {str(top.pk), str(sub.pk)}
    assert created.get(object_id=str(top.pk)).changes["legal_name"] == [None, "Top One"]
    assert created.get(object_id=str(top.pk)).actor_label == admin_user.username

    update = "ref,legal_name,country,category\nT1,Top One AG,DE,components\nT2,Sub Two,FR,software\n"
    report = run_import(kind="suppliers", path=write_csv(tmp_path, update, "u.csv"), actor=admin_user)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    top.refresh_from_db()
    assert top.legal_name == "Top One AG" and top.lei == "5299000J2N45DDNE4Y28"  # absent columns are kept
    event = AuditEvent.objects.get(verb="update", object_id=str(top.pk))
    assert event.changes == {"legal_name": ["Top One", "Top One AG"]}
    assert verify_chain().ok


def test_xlsx_import_with_excel_types(tmp_path, db, admin_user):
    Supplier.objects.create(ref="SUP-1", legal_name="One", country="DE", category="components")
    path = write_xlsx(tmp_path, [
        ["ref", "supplier_ref", "title", "start_date", "end_date", "auto_renewal", "notice_days", "value", "owner"],
        ["K-1", "SUP-1", "Supply", dt.datetime(2024, 1, 1), dt.date(2025, 12, 31), True, 30, 1500.5, admin_user.username],
        [None, None, None, None, None, None, None, None, None],  # blank rows are skipped
        ["K-2", "SUP-1", "Support", "2024-02-01", None, "no", None, None, None],
    ])
    report = run_import(kind="contracts", path=path, actor=admin_user)
    assert report.ok, report.errors
    first = Contract.objects.get(ref="K-1")
    assert (first.start_date, first.end_date, first.auto_renewal, first.notice_days, first.value, first.owner_id) == (
        dt.date(2024, 1, 1), dt.date(2025, 12, 31), True, 30, decimal.Decimal("1500.50"), admin_user.pk)
    assert Contract.objects.get(ref="K-2").notice_days == 90  # blank = the default
    assert [a.row for a in report.actions] == [2, 4]


def test_xlsx_errors_name_rows_and_columns(tmp_path, db):
    path = write_xlsx(tmp_path, [["ref", "name", "kind", "unit_cost"], ["I1", "Chip", "component", -3],
                                 ["I2", "Chip", "gizmo", "abc"]])
    report = run_import(kind="items", path=path, actor=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "unit_cost", "unit_cost must not be negative (got -3)"),
        (3, "kind", "'gizmo' is not one of: raw_material, component, assembly, software, service, product"),
        (3, "unit_cost", "'abc' is not a number"),
    ]


@pytest.fixture
def parts(db):
    items = {ref: Item.objects.create(ref=ref, name=ref, kind=kind)
             for ref, kind in [("CHIP", "component"), ("BOARD", "assembly"), ("BOX", "product")]}
    sites = {ref: Site.objects.create(ref=ref, name=ref, kind="factory", country="DE", latitude=1, longitude=2)
             for ref in ("F1", "F2")}
    return items, sites


def test_sources_derive_their_ref_and_keep_a_stored_one(tmp_path, parts, admin_user):
    items, sites = parts
    ItemSource.objects.create(ref="LEGACY-7", item=items["CHIP"], site=sites["F1"], capacity_per_day=5)
    text = "item_ref,site_ref,ref,capacity_per_day,share\nCHIP,F1,,50,0.5\nCHIP,F2,,,0.5\nBOARD,F1,B-AT-F1,10,1\n"
    report = run_import(kind="sources", path=write_csv(tmp_path, text), actor=admin_user)
    assert report.ok, report.errors
    assert (report.created, report.updated) == (2, 1)
    assert ItemSource.objects.get(ref="LEGACY-7").capacity_per_day == 50
    assert ItemSource.objects.get(ref="CHIP@F2").capacity_per_day is None  # blank = unlimited
    clash = "item_ref,site_ref,ref\nCHIP,F1,OTHER\n"
    report = run_import(kind="sources", path=write_csv(tmp_path, clash, "c.csv"), actor=admin_user)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "site_ref", "item 'CHIP' already has a source at site 'F1': 'LEGACY-7'")]


def test_bom_upsert_by_parent_and_child(tmp_path, parts, admin_user):
    items, _ = parts
    BomLine.objects.create(parent=items["BOARD"], child=items["CHIP"], quantity=1)
    text = "parent_ref,child_ref,quantity\nBOARD,CHIP,4\nBOX,BOARD,1\n"
    report = run_import(kind="bom", path=write_csv(tmp_path, text), actor=admin_user)
    assert (report.created, report.updated) == (1, 1)
    assert BomLine.objects.get(parent=items["BOARD"]).quantity == 4
    event = AuditEvent.objects.get(verb="update", object_type="network.bomline")
    assert event.changes["quantity"] == [1.0, 4.0] and event.object_label == "BOM BOARD ← 4.0 × CHIP"


def test_deployments_need_products_and_items_keep_demand_rules(tmp_path, parts, db):
    from steadfast.network.models import Customer, CustomerNetwork

    customer = Customer.objects.create(ref="C1", name="Telco", country="FR")
    CustomerNetwork.objects.create(ref="N1", customer=customer, name="Mobile", country="FR", kind="mobile")
    report = run_import(kind="deployments", path=write_csv(tmp_path, "network_ref,product_ref\nN1,CHIP\nN1,BOX\n"),
                        actor=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "product_ref", "CHIP is a component, not a product: only products are deployed in networks")]
    report = run_import(kind="items", path=write_csv(tmp_path, "ref,name,kind,demand_per_day\nCHIP,Chip,component,5\n",
                                                     "i.csv"), actor=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [
        (2, "demand_per_day", "only products face external demand: leave it 0 for a component")]


def test_semicolon_csv_with_bom_and_unknown_columns(tmp_path, db):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffref;name;country;comment\nC1;Société Générale Télécom;fr;keep me\n".encode())
    report = run_import(kind="customers", path=path, actor=None)
    assert report.ok and report.ignored_columns == ["comment"]
    from steadfast.network.models import Customer

    assert Customer.objects.get(ref="C1").name == "Société Générale Télécom"


def test_an_import_pauses_the_collector_only_while_it_runs(tmp_path, db, admin_user):
    import gc

    from steadfast.network.collector import collector_paused

    assert run_import(kind="suppliers", path=write_csv(tmp_path, SUPPLIERS), actor=admin_user).applied
    assert gc.isenabled()
    with collector_paused():  # an import inside other paused work leaves the collector to it
        run_import(kind="suppliers", path=write_csv(tmp_path, "ref,legal_name\nX,\n"), actor=admin_user)
        assert not gc.isenabled()
    assert gc.isenabled()
