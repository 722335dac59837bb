"""Every class of import error, with its exact message, row and column; and nothing changes."""

from __future__ import annotations

import pytest

from steadfast.core.models import AuditEvent
from steadfast.network.importers import run_import
from steadfast.network.models import BomLine, Item, Site, Supplier

SUPPLIER_HEADER = "ref,legal_name,country,category,tier,parent_ref"


def write(tmp_path, text: str | bytes, name: str = "file.csv"):
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def errors(report) -> list[tuple[int, str, str]]:
    return [(e.row, e.column, e.message) for e in report.errors]


def run(tmp_path, kind: str, text, *, actor=None, dry_run=False, name="file.csv"):
    return run_import(kind=kind, path=write(tmp_path, text, name), actor=actor, dry_run=dry_run)


def test_bad_country_code(tmp_path, db):
    report = run(tmp_path, "suppliers", f"{SUPPLIER_HEADER}\nS1,One,XX,components,1,\n")
    assert errors(report) == [(2, "country", "'XX' is not an ISO 3166-1 alpha-2 country code")]
    assert report.rejected == 1 and not report.applied
    assert Supplier.objects.count() == 0


def test_unknown_reference(tmp_path, db):
    report = run(tmp_path, "suppliers", f"{SUPPLIER_HEADER}\nS2,Two,DE,components,2,NOPE\n")
    assert errors(report) == [(2, "parent_ref", "unknown supplier 'NOPE'")]


def test_non_number(tmp_path, db):
    text = "ref,name,kind,country,latitude,longitude\nX1,Plant,factory,DE,fifty,10\n"
    report = run(tmp_path, "sites", text)
    assert errors(report) == [(2, "latitude", "'fifty' is not a number")]


def test_negative_capacity(tmp_path, db):
    Item.objects.create(ref="I1", name="Item", kind="component")
    Site.objects.create(ref="S1", name="Site", kind="factory", country="DE", latitude=1, longitude=1)
    report = run(tmp_path, "sources", "item_ref,site_ref,capacity_per_day\nI1,S1,-5\n")
    assert errors(report) == [(2, "capacity_per_day", "capacity_per_day must not be negative (got -5)")]


def test_coordinates_out_of_range(tmp_path, db):
    text = "ref,name,kind,country,latitude,longitude\nX1,Plant,factory,DE,95,10\nX2,Plant,factory,DE,10,-181\n"
    report = run(tmp_path, "sites", text)
    assert errors(report) == [
        (2, "latitude", "latitude 95 is out of range (-90 to 90)"),
        (3, "longitude", "longitude -181 is out of range (-180 to 180)"),
    ]


def test_duplicate_ref_in_the_file(tmp_path, db):
    report = run(tmp_path, "suppliers", f"{SUPPLIER_HEADER}\nS1,One,DE,components,1,\nS1,Again,DE,components,1,\n")
    assert errors(report) == [(3, "ref", "duplicate ref 'S1': also on row 2")]


def test_duplicate_natural_key(tmp_path, db):
    for ref in ("P", "C"):
        Item.objects.create(ref=ref, name=ref, kind="component")
    report = run(tmp_path, "bom", "parent_ref,child_ref,quantity\nP,C,1\nP,C,2\n")
    assert errors(report) == [(3, "child_ref", "duplicate parent_ref + child_ref 'P' + 'C': also on row 2")]


def test_missing_required_column(tmp_path, db):
    report = run(tmp_path, "suppliers", "ref,legal_name,category\nS1,One,components\n")
    assert errors(report) == [(1, "country", "missing required column 'country'")]
    assert report.rows == 0


def test_wrong_encoding(tmp_path, db):
    text = f"{SUPPLIER_HEADER}\nS1,Müller GmbH,DE,components,1,\n".encode("latin-1")
    report = run(tmp_path, "suppliers", text)
    assert errors(report) == [(0, "", "the file is not UTF-8 text (first bad byte on line 2): "
                                      "save it as “CSV UTF-8” and upload it again")]


def test_file_over_the_size_limit(tmp_path, db, settings):
    settings.STEADFAST_MAX_UPLOAD_BYTES = 20
    report = run(tmp_path, "suppliers", f"{SUPPLIER_HEADER}\nS1,One,DE,components,1,\n")
    assert errors(report) == [(0, "", "the file is 72 bytes, over the 20 bytes limit")]


@pytest.mark.parametrize("content", [b"%PDF-1.7\n...", b"\x00\x01\x02binary", b"PK\x03\x04not really a workbook"])
def test_not_a_csv_or_xlsx(tmp_path, db, content):
    report = run(tmp_path, "suppliers", content, name="upload.xlsx")
    assert errors(report) == [(0, "", "not a CSV or XLSX file")]


