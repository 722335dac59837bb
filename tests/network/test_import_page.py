"""The upload page end to end with the test client: dry run, real run, the error table, templates."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from steadfast.core.models import AuditEvent, Job
from steadfast.core.roles import Role
from steadfast.network.models import Supplier

GOOD = b"ref,legal_name,country,category\nP1,Page One,DE,components\n"
BAD = b"ref,legal_name,country,category\nP1,Page One,DE,components\nP2,Page Two,ZZ,software\n"


@pytest.fixture
def analyst(make_user):
    client = Client()
    client.force_login(make_user(Role.RISK_ANALYST, username="importer"))
    return client


def upload(client, content: bytes, *, dry_run: bool, name="suppliers.csv", kind="suppliers"):
    data = {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    return client.post(reverse("network:import"), data)


def test_page_shows_form_templates_and_export_link(analyst):
    page = analyst.get(reverse("network:import"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="import-form"' in html and "?kind=bom&amp;format=xlsx" in html
    assert reverse("network:export") in html


def test_dry_run_then_real_run(analyst, db):
    page = upload(analyst, GOOD, dry_run=True)
    html = page.content.decode()
    assert page.status_code == 200 and "Dry run: the file is good, nothing was changed" in html
    assert not Supplier.objects.filter(ref="P1").exists()
    page = upload(analyst, GOOD, dry_run=False)
    assert "Imported" in page.content.decode()
    assert Supplier.objects.get(ref="P1").legal_name == "Page One"
    assert AuditEvent.objects.filter(verb="create", object_label="P1 Page One", actor_label="importer").exists()


def test_error_table_and_nothing_changed(analyst, db):
    page = upload(analyst, BAD, dry_run=False)
    html = page.content.decode()
    assert "Rejected: nothing was changed" in html and 'data-testid="import-errors"' in html
    assert "<td class=\"num\">3</td><td>country</td><td><code>ZZ</code></td>" \
           "<td>&#x27;ZZ&#x27; is not an ISO 3166-1 alpha-2 country code</td>" in html
    assert not Supplier.objects.filter(ref="P1").exists()


def test_oversized_and_non_table_uploads(analyst, db, settings):
    page = upload(analyst, b"%PDF-1.4 not a table", dry_run=True, name="scan.pdf")
    assert "not a CSV or XLSX file" in page.content.decode()
    settings.STEADFAST_MAX_UPLOAD_BYTES = 10
    page = upload(analyst, GOOD, dry_run=True)
    assert f"the file is {len(GOOD)} bytes, over the 10 bytes limit" in page.content.decode()


def test_big_files_go_to_the_background_job(analyst, db, settings, tmp_path, django_capture_on_commit_callbacks):
    from steadfast.core.services import jobs
    from steadfast.network.views import imports

    settings.MEDIA_ROOT = tmp_path
    rows = b"".join(b"B%d,Big %d,DE,components\n" % (n, n) for n in range(40))
    original, imports.INLINE_IMPORT_BYTES = imports.INLINE_IMPORT_BYTES, 100
    try:
        with django_capture_on_commit_callbacks(execute=False):
            page = upload(analyst, b"ref,legal_name,country,category\n" + rows, dry_run=False)
    finally:
        imports.INLINE_IMPORT_BYTES = original
    job = Job.objects.get(kind="network.import")
    assert page.status_code == 302 and page["Location"] == reverse("network:import-job", args=[job.pk])
    waiting = analyst.get(page["Location"]).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "<progress" in waiting
    jobs.run(job.pk)
    done = analyst.get(page["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in done and "Imported" in done
    assert Supplier.objects.filter(ref__startswith="B").count() == 40


def test_template_downloads(analyst):
    csv_file = analyst.get(reverse("network:import-template"), {"kind": "sites", "format": "csv"})
    assert csv_file["Content-Disposition"] == 'attachment; filename="steadfast-sites-template.csv"'
    lines = b"".join(csv_file).decode().splitlines()
    assert lines[0].startswith("ref,name,kind,country,latitude,longitude") and lines[1].startswith("EXAMPLE-SITE-1,")
    xlsx = analyst.get(reverse("network:import-template"), {"kind": "bom", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]] == ["parent_ref", "child_ref", "quantity"]
    assert analyst.get(reverse("network:import-template"), {"kind": "nope"}).status_code == 400


def test_template_example_rows_import_cleanly(tmp_path, db, admin_user):
    """Every kind's template, imported in dependency order, is accepted as it stands."""
    from steadfast.network.exports import write_template
    from steadfast.network.importers import KINDS, run_import

    admin_user.username = "owner"
    for kind in KINDS:
        path = tmp_path / f"{kind}.csv"
        with path.open("w", encoding="utf-8") as handle:
            write_template(kind, "csv", handle)
        if kind == "items":  # the BOM and deployment examples need a product and a second item
            with path.open("a", encoding="utf-8") as handle:
                handle.write("EXAMPLE-ITEM-2,Router,product,each,1000,5,200\n")
        report = run_import(kind=kind, path=path, actor=admin_user)
        assert report.ok, (kind, report.errors)


def test_viewers_cannot_import(make_user, customer_factory):
    client = Client()
    client.force_login(make_user(Role.AUDITOR))
    assert client.get(reverse("network:import")).status_code == 403
