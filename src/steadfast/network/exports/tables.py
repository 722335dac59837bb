"""Tables per kind, in the importer's own columns, so that an export imports back unchanged."""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from collections.abc import Iterable, Iterator
from typing import IO, Any

from steadfast.core.exports import neutralise_formula, xlsx_row
from steadfast.core.scoping import scoped
from steadfast.network.importers.specs import KindSpec, spec_for

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def content_type(fmt: str) -> str:
    return CONTENT_TYPES[fmt]


def export_filename(kind: str, fmt: str, *, template: bool = False) -> str:
    stamp = "template" if template else dt.date.today().isoformat()
    return f"steadfast-{kind}-{stamp}.{fmt}"


def export_rows(kind: str, *, user=None) -> Iterator[tuple]:
    """The kind's rows as tuples in column order. user=None means every row (the CLI's admin scope);
    otherwise the user's scope: a respondent gets its supplier's rows, a customer viewer its own."""
    spec = spec_for(kind)
    queryset = spec.model.objects.all()
    if user is not None:
        queryset = scoped(queryset, user=user, supplier=spec.supplier_scope, customer=spec.customer_scope)
    paths = [column.export_path for column in spec.columns]
    return queryset.order_by(*spec.order_by).values_list(*paths).iterator(chunk_size=5000)


def cell_text(value: Any) -> str:
    """A value as the importer reads it back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.date | decimal.Decimal):
        return str(value)
    return str(value)


def example_row(spec: KindSpec) -> list[str]:
    return [column.example for column in spec.columns]


def write_csv(kind: str, stream: IO[str], *, user=None, rows: Iterable[tuple] | None = None) -> int:
    """Write the header and the rows (formulas neutralised: `core.exports`); returns the number of rows."""
    spec = spec_for(kind)
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(spec.column_names)
    count = 0
    for row in export_rows(kind, user=user) if rows is None else rows:
        writer.writerow([neutralise_formula(cell_text(value)) for value in row])
        count += 1
    return count


def write_xlsx(kind: str, target, *, user=None, rows: Iterable[tuple] | None = None) -> int:
    """Write a one-sheet workbook (streamed: openpyxl's write-only mode) to a path or binary stream."""
    from openpyxl import Workbook

    spec = spec_for(kind)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(kind)
    sheet.append(spec.column_names)
    count = 0
    for row in export_rows(kind, user=user) if rows is None else rows:
        sheet.append(xlsx_row(sheet, row))
        count += 1
    workbook.save(target)
    return count


def write_template(kind: str, fmt: str, target) -> None:
    """The header and one example row: a starting point for a file to import."""
    rows = [tuple(example_row(spec_for(kind)))]
    if fmt == "csv":
        write_csv(kind, target, rows=rows)
    else:
        write_xlsx(kind, target, rows=rows)
