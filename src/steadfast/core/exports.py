"""The cells of every CSV and XLSX export, written one way for the whole project.

Spreadsheet programs run a CSV cell that starts with = + - @ (or a tab or carriage return before
one) as a formula: `=HYPERLINK(...)` in a supplier's name would run on an analyst's machine (OWASP
"CSV injection"). CSV cells that could be read so get a leading apostrophe, which spreadsheets
show as text; `restore_csv_cell` takes it off again, so an export imports back unchanged. A plain
number ("-2", "+1.5") cannot be a formula and stays as it is. In XLSX a text cell is typed as text,
never as a formula, so it needs no apostrophe; characters that XLSX cannot hold (stored control
characters) become U+FFFD instead of failing the whole export.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Leading apostrophes followed by a trigger: such a value gets (and on import loses) one more
# apostrophe, so that a value that really begins with an apostrophe also survives the round trip.
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
# What the XML inside an XLSX file cannot hold (openpyxl raises IllegalCharacterError on it).
_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralise_formula(text: str) -> str:
    """`text` as a CSV cell that no spreadsheet runs as a formula."""
    if _NEEDS_QUOTE.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def restore_csv_cell(text: str) -> str:
    """The inverse of `neutralise_formula`, for importers reading our own exports back."""
    return text[1:] if _QUOTED.match(text) else text


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    return neutralise_formula(value) if isinstance(value, str) else value


def csv_rows(rows: Iterable[Sequence[Any]]) -> Iterator[list[Any]]:
    """Rows ready for `csv.writer(...).writerow`."""
    for row in rows:
        yield [csv_cell(value) for value in row]


def xlsx_cell(sheet, value: Any) -> Any:
    """A value for `sheet.append` on a write-only openpyxl sheet: text stays text."""
    if value is None:
        return None
    if isinstance(value, str):
        # Imported on first use: this module loads at start-up (the network app's tasks reach it)
        # and openpyxl costs a few hundred ms that most commands never need.
        from openpyxl.cell import WriteOnlyCell

        cell = WriteOnlyCell(sheet, value=_XLSX_ILLEGAL.sub("\ufffd", value))
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        return cell
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def xlsx_row(sheet, row: Sequence[Any]) -> list[Any]:
    return [xlsx_cell(sheet, value) for value in row]