def test_text_named_xlsx_is_not_read_as_csv(tmp_path, db):
    report = run(tmp_path, "suppliers", f"{SUPPLIER_HEADER}\nS1,One,DE,components,1,\n", name="upload.xlsx")
    assert errors(report) == [(0, "", "the file is named .xlsx but is not an XLSX workbook "
                                      "(save it from Excel as .xlsx, or name a CSV .csv)")]
    assert not Supplier.objects.exists()


def test_bom_cycle_across_the_file_and_the_database(tmp_path, db, admin_user):
    for ref in "ABCD":
        Item.objects.create(ref=ref, name=ref, kind="assembly")
    a, b = Item.objects.get(ref="A"), Item.objects.get(ref="B")
    BomLine.objects.create(parent=a, child=b, quantity=1)  # stored: A contains B
    report = run(tmp_path, "bom", "parent_ref,child_ref,quantity\nB,C,1\nC,A,1\nD,D,1\n", actor=admin_user)
    assert errors(report) == [
        (2, "child_ref", "BOM cycle: B → C → A → B"),
        (4, "child_ref", "BOM cycle: D → D"),
    ]
    assert BomLine.objects.count() == 1


def test_choices_identifiers_subdivisions_and_dates(tmp_path, db):
    text = ("ref,legal_name,country,category,status,duns,lei\n"
            "S1,One,DE,widgets,active,123,\n"
            "S2,Two,DE,components,gone,,5299000J2N45DDNE4Y29\n")
    report = run(tmp_path, "suppliers", text)
    assert errors(report) == [
        (2, "category", "'widgets' is not one of: components, manufacturing_services, logistics, software, "
                        "cloud_it_services, professional_services"),
        (2, "duns", "DUNS is 9 digits"),
        (3, "status", "'gone' is not one of: onboarding, active, suspended, exited"),
        (3, "lei", "'5299000J2N45DDNE4Y29' is not a valid LEI (20 characters, ISO 17442 check digits)"),
    ]
    sites = ("ref,name,kind,country,latitude,longitude,subdivision\n"
             "X1,Plant,factory,DE,1,1,DE-XX\nX2,Plant,factory,DE,1,1,FR-IDF\n")
    report = run(tmp_path, "sites", sites)
    assert errors(report) == [
        (2, "subdivision", "'DE-XX' is not an ISO 3166-2 subdivision code"),
        (3, "subdivision", "'FR-IDF' is not a subdivision of DE"),
    ]
    Supplier.objects.create(ref="S9", legal_name="Nine", country="DE", category="components")
    contracts = "ref,supplier_ref,title,start_date,end_date,auto_renewal\nK1,S9,Deal,2024-13-01,,maybe\nK2,S9,Deal,2024-05-01,2024-01-01,yes\n"
    report = run(tmp_path, "contracts", contracts)
    assert errors(report) == [
        (2, "start_date", "'2024-13-01' is not a date (use YYYY-MM-DD)"),
        (2, "auto_renewal", "'maybe' is not true or false (use true, false, yes, no, 1 or 0)"),
        (3, "end_date", "the contract ends (2024-01-01) before it starts (2024-05-01)"),
    ]


def test_required_value_blank_and_tier_rules(tmp_path, db):
    text = f"{SUPPLIER_HEADER}\nS1,,DE,components,1,\nS2,Two,DE,components,2,\nS3,Three,DE,components,1,S4\nS4,Four,DE,components,1,\n"
    report = run(tmp_path, "suppliers", text)
    assert errors(report) == [
        (2, "legal_name", "a value is required"),
        (3, "parent_ref", "a tier-2 supplier needs the supplier it supplies through"),
        (4, "parent_ref", "a tier-1 supplier supplies us directly: leave the parent blank"),
    ]


def test_every_error_is_reported_not_just_the_first(tmp_path, db):
    rows = "\n".join(f"S{n},Name,ZZ,components,1," for n in range(1, 1201))
    report = run(tmp_path, "suppliers", f"{SUPPLIER_HEADER}\n{rows}\n")
    assert report.error_count == 1200 and report.rejected == 1200
    assert len(report.errors) == 1000 and report.errors_truncated


def test_a_bad_row_changes_nothing(tmp_path, db, admin_user):
    Supplier.objects.create(ref="OLD", legal_name="Old name", country="DE", category="components")
    before = (Supplier.objects.count(), AuditEvent.objects.count())
    text = f"{SUPPLIER_HEADER}\nOLD,New name,DE,components,1,\nN1,New,FR,software,1,\nN2,Bad,QQ,software,1,\n"
    report = run(tmp_path, "suppliers", text, actor=admin_user)
    assert not report.ok and not report.applied
    assert (report.created, report.updated, report.rejected) == (1, 1, 1)
    assert (Supplier.objects.count(), AuditEvent.objects.count()) == before
    assert Supplier.objects.get(ref="OLD").legal_name == "Old name"
