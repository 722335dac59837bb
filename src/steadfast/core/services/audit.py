"""The audit chain: append events in the writer's transaction; verify and export the chain.

The algorithm is documented in docs/audit.md so that an outsider can verify an export.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from steadfast.core.models import AuditEvent, AuditHead

GENESIS_HASH = "0" * 64
HASHED_FIELDS = (
    "seq", "occurred_at", "actor", "verb", "object_type", "object_id", "object_label", "changes", "prev_hash",
)


_PLAIN = (str, int, bool, type(None))


def json_native(value: Any) -> Any:
    """A value as it will read back from a JSON column, so that hashes survive the round trip."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is list and len(value) == 2 and type(value[0]) in _PLAIN and type(value[1]) in _PLAIN:
        return value  # the common [before, after] pair of plain values
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else str(value)
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {k if type(k) is str else str(k): v if type(v) in _PLAIN else json_native(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_native(v) for v in value]
    return str(value)


def format_timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_bytes(record: dict[str, Any]) -> bytes:
    payload = {field: record[field] for field in HASHED_FIELDS}
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def event_hash(record: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(record)).hexdigest()


@dataclass(frozen=True)
class PendingEvent:
    verb: str
    object_type: str
    object_id: str
    object_label: str
    changes: dict[str, Any]


def describe(instance) -> tuple[str, str, str]:
    label = instance.audit_label() if hasattr(instance, "audit_label") else str(instance)
    return instance._meta.label_lower, str(instance.pk), label[:255]


def record_event(*, actor, verb: str, instance=None, object_type: str = "", object_id: str = "",
                 object_label: str = "", changes: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event. Must run inside the transaction that makes the change it records."""
    if instance is not None:
        object_type, object_id, object_label = describe(instance)
    return record_events(actor=actor, events=[PendingEvent(verb, object_type, object_id, object_label, changes or {})])[0]


def record_events(*, actor, events: Iterable[PendingEvent]) -> list[AuditEvent]:
    """Append many events at once (imports): one lock on the chain head, one bulk insert."""
    with transaction.atomic():
        # The head row is the chain's lock: on PostgreSQL concurrent writers queue here; on SQLite
        # the IMMEDIATE transaction already serialises them.
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, seq=0, hash=GENESIS_HASH)
        occurred_at = timezone.now()
        stamp = format_timestamp(occurred_at)
        actor_label = actor.get_username() if actor is not None else "system"
        actor_id = actor.pk if actor is not None else None
        seq, prev = head.seq, head.hash
        rows = []
        for pending in events:
            seq += 1
            record = {
                "seq": seq, "occurred_at": stamp, "actor": actor_label, "verb": pending.verb,
                "object_type": pending.object_type, "object_id": str(pending.object_id),
                "object_label": pending.object_label[:255], "changes": json_native(pending.changes),
                "prev_hash": prev,
            }
            digest = event_hash(record)
            rows.append(AuditEvent(
                seq=seq, occurred_at=occurred_at, actor_id=actor_id, actor_label=actor_label,
                verb=record["verb"], object_type=record["object_type"], object_id=record["object_id"],
                object_label=record["object_label"], changes=record["changes"], prev_hash=prev, hash=digest,
            ))
            prev = digest
        if not rows:
            return []
        _insert(rows)
        AuditHead.objects.filter(pk=1).update(seq=seq, hash=prev)
        return rows


_COLUMNS = ("seq", "occurred_at", "actor_id", "actor_label", "verb", "object_type", "object_id", "object_label",
            "changes", "prev_hash", "hash")


def _insert(events: list[AuditEvent]) -> None:
    """Insert with executemany: bulk_create's per-field preparation was most of an import's audit cost.

    Values go through the backend's own adapters, so SQLite and PostgreSQL store what the ORM would.
    """
    if len(events) < 50:
        AuditEvent.objects.bulk_create(events)
        return

    ops = connection.ops
    table = ops.quote_name(AuditEvent._meta.db_table)
    columns = ", ".join(ops.quote_name(c) for c in _COLUMNS)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(_COLUMNS))})"
    occurred = ops.adapt_datetimefield_value(events[0].occurred_at)
    with connection.cursor() as cursor:
        for start in range(0, len(events), 5000):
            cursor.executemany(sql, [
                (e.seq, occurred, e.actor_id, e.actor_label, e.verb, e.object_type, e.object_id, e.object_label,
                 ops.adapt_json_value(e.changes, None), e.prev_hash, e.hash)
                for e in events[start:start + 5000]
            ])


def as_record(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq, "occurred_at": format_timestamp(event.occurred_at), "actor": event.actor_label,
        "verb": event.verb, "object_type": event.object_type, "object_id": event.object_id,
        "object_label": event.object_label, "changes": event.changes, "prev_hash": event.prev_hash,
        "hash": event.hash,
    }


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    checked: int
    bad_seq: int | None = None
    reason: str = ""


def verify_records(records: Iterator[dict[str, Any]], *, head: tuple[int, str] | None) -> ChainReport:
    """Check a sequence of records (from the database or an export) link by link."""
    expected_seq, prev, checked = 1, GENESIS_HASH, 0
    for record in records:
        if record["seq"] != expected_seq:
            return ChainReport(False, checked, record["seq"], f"expected event #{expected_seq}, found #{record['seq']} (an event is missing or out of order)")
        if record["prev_hash"] != prev:
            return ChainReport(False, checked, record["seq"], "its prev_hash does not match the previous event's hash (events removed, inserted or reordered)")
        if event_hash(record) != record["hash"]:
            return ChainReport(False, checked, record["seq"], "its content does not match its hash (the event was edited)")
        prev, expected_seq, checked = record["hash"], expected_seq + 1, checked + 1
    if head is not None and (head[0] != checked or head[1] != prev):
        return ChainReport(False, checked, checked + 1 if head[0] > checked else checked,
                           f"the chain ends at #{checked} but its head records #{head[0]} (events at the end were removed or added)")
    return ChainReport(True, checked)


def _stored_records() -> Iterator[dict[str, Any]]:
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=5000):
        yield as_record(event)


def verify_chain() -> ChainReport:
    head = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first() or (0, GENESIS_HASH)
    return verify_records(_stored_records(), head=head)


def export_chain(stream) -> int:
    """Write the chain as JSON Lines (one event per line, keys sorted). Returns the count."""
    count = 0
    for record in _stored_records():
        stream.write(json.dumps(record, sort_keys=True, ensure_ascii=False) + "\n")
        count += 1
    return count
