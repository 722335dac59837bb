"""Issue 16: control characters are refused at the edge (API bodies, forms, imports) by one rule
(core.validators.control_character), naming the field; and the XLSX export survives a control
character that is already stored."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from steadfast.core.roles import Role
from steadfast.core.validators import control_character
from steadfast.network.importers import run_import
from steadfast.network.models import Supplier

pytestmark = pytest.mark.django_db

SUPPLIER = {"ref": "SUP-31001", "country": "DE", "category": "components"}


@pytest.mark.parametrize("text,multiline,found", [
    ("Bell\u0007Co", False, "U+0007 BELL at position 5"),
    ("invoice\u202Efdp.exe", False, "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("Null\u0000Byte", True, "U+0000 NULL"),
    ("line\rbreak", False, "line break (U+000D CARRIAGE RETURN)"),
    ("two\nlines", False, "line break (U+000A LINE FEED)"),
    ("lone\rCR", True, "U+000D"),
    ("\ufeffBOM", False, "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("soft\u00adhyphen", False, "U+00AD SOFT HYPHEN"),
    ("C1\u0085NEL", True, "U+0085"),
])
def test_the_rule_names_the_character_and_where(text, multiline, found):
    assert found in control_character(text, multiline=multiline)


@pytest.mark.parametrize("text,multiline", [
    ("Müller & Söhne GmbH", False), ("a\ttab", False), ("two\nlines", True), ("windows\r\nlines", True),
    ("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", False),  # Persian with a zero-width non-joiner
    ("\U0001F468\u200D\U0001F4BB", False),  # an emoji sequence with a zero-width joiner
])
def test_ordinary_text_passes(text, multiline):
    assert control_character(text, multiline=multiline) is None


def test_api_bodies_refuse_control_characters_naming_the_field(role_users, api_client_for):
    client = api_client_for(role_users[Role.RISK_ANALYST])
    for name, fields in [("legal_name", {"legal_name": "Bell\u0007Co"}),
                         ("legal_name", {"legal_name": "Bell Co\rX"}),
                         ("legal_name", {"legal_name": "Evil\u202Eoc.exe"}),
                         ("notes", {"legal_name": "Bell Co", "notes": "bad\u0000byte"})]:
        response = client.post("/api/v1/suppliers", data={**SUPPLIER, **fields}, content_type="application/json")
        assert response.status_code == 422, fields
        error = response.json()["errors"][0]
        assert error["field"] == name
        assert "control character" in error["message"] or "single line" in error["message"]
    assert not Supplier.objects.filter(ref="SUP-31001").exists()
    # Multi-line text (a TextField: notes) keeps its newlines and tabs.
    made = client.post("/api/v1/suppliers", data={**SUPPLIER, "legal_name": "Bell Co", "notes": "first\n\tsecond"},
                       content_type="application/json")
    assert made.status_code == 201 and Supplier.objects.get(ref="SUP-31001").notes == "first\n\tsecond"
    patched = client.patch(f"/api/v1/suppliers/{made.json()['id']}", data={"legal_name": "Bell\u0007Co"},
                           content_type="application/json")
    assert patched.status_code == 422 and Supplier.objects.get(ref="SUP-31001").legal_name == "Bell Co"


def test_forms_refuse_control_characters_naming_the_field(role_users):
    client = Client()
    client.force_login(role_users[Role.RISK_ANALYST])
    page = client.post(reverse("network:supplier_create"), {**SUPPLIER, "legal_name": "Bell\u0007Co", "tier": "1",
                                                            "status": "active"})
    assert page.status_code == 422 and "U+0007 BELL" in page.content.decode()
    assert not Supplier.objects.filter(ref="SUP-31001").exists()
    saved = client.post(reverse("network:supplier_create"), {**SUPPLIER, "legal_name": "Bell Co", "tier": "1",
                                                             "status": "active", "notes": "line one\r\nline two"})
    assert saved.status_code == 302
    assert Supplier.objects.get(ref="SUP-31001").notes.replace("\r\n", "\n") == "line one\nline two"


@pytest.mark.parametrize("cell,column,found", [
    ('"Bell\u0007Co"', "legal_name", "U+0007 BELL"),
    ('"Evil\u202Eoc.exe"', "legal_name", "U+202E"),
    ('"two\r\nlines"', "legal_name", "single line"),
])
def test_imports_refuse_control_characters_in_quoted_fields(tmp_path, cell, column, found):
    path = tmp_path / "suppliers.csv"
    path.write_bytes(f"ref,legal_name,country,category\nS-1,{cell},DE,components\n".encode())
    report = run_import(kind="suppliers", path=path, actor=None)
    assert [(e.row, e.column) for e in report.errors] == [(2, column)] and found in report.errors[0].message
    assert not Supplier.objects.exists()


def test_a_nul_after_the_first_8_kb_is_refused(tmp_path):
    rows = "".join(f"S-{n:05d},Supplier {n} Ltd,DE,components\n" for n in range(400))
    path = tmp_path / "suppliers.csv"
    path.write_bytes(("ref,legal_name,country,category\n" + rows + "S-99999,Nul\u0000Ltd,DE,components\n").encode())
    assert path.stat().st_size > 8192
    report = run_import(kind="suppliers", path=path, actor=None)
    assert [(e.row, e.column) for e in report.errors] == [(402, "legal_name")] and "U+0000 NULL" in report.errors[0].message
    assert not Supplier.objects.exists()


def test_multiline_import_columns_keep_newlines(tmp_path):
    path = tmp_path / "suppliers.csv"
    path.write_bytes(b'ref,legal_name,country,category,notes\nS-1,Bell Co,DE,components,"first\nsecond"\n')
    report = run_import(kind="suppliers", path=path, actor=None)
    assert report.ok and Supplier.objects.get(ref="S-1").notes == "first\nsecond"


def test_xlsx_export_survives_a_control_character_already_stored(role_users):
    # (a BEL: PostgreSQL refuses NUL in text, so NUL cannot be stored to begin with)
    Supplier.objects.create(ref="SUP-31002", legal_name="Bell\u0007Co", country="DE", category="components",
                            notes="tab\there, BEL\u0007 and ESC\u001b inside")
    client = Client()
    client.force_login(role_users[Role.RISK_ANALYST])
    response = client.get(reverse("network:export"), {"kind": "suppliers", "format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)).active
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "Bell\ufffdCo" in names
