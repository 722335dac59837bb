"""Reading an uploaded table, CSV (UTF-8) or XLSX, row by row without loading it whole.

Every cell comes out as stripped text, whatever the format stored, so one set of parsers serves
both: Excel numbers and dates are written the way a person would type them.

Resource bounds (ASVS 12.1.2; settings in docs/operations.md), so that no file, however built, makes
an import hold much memory or run long: the upload size; at most STEADFAST_IMPORT_MAX_ROWS data rows;
a CSV line of at most STEADFAST_IMPORT_MAX_LINE_CHARS characters (a row spanning lines: the same in
all); an XLSX archive is checked from its directory before anything is unpacked (the declared
uncompressed size of all entries and of each shared part, and each entry's compression ratio), then
its first sheet is scanned as a stream (expat, no tree) for rows, cells per row and cell length
before openpyxl reads it. A zip's declared sizes cannot be exceeded: Python's zipfile stops at the
declared size and fails the entry's CRC.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO
from xml.parsers import expat

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
TOO_MANY_ROWS = "the file has more than {limit:,} rows: split it into files of at most {limit:,} rows"
LINE_TOO_LONG = "line {line} is longer than {limit:,} characters: this is not a table of records"
ARCHIVE_TOO_BIG = ("the workbook unpacks to {size} (its parts say so before unpacking), over the {limit} limit: "
                   "save it as CSV or split it")
PART_TOO_BIG = "the workbook's part {name} unpacks to {size}, over the {limit} limit for such a part"
ARCHIVE_RATIO = ("the workbook's part {name} is compressed {ratio:,.0f} to 1 (at most {limit:,} to 1 is accepted): "
                 "a file built to exhaust memory, not a spreadsheet")
TOO_MANY_PARTS = "the workbook has {count:,} parts (at most {limit:,}): not a spreadsheet"
ROW_TOO_WIDE = "row {row} has more than {limit:,} cells"
CELL_TOO_LONG = "row {row} has a cell longer than {limit:,} characters (Excel's own limit)"
MAX_XLSX_COLUMNS = 16_384  # Excel's last column, XFD
MAX_CELL_CHARS = 32_767  # Excel's longest cell
MAX_ARCHIVE_PARTS = 10_000
RATIO_CHECKED_FROM = 1 << 20  # small parts may compress very well (a sheet of blanks) and cost nothing


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
    """Open a CSV or XLSX file; raise FileProblem for anything that is neither, or too big (also
    later, from Table.rows(), for a row past a limit)."""
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


def _bounded_lines(handle, limit: int, state: dict) -> Iterator[str]:
    """The file's lines for csv.reader, refusing a line, or a row spanning lines, longer than `limit`
    characters before it is held whole (state["row_chars"] is reset by the reader's loop per row)."""
    line = 0
    while True:
        text = handle.readline(limit + 1)
        if not text:
            return
        line += 1
        state["row_chars"] += len(text)
        if state["row_chars"] > limit:
            raise FileProblem(LINE_TOO_LONG.format(line=line, limit=limit), row=line)
        yield text


def _open_csv(path: Path) -> Table:
    lines = _check_utf8(path)
    limit, max_rows = settings.STEADFAST_IMPORT_MAX_LINE_CHARS, settings.STEADFAST_IMPORT_MAX_ROWS
    handle = path.open(encoding="utf-8-sig", newline="")
    first_line = handle.readline(limit + 1)
    if len(first_line) > limit:
        handle.close()
        raise FileProblem(LINE_TOO_LONG.format(line=1, limit=limit), row=1)
    # Excel in much of Europe writes ';'-separated "CSV"; take whichever separator the header uses.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    handle.seek(0)
    state = {"row_chars": 0}
    reader = csv.reader(_bounded_lines(handle, limit, state), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        handle.close()
        raise FileProblem(EMPTY_FILE) from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        state["row_chars"] = 0
        count = 0
        try:
            for values in reader:
                state["row_chars"] = 0
                if any(v.strip() for v in values):
                    count += 1
                    if count > max_rows:
                        raise FileProblem(TOO_MANY_ROWS.format(limit=max_rows), row=start)
                    # Our CSV exports quote formula-like cells (core.exports): take that off.
                    yield start, [restore_csv_cell(v.strip()) for v in values]
                start = reader.line_num + 1
        except csv.Error as exc:
            raise FileProblem(f"unreadable CSV on line {reader.line_num}: {exc}") from None
        finally:
            handle.close()

    return Table([normalise_header(h) for h in header], rows(), max(lines - 1, 0), closer=handle.close)


def check_archive(path: Path) -> None:
    """Refuse a zip whose directory shows it unpacks to too much, before unpacking anything."""
    limit, part_limit = settings.STEADFAST_IMPORT_MAX_UNPACKED_BYTES, settings.STEADFAST_IMPORT_MAX_PART_BYTES
    max_ratio = settings.STEADFAST_IMPORT_MAX_COMPRESSION_RATIO
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise FileProblem(NOT_A_TABLE) from exc
    if len(entries) > MAX_ARCHIVE_PARTS:
        raise FileProblem(TOO_MANY_PARTS.format(count=len(entries), limit=MAX_ARCHIVE_PARTS))
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_FROM and entry.file_size > max_ratio * max(entry.compress_size, 1):
            raise FileProblem(ARCHIVE_RATIO.format(name=entry.filename, ratio=entry.file_size / max(entry.compress_size, 1),
                                                   limit=max_ratio))
        # Everything but the worksheets (shared strings, styles, workbook) is read whole by openpyxl.
        is_sheet = posixpath.dirname(entry.filename) == "xl/worksheets"
        if not is_sheet and entry.file_size > part_limit:
            raise FileProblem(PART_TOO_BIG.format(name=entry.filename, size=human_size(entry.file_size),
                                                  limit=human_size(part_limit)))
    total = sum(entry.file_size for entry in entries)
    if total > limit:
        raise FileProblem(ARCHIVE_TOO_BIG.format(size=human_size(total), limit=human_size(limit)))


def scan_sheet(stream, *, max_rows: int) -> None:
    """Stream a worksheet's XML through expat (no tree is built) and refuse it past max_rows rows,
    MAX_XLSX_COLUMNS cells in a row or MAX_CELL_CHARS characters in a cell, before openpyxl, which
    holds a row and every shared string whole, reads it."""
    state = {"rows": 0, "cells": 0, "chars": 0, "in_value": False}

    def start(name, attributes):
        if name == "row":
            state["rows"] += 1
            state["cells"] = 0
            if state["rows"] > max_rows + 1:  # the header row is not a data row
                raise FileProblem(TOO_MANY_ROWS.format(limit=max_rows), row=int(attributes.get("r", 0) or 0))
        elif name == "c":
            state["cells"] += 1
            if state["cells"] > MAX_XLSX_COLUMNS:
                raise FileProblem(ROW_TOO_WIDE.format(row=state["rows"], limit=MAX_XLSX_COLUMNS), row=state["rows"])
        elif name in ("v", "t", "f"):
            state["in_value"], state["chars"] = True, 0

    def end(name):
        if name in ("v", "t", "f"):
            state["in_value"] = False

    def text(data):
        if state["in_value"]:
            state["chars"] += len(data)
            if state["chars"] > MAX_CELL_CHARS:
                raise FileProblem(CELL_TOO_LONG.format(row=state["rows"], limit=MAX_CELL_CHARS), row=state["rows"])

    parser = expat.ParserCreate()
    parser.StartElementHandler, parser.EndElementHandler, parser.CharacterDataHandler = start, end, text
    # Entities (billion laughs) never expand: a DOCTYPE is refused outright, as defusedxml does.
    parser.StartDoctypeDeclHandler = lambda *args: (_ for _ in ()).throw(FileProblem(NOT_A_TABLE))
    try:
        while chunk := stream.read(CHUNK_BYTES):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise FileProblem(NOT_A_TABLE) from exc


def _open_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    check_archive(path)
    try:
        with zipfile.ZipFile(path) as archive:
            # Every worksheet openpyxl might open first is scanned (a workbook has a handful).
            for name in archive.namelist():
                if posixpath.dirname(name) == "xl/worksheets" and name.endswith(".xml"):
                    with archive.open(name) as stream:
                        scan_sheet(stream, max_rows=settings.STEADFAST_IMPORT_MAX_ROWS)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise FileProblem(NOT_A_TABLE) from exc

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
