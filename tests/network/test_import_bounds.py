"""Issue 16, ASVS 12.1.2: import resource bounds. Hostile files built here (an XLSX zip bomb of
about 1.5 MB, a workbook with millions of rows, a CSV whose one row is tens of MB, a garbage CSV
with hundreds of thousands of bad rows) are refused or reported with bounded errors, and the peak
memory of the whole import, measured with tracemalloc, stays far under 500 MB. `unit_cost=1e308`
is a row error."""

from __future__ import annotations

import io
import struct
import time
import tracemalloc
import zipfile
import zlib

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from steadfast.core.models import Job
from steadfast.core.roles import Role
from steadfast.network.importers import run_import
from steadfast.network.importers.report import MAX_ERRORS
from steadfast.network.models import Item

pytestmark = pytest.mark.django_db

SUPPLIER_HEADER = ["ref", "legal_name", "country", "category"]
MEMORY_BOUND = 500 * 1024 * 1024


# --- hostile files, built quickly: one compressed segment repeated (full-flush segments are
# byte-aligned and refer to nothing before them) inside a real workbook, the zip written by hand.



def _segment(data: bytes, final: bool = False) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush(zlib.Z_FINISH if final else zlib.Z_FULL_FLUSH)


def _deflate_repeated(prefix: bytes, middle: bytes, times: int, suffix: bytes) -> tuple[bytes, int, int]:
    """(raw deflate stream, crc32, uncompressed size) of prefix + middle * times + suffix."""
    repeated = _segment(middle)
    stream = _segment(prefix) + repeated * times + _segment(suffix, final=True)
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(middle, crc)
    crc = zlib.crc32(suffix, crc)
    return stream, crc, len(prefix) + len(middle) * times + len(suffix)


def _zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of (name, raw deflate data, crc32, uncompressed size) entries (sizes < 4 GB)."""
    out, central = io.BytesIO(), []
    for name, data, crc, size in entries:
        offset = out.tell()
        encoded = name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded), 0))
        out.write(encoded + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    for record in central:
        out.write(record)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def _workbook_parts(header: list[str]) -> dict[str, bytes]:
    book = Workbook()
    book.active.append(header)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xlsx_bomb(header: list[str], *, cells: int = 0, rows: int = 0) -> bytes:
    """A workbook whose first sheet, after a real header row, holds one row of `cells` cells or
    `rows` rows of one cell: megabytes on disk, gigabytes unpacked."""
    parts = _workbook_parts(header)
    sheet = parts["xl/worksheets/sheet1.xml"]
    head, tail = sheet.split(b"</sheetData>")
    if cells:
        prefix, middle, times, suffix = head + b'<row r="2">', b'<c t="n"><v>7</v></c>' * 65536, cells // 65536, b"</row></sheetData>" + tail
    else:
        prefix, middle, times, suffix = head, b'<row><c t="n"><v>7</v></c></row>' * 32768, rows // 32768, b"</sheetData>" + tail
    entries = []
    for name, data in parts.items():
        if name == "xl/worksheets/sheet1.xml":
            entries.append((name, *_deflate_repeated(prefix, middle, times, suffix)))
        else:
            entries.append((name, *_deflate_repeated(b"", b"", 0, data)))
    return _zip(entries)


def measured_import(path, kind="suppliers"):
    """(report, peak bytes allocated during the import, seconds)."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        report = run_import(kind=kind, path=path, actor=None, dry_run=True)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return report, peak, time.monotonic() - started


def messages(report) -> list[str]:
    return [error.message for error in report.errors]


def test_a_zip_bomb_workbook_is_refused_from_its_directory_before_unpacking(tmp_path):
    path = tmp_path / "suppliers.xlsx"
    path.write_bytes(xlsx_bomb(SUPPLIER_HEADER, cells=28 * 1024 * 1024))  # one row of 28 M cells
    assert path.stat().st_size < 2_000_000  # a 1.5 MB bomb
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("xl/worksheets/sheet1.xml").file_size > 600_000_000
    report, peak, seconds = measured_import(path)
    assert not report.ok and report.rows == 0
    assert "xl/worksheets/sheet1.xml is compressed" in messages(report)[0] and "to 1" in messages(report)[0]
    assert peak < 20 * 1024 * 1024 and seconds < 5


def test_a_workbook_over_the_unpacked_limit_is_refused(tmp_path, settings):
    settings.STEADFAST_IMPORT_MAX_COMPRESSION_RATIO = 10_000  # only the total bound is left to catch it
    path = tmp_path / "suppliers.xlsx"
    path.write_bytes(xlsx_bomb(SUPPLIER_HEADER, cells=28 * 1024 * 1024))
    report, peak, _ = measured_import(path)
    assert "unpacks to 588.0 MB" in messages(report)[0] and "over the 512.0 MB limit" in messages(report)[0]
    assert peak < 20 * 1024 * 1024


def test_a_wide_row_under_the_ratio_is_stopped_while_streaming(tmp_path, settings):
    settings.STEADFAST_IMPORT_MAX_COMPRESSION_RATIO = 10_000
    path = tmp_path / "suppliers.xlsx"
    path.write_bytes(xlsx_bomb(SUPPLIER_HEADER, cells=8 * 1024 * 1024))  # 160 MB unpacked, one row
    report, peak, _ = measured_import(path)
    assert messages(report) == ["row 2 has more than 16,384 cells"]
    assert peak < 50 * 1024 * 1024


