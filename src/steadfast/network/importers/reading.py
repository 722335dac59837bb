"""Reading an uploaded table, CSV (UTF-8) or XLSX, row by row without loading it whole.

Every cell comes out as stripped text, whatever the format stored, so one set of parsers serves
both: Excel numbers and dates are written the way a person would type them.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings

from steadfast.core.exports import restore_csv_cell

SNIFF_BYTES = 8192
CHUNK_BYTES = 1 << 20

NOT_A_TABLE = "not a CSV or XLSX file"
NOT_UTF8 = "the file is not UTF-8 text (first bad byte on line {line}): save it as “CSV UTF-8” and upload it again"
EMPTY_FILE = "the file is empty: the first row must name the columns"
NOT_XLSX = "the file is named {suffix} but is not an XLSX workbook (save it from Excel as .xlsx, or name a CSV .csv)"
XLSX_SUFFIXES = (".xlsx", ".xlsm")
DUPLICATE_COLUMN = "column {name!r} appears twice"


class FileProblem(Exception):
    """The file as a whole cannot be read (row 0), or its header is wrong (row 1)."""

    def __init__(self, message: str, *, row: int = 0, column: str = ""):
        super().__init__(message)
        self.message, self.row, self.column = message, row, column


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def size_problem(size: int) -> str | None:
    limit = settings.STEADFAST_MAX_UPLOAD_BYTES
    if size > limit:
        return f"the file is {human_size(size)}, over the {human_size(limit)} limit"
    return None


def normalise_header(name: Any) -> str:
    return str(name if name is not None else "").strip().lower().replace(" ", "_")


def cell_text(value: Any) -> str:
    """An XLSX cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


class Table:
    """A header and an iterator of (row number, cells). Row 1 is the header."""

    def __init__(self, header: list[str], rows: Iterator[tuple[int, list[str]]], estimated_rows: int | None,
                 closer=None):
        self.header, self._rows, self.estimated_rows, self._closer = header, rows, estimated_rows, closer
        seen = set()
        for name in header:
            if name and name in seen:
                raise FileProblem(DUPLICATE_COLUMN.format(name=name), row=1, column=name)
            seen.add(name)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        return self._rows

    def close(self) -> None:
        if self._closer is not None:
            self._closer()


def open_table(path: Path) -> Table:
    """Open a CSV or XLSX file; raise FileProblem for anything that is neither, or too big."""
    path = Path(path)
    problem = size_problem(path.stat().st_size)
    if problem:
        raise FileProblem(problem)
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if not head.strip():
        raise FileProblem(EMPTY_FILE)
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileProblem(NOT_UTF8.format(line=1))
    if b"\x00" in head or head.startswith((b"%PDF", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"\x89PNG", b"\xff\xd8")):
        raise FileProblem(NOT_A_TABLE)
    if path.suffix.lower() in XLSX_SUFFIXES:
        raise FileProblem(NOT_XLSX.format(suffix=path.suffix.lower()))
    return _open_csv(path)


def _check_utf8(path: Path) -> int:
    """Decode the whole file once (cheap) so that a bad byte is reported with its line; returns
    the number of lines."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise FileProblem(NOT_UTF8.format(line=lines + chunk.count(b"\n", 0, exc.start) + 1)) from None
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise FileProblem(NOT_UTF8.format(line=lines + 1)) from None
    return lines


def _open_csv(path: Path) -> Table:
    lines = _check_utf8(path)
    handle = path.open(encoding="utf-8-sig", newline="")
    first_line = handle.readline()
    # Excel in much of Europe writes ';'-separated "CSV"; take whichever separator the header uses.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    handle.seek(0)
    reader = csv.reader(handle, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise FileProblem(EMPTY_FILE) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        try:
            for values in reader:
                if any(v.strip() for v in values):
                    # Our CSV exports quote formula-like cells (core.exports): take that off.
                    yield start, [restore_csv_cell(v.strip()) for v in values]
                start = reader.line_num + 1
        except csv.Error as exc:
            raise FileProblem(f"unreadable CSV on line {reader.line_num}: {exc}") from None
        finally:
            handle.close()

    return Table([normalise_header(h) for h in header], rows(), max(lines - 1, 0), closer=handle.close)


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    handle: BinaryIO = path.open("rb")
    try:
        workbook = load_workbook(handle, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        handle.close()
        raise FileProblem(NOT_A_TABLE) from exc
    except Exception as exc:  # openpyxl raises its own types for zips that are not workbooks
        handle.close()
        raise FileProblem(NOT_A_TABLE) from exc
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        workbook.close()
        handle.close()
        raise FileProblem(EMPTY_FILE)
    values = sheet.iter_rows(values_only=True)
    try:
        header_cells = next(values)
    except StopIteration:
        workbook.close()
        handle.close()
        raise FileProblem(EMPTY_FILE) from None
    header = [normalise_header(h) for h in header_cells]
    while header and not header[-1]:
        header.pop()

    def close() -> None:
        workbook.close()
        handle.close()

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, cells in enumerate(values, start=2):
                texts = [cell_text(c) for c in cells]
                if any(texts):
                    yield number, texts
        finally:
            close()

    estimated = (sheet.max_row - 1) if sheet.max_row else None
    return Table(header, rows(), estimated, closer=close)
