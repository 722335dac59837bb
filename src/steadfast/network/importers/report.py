"""What an import did, or would do: counts, one action per row, and every error with its place."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Past this many errors the report stops collecting (the counts stay exact): nobody fixes a file
# by reading error 1,001, and the report must stay small enough for a page and a job result.
MAX_ERRORS = 1000
# Per-row actions kept in a report handed to pages and job results (the CLI keeps them all).
MAX_ACTIONS_SHOWN = 1000


@dataclass(frozen=True)
class RowError:
    """One problem in the file. row 0 = the file as a whole; row 1 = the header."""

    row: int
    column: str
    value: str
    message: str

    def located(self, filename: str) -> str:
        """`FILE:ROW:COLUMN: message` (file-wide problems: `FILE: message`)."""
        if self.row == 0:
            return f"{filename}: {self.message}"
        return f"{filename}:{self.row}:{self.column}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


@dataclass(frozen=True)
class RowAction:
    row: int
    action: str  # "create" | "update" | "unchanged" | "reject"
    key: str


@dataclass
class ImportReport:
    kind: str
    filename: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    applied: bool = False
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    actions: list[RowAction] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, row: int, column: str, value: Any, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(RowError(row, column, "" if value is None else str(value)[:200], message))

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)

    def as_dict(self, *, max_actions: int | None = MAX_ACTIONS_SHOWN) -> dict[str, Any]:
        actions = self.actions if max_actions is None else self.actions[:max_actions]
        return {
            "kind": self.kind, "filename": self.filename, "dry_run": self.dry_run, "ok": self.ok,
            "applied": self.applied, "rows": self.rows, "created": self.created, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected, "error_count": self.error_count,
            "errors": [e.as_dict() for e in self.errors],
            "actions": [{"row": a.row, "action": a.action, "key": a.key} for a in actions],
            "actions_truncated": len(actions) < len(self.actions),
            "ignored_columns": self.ignored_columns, "seconds": round(self.seconds, 3),
        }
