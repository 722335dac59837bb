"""Turning table rows into checked field values, one cell at a time, collecting every error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from steadfast.core.validators import control_character
from steadfast.network.importers import cells
from steadfast.network.importers.report import ImportReport
from steadfast.network.importers.specs import Column, KindSpec

MISSING_COLUMN = "missing required column {name!r}"
CACHE_CELLS = 4096  # distinct texts remembered per column


@dataclass
class ParsedRow:
    number: int
    values: dict[str, Any] = field(default_factory=dict)  # model field name -> value (not references)
    refs: dict[str, str | None] = field(default_factory=dict)  # reference column -> ref text (None = blank)
    texts: dict[str, str] = field(default_factory=dict)  # column -> the cell as written
    bad: bool = False
    key: tuple[str, ...] = ()
    pending: dict[str, str] = field(default_factory=dict)  # FK field -> ref of a row created by this file
    instance: models.Model | None = None  # the stored row it updates, or the new one it creates
    before: dict[str, Any] | None = None  # audit snapshot of the stored row before the import
    action: str = ""


def check_header(spec: KindSpec, header: list[str], report: ImportReport) -> dict[str, int] | None:
    """Column positions by name, or None (with errors) when a required column is missing."""
    positions = {name: k for k, name in enumerate(header) if name}
    missing = [name for name in spec.required_columns if name not in positions]
    for name in missing:
        report.add_error(1, name, "", MISSING_COLUMN.format(name=name))
    known = set(spec.column_names)
    report.ignored_columns = [name for name in positions if name not in known]
    return None if missing else {name: k for name, k in positions.items() if name in known}


def blank_value(model_field: models.Field) -> Any:
    if model_field.null:
        return None
    if model_field.has_default():
        return model_field.get_default()
    return ""


class RowParser:
    """Parses one row's cells with the spec's parsers, then the model field's own validators."""

    def __init__(self, spec: KindSpec, positions: dict[str, int], report: ImportReport):
        self.spec, self.report = spec, report
        self.columns: list[tuple[Column, int, models.Field]] = [
            (column, positions[column.name], spec.model._meta.get_field(column.field))
            for column in spec.columns if column.name in positions
        ]
        # Countries, categories, statuses repeat on every row: parse and validate each text once.
        self.caches: dict[str, dict[str, tuple[bool, Any]]] = {column.name: {} for column, _, _ in self.columns}

    def parse(self, number: int, texts: list[str]) -> ParsedRow:
        row = ParsedRow(number)
        width = len(texts)
        for column, position, model_field in self.columns:
            text = texts[position] if position < width else ""
            row.texts[column.name] = text
            problem = control_character(text, multiline=isinstance(model_field, models.TextField)) if text else None
            if problem:
                self._error(row, column.name, text, f"the text {problem}")
                continue
            if text == "":
                if column.required:
                    self._error(row, column.name, text, cells.REQUIRED)
                elif column.refers_to:
                    row.refs[column.name] = None
                else:
                    row.values[column.field] = blank_value(model_field)
                continue
            if column.refers_to:
                row.refs[column.name] = text
                continue
            cache = self.caches[column.name]
            outcome = cache.get(text)
            if outcome is None:
                outcome = self._parse_cell(column, model_field, text)
                if len(cache) < CACHE_CELLS:
                    cache[text] = outcome
            ok, result = outcome
            if ok:
                row.values[column.field] = result
            else:
                self._error(row, column.name, text, result)
        return row

    @staticmethod
    def _parse_cell(column: Column, model_field: models.Field, text: str) -> tuple[bool, Any]:
        try:
            value = column.parse(text, column.name)
            model_field.run_validators(value)
        except cells.CellError as exc:
            return False, exc.message
        except ValidationError as exc:
            return False, "; ".join(exc.messages)
        return True, value

    def _error(self, row: ParsedRow, column: str, text: str, message: str) -> None:
        row.bad = True
        self.report.add_error(row.number, column, text, message)
