"""A rejected import's summary says nothing was changed (no "Created 2"), on the page and in the CLI;
the templates' example rows use refs no real record has, so importing one as it is overwrites nothing."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from steadfast.core.roles import Role
from steadfast.network.exports import write_template
from steadfast.network.importers import KINDS, run_import
from steadfast.network.models import Supplier

BAD = b"ref,legal_name,country,category\nP1,Page One,DE,components\nP2,Page Two,SE,software\nP3,Bad,ZZ,software\n"


def counts_table(html: str) -> dict[str, str]:
    table = re.search(r'data-testid="import-counts">(.*?)</table>', html, re.S).group(1)
    heads = re.findall(r"<th>(.*?)</th>", table)
    cells = re.findall(r'<td class="num">(.*?)</td>', table)
    return dict(zip(heads, cells, strict=True))


@pytest.mark.django_db
def test_rejected_upload_says_nothing_was_changed(make_user):
    client = Client()
    client.force_login(make_user(Role.RISK_ANALYST))
    upload = SimpleUploadedFile("suppliers.csv", BAD, content_type="text/csv")
    html = client.post(reverse("network:import"), {"kind": "suppliers", "file": upload}).content.decode()
    counts = counts_table(html)
    assert "Created" not in counts and "Updated" not in counts
    assert counts["Changed"] == "0" and counts["Valid rows (not applied)"] == "2" and counts["Errors"] == "1"
    assert not Supplier.objects.exists()

    good = SimpleUploadedFile("suppliers.csv", BAD.rsplit(b"P3", 1)[0], content_type="text/csv")
    dry = client.post(reverse("network:import"), {"kind": "suppliers", "file": good, "dry_run": "on"}).content.decode()
    assert counts_table(dry)["Would create"] == "2"


@pytest.mark.django_db
def test_cli_summary_of_a_rejected_file(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(BAD)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import", "suppliers", str(path), "--no-progress", stdout=out)
    text = out.getvalue()
    assert "created" not in text and re.search(r"changed\s+0\b", text) and re.search(r"valid \(not applied\)\s+2\b", text)
    assert "rejected: nothing was changed" in text


@pytest.mark.django_db
def test_template_example_rows_never_overwrite_the_demo(make_user, tmp_path):
    call_command("demo", seed=5, scale=0.02, stdout=io.StringIO())
    admin_user = make_user(Role.ADMINISTRATOR)
    before = dict(Supplier.objects.values_list("ref", "legal_name"))
    for kind in KINDS:
        path = tmp_path / f"{kind}.csv"
        with path.open("w", encoding="utf-8") as handle:
            write_template(kind, "csv", handle)
        if kind == "items":  # the BOM and deployment examples need a product and a second item
            with path.open("a", encoding="utf-8") as handle:
                handle.write("EXAMPLE-ITEM-2,Router,product,each,1000,5,200\n")
        report = run_import(kind=kind, path=path, actor=admin_user)
        assert report.ok, (kind, report.errors)
        assert report.updated == 0 and report.created >= 1, (kind, report.as_dict())
    after = dict(Supplier.objects.values_list("ref", "legal_name"))
    assert {ref: after[ref] for ref in before} == before
    assert set(after) - set(before) == {"EXAMPLE-SUP-1"}