def test_a_workbook_with_millions_of_rows_stops_at_the_row_limit(tmp_path, settings):
    settings.STEADFAST_IMPORT_MAX_COMPRESSION_RATIO = 10_000
    settings.STEADFAST_IMPORT_MAX_ROWS = 100_000
    path = tmp_path / "suppliers.xlsx"
    path.write_bytes(xlsx_bomb(SUPPLIER_HEADER, rows=8 * 1024 * 1024))
    report, peak, seconds = measured_import(path)
    assert messages(report) == ["the file has more than 100,000 rows: split it into files of at most 100,000 rows"]
    assert peak < 50 * 1024 * 1024


def test_a_fatal_header_error_stops_the_import_before_the_rows(tmp_path, settings):
    settings.STEADFAST_IMPORT_MAX_COMPRESSION_RATIO = 10_000
    path = tmp_path / "suppliers.xlsx"
    path.write_bytes(xlsx_bomb(["name", "colour"], rows=64 * 1024))
    report, _, seconds = measured_import(path)
    assert [e.row for e in report.errors] == [1, 1, 1, 1] and report.rows == 0
    assert all(m.startswith("missing required column") for m in messages(report))


def test_a_csv_whose_row_is_tens_of_megabytes_is_refused_line_by_line(tmp_path):
    path = tmp_path / "suppliers.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(SUPPLIER_HEADER) + "\n")
        handle.write("S1,One,DE,components\n")
        handle.write("," * (40 * 1024 * 1024) + "\n")
    report, peak, _ = measured_import(path)
    assert messages(report) == ["line 3 is longer than 1,048,576 characters: this is not a table of records"]
    assert peak < 30 * 1024 * 1024


def test_a_row_spanning_many_quoted_lines_is_bounded_too(tmp_path, settings):
    settings.STEADFAST_IMPORT_MAX_LINE_CHARS = 10_000
    path = tmp_path / "suppliers.csv"
    path.write_text(",".join(SUPPLIER_HEADER) + "\n" + "S1," + ('"a\n",' * 5000) + "\n", encoding="utf-8")
    report, _, _ = measured_import(path)
    assert messages(report)[0].startswith("line ") and "longer than 10,000 characters" in messages(report)[0]


def test_a_garbage_csv_keeps_a_bounded_error_list_and_says_how_many_more(tmp_path):
    path = tmp_path / "suppliers.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(",".join(SUPPLIER_HEADER) + "\n")
        for n in range(40_000):
            handle.write(f"S{n},x,??,nonsense\n")
    report, peak, _ = measured_import(path)
    assert report.error_count == 80_000 and len(report.errors) == MAX_ERRORS and report.errors_truncated
    assert report.rows == 40_000 and not report.applied
    # Past the error limit rows are counted, not kept: the peak does not grow with the file.
    assert peak < 12 * 1024 * 1024, peak


def test_the_cli_says_how_many_more_errors_there_are(tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / "suppliers.csv"
    path.write_text(",".join(SUPPLIER_HEADER) + "\n" + "".join(f"S{n},x,??,components\n" for n in range(1500)),
                    encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import", "suppliers", str(path))
    assert "… and 500 more errors" in capsys.readouterr().out


# --- numbers outside a column's range ----------------------------------------------------------

@pytest.mark.parametrize("value,message", [
    ("1e308", "unit_cost 1e308 is too large (at most 999999999999.99)"),
    ("1000000000000", "unit_cost 1000000000000 is too large (at most 999999999999.99)"),
])
def test_unit_cost_out_of_range_is_a_row_error_not_a_traceback(tmp_path, value, message):
    path = tmp_path / "items.csv"
    path.write_text(f"ref,name,kind,unit_cost\nI-1,Optical transceiver,component,{value}\n", encoding="utf-8")
    report = run_import(kind="items", path=path, actor=None)
    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "unit_cost", message)]
    assert not Item.objects.exists()


def test_unit_cost_1e308_through_the_cli_and_the_page(tmp_path, role_users, capsys):
    from django.core.management import call_command

    path = tmp_path / "items.csv"
    path.write_text("ref,name,kind,unit_cost\nI-1,Optical transceiver,component,1e308\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("import", "items", str(path))
    assert "unit_cost 1e308 is too large" in capsys.readouterr().out
    client = Client()
    client.force_login(role_users[Role.ADMINISTRATOR])
    with path.open("rb") as upload:
        page = client.post(reverse("network:import"), {"kind": "items", "file": upload, "dry_run": ""})
    assert page.status_code == 200 and b"is too large" in page.content


# --- never unpacked in the request ---------------------------------------------------------------

def test_a_small_workbook_uploaded_on_the_page_goes_to_a_job(role_users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    book = Workbook()
    book.active.append(SUPPLIER_HEADER)
    book.active.append(["S-1", "Nordlicht Kabel GmbH", "DE", "components"])
    buffer = io.BytesIO()
    book.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "suppliers.xlsx"
    client = Client()
    client.force_login(role_users[Role.ADMINISTRATOR])
    response = client.post(reverse("network:import"), {"kind": "suppliers", "file": upload, "dry_run": "on"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("network:import-job", args=[job.pk])
    assert job.kind == "network.import" and job.params["filename"] == "suppliers.xlsx"
