"""Bulk writes for the demo's programme history: rows inserted with executemany, and one audit event
per bulk stage naming what was loaded (count, seed, SHA-256 of the rows), as the network demo does.

executemany rather than bulk_create: bulk_create sets `created_at` to now (auto_now_add), and the
history must carry its own dates; and building a model instance per row was most of the cost of the
260,000 answers. Values still go through each field's own preparation, so SQLite and PostgreSQL
store what the ORM would.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

from steadfast.core.services.audit import PendingEvent

CHUNK = 5000
KEY_COLUMNS = 4
# Field types whose Python values need the backend's preparation (the rest go in as they are).
PREPARED_TYPES = ("DateTimeField", "DateField", "JSONField")


class StageRows:
    """The rows of one bulk stage and a digest of their first columns (the keys: who, what, which
    state), for its audit event; hashing every date of 200,000 rows would cost seconds."""

    def __init__(self) -> None:
        self.count = 0
        self.digest = hashlib.sha256()

    def add(self, rows: list[Sequence[Any]]) -> None:
        self.count += len(rows)
        self.digest.update(repr([row[:KEY_COLUMNS] for row in rows]).encode())

    def event(self, model: type[models.Model], label: str, seed: int, verb: str = "create",
              **details: Any) -> PendingEvent:
        return PendingEvent(verb, model._meta.label_lower, "*", f"{self.count:,} {label} (security demo seed {seed})",
                            {"count": self.count, "seed": seed, "sha256": self.digest.hexdigest(), **details})


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]],
                stage: StageRows | None = None) -> int:
    """INSERT the rows (values in `fields` order; foreign keys by attname, e.g. "supplier_id")."""
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    prepare = [(i, f) for i, f in enumerate(columns) if f.get_internal_type() in PREPARED_TYPES]
    ops = connection.ops
    sql = (f"INSERT INTO {ops.quote_name(meta.db_table)} ({', '.join(ops.quote_name(f.column) for f in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    written = 0
    batch: list[Sequence[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                written += _flush(cursor, sql, batch, prepare, stage)
                batch = []
        if batch:
            written += _flush(cursor, sql, batch, prepare, stage)
    return written


def _flush(cursor, sql: str, batch: list[Sequence[Any]], prepare, stage: StageRows | None) -> int:
    if stage is not None:
        stage.add(batch)
    if prepare:
        # Dates repeat across an assessment's rows: each distinct one is prepared once.
        cache: dict[tuple[int, Any], Any] = {}
        prepared = []
        for row in batch:
            row = list(row)
            for i, field in prepare:
                value = row[i]
                if value is None:
                    continue
                if isinstance(value, dt.date):
                    key = (i, value)
                    if key not in cache:
                        cache[key] = field.get_db_prep_save(value, connection)
                    row[i] = cache[key]
                else:
                    row[i] = field.get_db_prep_save(value, connection)
            prepared.append(row)
        batch = prepared
    cursor.executemany(sql, batch)
    return len(batch)
