"""Issue 16: the assessment export shares the project's one export writer (core.exports): a
formula in a stored name is quoted in CSV and text in XLSX, and a stored control character does
not break the XLSX file."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_assessment_export_neutralises_formulas(home_assessment, home_supplier, analyst):
    home_supplier.legal_name = '=HYPERLINK("http://evil.example","x")\u0007'
    home_supplier.save(update_fields=["legal_name"])
    client = Client()
    client.force_login(analyst)

    response = client.get("/security/assessments/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][2] == "'" + home_supplier.legal_name

    response = client.get("/security/assessments/export.xlsx")
    assert response.status_code == 200
    cell = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(min_row=2))[0][2]
    assert cell.value == '=HYPERLINK("http://evil.example","x")\ufffd' and cell.data_type == "s"
