"""Import DPAs and processing activities: dry run, all or nothing, errors by row and column,
and a round trip through the Art. 30 export."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from steadfast.privacy.exports import ropa_rows
from steadfast.privacy.importers import run_import, template_csv
from steadfast.privacy.models import Dpa, ProcessingActivity

HEADER = "ref,supplier,signed_on,expires_on,subprocessor_authorisation,objection_window_days,breach_notice_hours\n"


def test_template_then_dry_run_then_import(db, tmp_path, supplier_factory):
    supplier = supplier_factory(ref="SUP-00042")
    assert template_csv("dpas").splitlines()[0].startswith("ref,supplier,relationship,signed_on")
    path = tmp_path / "dpas.csv"
    path.write_text(HEADER + f"DPA-A,{supplier.ref},2025-01-10,2028-01-10,general,30,48\n"
                    f"DPA-B,{supplier.ref},,,specific,,24\n")
    dry = run_import(kind="dpas", path=path, actor=None, dry_run=True)
    assert (dry.rows, dry.errors, Dpa.objects.count()) == (2, [], 0)
    done = run_import(kind="dpas", path=path, actor=None)
    assert done.created == 2
    assert dict(Dpa.objects.values_list("ref", "status")) == {"DPA-A": "active", "DPA-B": "draft"}


def test_one_bad_row_imports_nothing_and_names_row_and_column(db, tmp_path, supplier_factory):
    supplier = supplier_factory(ref="SUP-00042")
    path = tmp_path / "dpas.csv"
    path.write_text(HEADER + f"DPA-A,{supplier.ref},2025-01-10,2028-01-10,general,30,48\n"
                    "DPA-B,SUP-99999,2025-01-10,2028-01-10,general,30,48\n"
                    f"DPA-C,{supplier.ref},2025-01-10,2024-01-10,general,30,48\n"
                    f"DPA-D,{supplier.ref},2025-01-10,2028-01-10,general,30,900\n")
    result = run_import(kind="dpas", path=path, actor=None)
    assert [(e["row"], e["column"]) for e in result.errors] == [
        (5, "breach_notice_hours"), (3, "supplier"), (4, "expires_on")]
    assert "SUP-99999" in result.errors[1]["message"]
    assert Dpa.objects.count() == 0
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("privacy_import", "dpas", str(path))


def test_activities_from_xlsx_round_trip_through_the_art30_export(db, tmp_path, make_user):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["ref", "name", "purpose", "legal_basis", "special_condition", "data_categories", "subject_categories",
                  "countries", "retention"])
    sheet.append(["ROPA-1", "Payroll", "Pay salaries", "6.1.c", "9.2.b", "financial;health", "employees", "DE;ie",
                  "10 years"])
    sheet.append(["ROPA-2", "Badges", "Site security", "6.1.f", "", "biometric", "employees", "FI", "90 days"])
    path = tmp_path / "ropa.xlsx"
    workbook.save(path)
    result = run_import(kind="activities", path=path, actor=None)
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "special_condition")]
    sheet.cell(row=3, column=5, value="9.2.b")
    workbook.save(path)
    assert run_import(kind="activities", path=path, actor=None).created == 2
    rows = ropa_rows(ProcessingActivity.objects.order_by("ref"))
    assert rows[0]["data"] == "Financial and payment; Health (Art. 9)" and rows[0]["countries"] == "DE, IE"
    assert rows[1]["special_condition"].startswith("Art. 9(2)(b)")


def test_not_a_table_is_refused(db, tmp_path):
    path = tmp_path / "dpas.csv"
    path.write_bytes(b"%PDF-1.7 not a table")
    result = run_import(kind="dpas", path=path, actor=None)
    assert result.errors and result.errors[0]["row"] == 0


def test_cli_dry_run(db, tmp_path, supplier_factory, capsys):
    supplier = supplier_factory(ref="SUP-00042")
    path = tmp_path / "dpas.csv"
    path.write_text(HEADER + f"DPA-A,{supplier.ref},2025-01-10,2028-01-10,general,30,48\n")
    call_command("privacy_import", "dpas", str(path), "--dry-run")
    assert "would import 1" in capsys.readouterr().out and not Dpa.objects.exists()


def test_import_page_runs_a_job_and_shows_errors_by_row(db, tmp_path, privacy_officer, supplier_factory, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from steadfast.core.models import Job
    from steadfast.privacy.tasks import import_job

    settings.MEDIA_ROOT = str(tmp_path / "media")
    supplier_factory(ref="SUP-00042")
    client = Client()
    client.force_login(privacy_officer)
    assert client.get("/privacy/import/dpas-template.csv").content.decode().startswith("ref,supplier,")
    body = (HEADER + "DPA-A,SUP-00042,2025-01-10,2028-01-10,general,30,48\nDPA-B,SUP-404,,,general,30,48\n").encode()
    response = client.post("/privacy/import/", {"kind": "dpas", "file": SimpleUploadedFile("dpas.csv", body)})
    job = Job.objects.get(kind="privacy.import")
    assert response.status_code == 302 and response["Location"] == f"/privacy/jobs/{job.pk}/"
    job.result = import_job(job, lambda *a, **k: None)
    job.status = "succeeded"
    job.save()
    assert job.result["error_count"] == 1 and job.result["errors"][0]["row"] == 3 and not Dpa.objects.exists()
    page = client.get(f"/privacy/jobs/{job.pk}/").content.decode()
    assert "nothing was imported" in page and "SUP-404" in page


def test_activities_import_links_processors_and_items_by_ref(db, tmp_path, supplier_factory):
    from steadfast.network.models import Item

    supplier_factory(ref="PRC-00012", legal_name="Kestrel Payroll GmbH")
    Item.objects.create(ref="PRD-OLT-1", name="GPON OLT", kind="product")
    path = tmp_path / "ropa.csv"
    header = "ref,name,purpose,legal_basis,retention,processors,items\n"
    path.write_text(header + "ROPA-1,Payroll,Pay salaries,6.1.c,10 years,PRC-00012;PRC-404,\n"
                    "ROPA-2,Subscriber analytics,Planning,6.1.f,13 months,,PRD-OLT-1\n", encoding="utf-8")
    result = run_import(kind="activities", path=path, actor=None)
    assert [(e["row"], e["column"]) for e in result.errors] == [(2, "processors")]
    assert "PRC-404" in result.errors[0]["message"] and not ProcessingActivity.objects.exists()
    path.write_text(header + "ROPA-1,Payroll,Pay salaries,6.1.c,10 years,PRC-00012,\n"
                    "ROPA-2,Subscriber analytics,Planning,6.1.f,13 months,,PRD-OLT-1\n", encoding="utf-8")
    assert run_import(kind="activities", path=path, actor=None).created == 2
    payroll, analytics = ProcessingActivity.objects.order_by("ref")
    assert [s.ref for s in payroll.processors.all()] == ["PRC-00012"] and not payroll.items.exists()
    assert [i.ref for i in analytics.items.all()] == ["PRD-OLT-1"]
    rows = ropa_rows(ProcessingActivity.objects.order_by("ref"))
    assert rows[0]["processors"] == "Kestrel Payroll GmbH"


def test_activities_import_links_the_controls_that_implement_the_measures(db, tmp_path):
    """Art. 30(1)(g) by control: labels or OSCAL ids of the catalogs security_setup imports (NIST CSF
    2.0 and SP 800-53), any case; an unknown or ambiguous name is an error in the row's controls cell."""
    from steadfast.security.models import Control, Framework

    call_command("security_setup", stdout=open(tmp_path / "setup.log", "w"))
    path = tmp_path / "ropa.csv"
    header = "ref,name,purpose,legal_basis,retention,controls\n"
    path.write_text(header + "ROPA-1,Payroll,Pay salaries,6.1.c,10 years,PR.DS-01;sc-28;AC-2(1)\n"
                    "ROPA-2,CCTV,Site security,6.1.f,30 days,AC-2;XY-99\n", encoding="utf-8")
    result = run_import(kind="activities", path=path, actor=None)
    assert [(e["row"], e["column"]) for e in result.errors] == [(3, "controls")]
    assert "XY-99" in result.errors[0]["message"] and not ProcessingActivity.objects.exists()
    # The same label in a second framework is ambiguous, and the message names both frameworks.
    other = Framework.objects.create(name="Vendor baseline", version="3")
    Control.objects.create(framework=other, control_id="ac-2", label="AC-2", title="Account management (vendor)",
                           sort_order=1)
    path.write_text(header + "ROPA-2,CCTV,Site security,6.1.f,30 days,AC-2\n", encoding="utf-8")
    ambiguous = run_import(kind="activities", path=path, actor=None)
    assert ambiguous.errors[0]["column"] == "controls" and "Vendor baseline" in ambiguous.errors[0]["message"]
    other.delete()
    path.write_text(header + "ROPA-1,Payroll,Pay salaries,6.1.c,10 years,PR.DS-01;sc-28;AC-2(1);sc-28\n"
                    "ROPA-2,CCTV,Site security,6.1.f,30 days,\n", encoding="utf-8")
    assert run_import(kind="activities", path=path, actor=None).created == 2
    payroll, cctv = ProcessingActivity.objects.order_by("ref")
    assert sorted(c.label for c in payroll.controls.all()) == ["AC-2(1)", "PR.DS-01", "SC-28"]
    assert not cctv.controls.exists()
    assert "SC-28" in ropa_rows(ProcessingActivity.objects.order_by("ref"))[0]["controls"]
    assert "controls" in template_csv("activities").splitlines()[0]
