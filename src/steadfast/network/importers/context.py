"""The state one import carries from reading to writing, shared by the pipeline and the checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import models

from steadfast.network.importers.lookups import Target
from steadfast.network.importers.parse import ParsedRow
from steadfast.network.importers.report import ImportReport
from steadfast.network.importers.specs import KindSpec


@dataclass
class ImportContext:
    spec: KindSpec
    report: ImportReport
    rows: list[ParsedRow]
    present: set[str]  # the spec's columns this file has
    targets: dict[str, dict[str, Target]] = field(default_factory=dict)  # kind -> ref -> row in the database
    existing: dict[tuple, models.Model] = field(default_factory=dict)  # match key -> row in the database
    in_file: dict[str, ParsedRow] = field(default_factory=dict)  # own-kind ref -> its row (self references)
    audit_fields: list[str] = field(default_factory=list)
    stored_pairs: dict[tuple[int, int], str] = field(default_factory=dict)  # sources: (item, site) -> stored ref
    # Past MAX_ERRORS errors the rest of the file is parsed and its errors counted, but its rows are
    # not kept (nothing will be written): the file-wide checks are skipped.
    partial: bool = False

    def error(self, row: ParsedRow, column: str, message: str, value: Any = None) -> None:
        row.bad = True
        self.report.add_error(row.number, column, row.texts.get(column, "") if value is None else value, message)

    def good_rows(self) -> list[ParsedRow]:
        return [row for row in self.rows if not row.bad]

    def has(self, column: str) -> bool:
        return column in self.present

    def current(self, row: ParsedRow, field_name: str, default: Any = None) -> Any:
        """A field's value after the import: the file's if it has the column, else the stored one."""
        if field_name in row.values:
            return row.values[field_name]
        if row.instance is not None and row.instance.pk is not None:
            return getattr(row.instance, field_name)
        return default
