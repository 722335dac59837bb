"""Issue 16: every CSV export neutralises formulas (OWASP CSV injection) with one shared function,
XLSX text stays text, a stored control character cannot break an XLSX export, and our own CSV
exports still import back unchanged."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from steadfast.core.exports import csv_rows, neutralise_formula, restore_csv_cell, xlsx_row

HOSTILE = ["=1+1", '=HYPERLINK("http://evil.example","x")', "@SUM(A1:A2)", "+1+1", "-2+3", "\t=1+1", "\r=1+1",
           "'=already quoted"]
HARMLESS = ["Acme GmbH", "-2", "+1.5", "1e5", "", "a=b", "O'Brien"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_like_cells_are_quoted_and_restored(text):
    quoted = neutralise_formula(text)
    assert quoted == "'" + text
    assert restore_csv_cell(quoted) == text


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_cells_are_left_alone(text):
    assert neutralise_formula(text) == text and restore_csv_cell(text) == text


def test_csv_rows_write_no_cell_a_spreadsheet_would_run():
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in csv_rows([HOSTILE, [None, 3, 2.5]]):
        writer.writerow(row)
    cells = [cell for row in csv.reader(io.StringIO(buffer.getvalue())) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert cells[-3:] == ["", "3", "2.5"]


def test_xlsx_text_is_text_and_control_characters_do_not_break_the_file():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("t")
    sheet.append(xlsx_row(sheet, ["=1+1", "Bell\u0007Co", "Nul\x00", 4.0, None]))
    buffer = io.BytesIO()
    book.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows())
    assert row[0].value == "=1+1" and row[0].data_type == "s"
    assert row[1].value == "Bell\ufffdCo" and row[2].value == "Nul\ufffd"
    assert row[3].value == 4 and len(row) == 4  # an empty trailing cell is not stored
