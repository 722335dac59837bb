"""Writing a checked file: one transaction, bulk inserts and updates, one audit event per row."""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.network.importers.context import ImportContext
from steadfast.network.importers.inserting import insert_rows
from steadfast.network.importers.lookups import chunks
from steadfast.network.importers.parse import ParsedRow

INSERT_BATCH = 5000
UPDATE_BATCH = 500


def _creation_levels(context: ImportContext, rows: list[ParsedRow]) -> list[list[ParsedRow]]:
    """Suppliers go in by tier, so that a parent created by the same file has its id first."""
    if context.spec.name != "suppliers" or not any(row.pending for row in rows):
        return [rows]
    ordered = sorted(rows, key=lambda row: row.instance.tier)
    return [list(level) for _, level in groupby(ordered, key=lambda row: row.instance.tier)]


def _link_pending(context: ImportContext, row: ParsedRow) -> None:
    for field_name, ref in row.pending.items():
        setattr(row.instance, field_name, context.in_file[ref].instance)


def apply_rows(context: ImportContext, *, actor, progress: Callable) -> None:
    model = context.spec.model
    rows = context.good_rows()
    creates = [row for row in rows if row.action == "create"]
    updates = [row for row in rows if row.action == "update"]
    total = len(context.rows) * 2
    done = len(context.rows)
    now = timezone.now()
    events = []
    with transaction.atomic():
        for level in _creation_levels(context, creates):
            for batch in chunks(level, INSERT_BATCH):
                for row in batch:
                    _link_pending(context, row)
                insert_rows(model, [row.instance for row in batch], context.spec.match_fields)
                done += len(batch)
                progress(done, total, "writing")
        names = context.audit_fields
        for row in creates:
            instance = row.instance
            events.append(crud.pending_for("create", instance, {name: [None, getattr(instance, name)] for name in names}))
        changed_fields: set[str] = set()
        for row in updates:
            _link_pending(context, row)
            changes = crud.diff(row.before, {name: getattr(row.instance, name) for name in names})
            if not changes:
                continue
            row.instance.updated_at = now
            changed_fields.update(changes)
            events.append(crud.pending_for("update", row.instance, changes))
        if changed_fields:
            fields = sorted(changed_fields | {"updated_at"})
            for batch in chunks([row.instance for row in updates], UPDATE_BATCH):
                model.objects.bulk_update(batch, fields)
                done += len(batch)
                progress(done, total, "writing")
        record_events(actor=actor, events=events)
        progress(total, total, "done")
