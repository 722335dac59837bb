"""CSV / XLSX downloads of a table of rows (assessments, findings)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import Http404, HttpResponse, StreamingHttpResponse
from openpyxl import Workbook

from steadfast.core.exports import csv_rows, xlsx_row

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("csv", "xlsx")


class _Echo:
    def write(self, value):
        return value


def tabular_response(fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("unknown export format")
    if fmt == "csv":
        writer = csv.writer(_Echo())
        stream = (writer.writerow(row) for row in csv_rows(_chain([headers], rows)))
        response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet(filename[:30])
        sheet.append(list(headers))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _chain(*parts):
    for part in parts:
        yield from part
