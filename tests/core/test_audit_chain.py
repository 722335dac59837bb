"""The audit chain proves itself: any edit, removal, insertion or reordering is detected."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.db import connection, connections

from steadfast.core.models import AuditEvent, AuditHead
from steadfast.core.services import crud
from steadfast.core.services.audit import verify_chain


@pytest.fixture
def chain(db, admin_user):
    """Admin creation plus a few changes: a chain of several events."""
    from steadfast.network.models import Supplier

    for n in range(5):
        supplier = crud.create(actor=admin_user, model=Supplier, ref=f"AUD-{n}", legal_name=f"Acme {n}", country="NL", category="software")
        crud.update(actor=admin_user, instance=supplier, legal_name=f"Acme {n} B.V.")
    return list(AuditEvent.objects.order_by("seq"))


def test_intact_chain_verifies(chain):
    report = verify_chain()
    assert report.ok, report.reason
    assert report.checked == AuditEvent.objects.count() >= 11


def test_update_records_before_and_after(chain, admin_user):
    event = AuditEvent.objects.filter(verb="update", object_type="network.supplier").first()
    assert event.actor_label == admin_user.username
    assert event.changes == {"legal_name": ["Acme 0", "Acme 0 B.V."]}


def test_modified_event_is_detected(chain):
    victim = chain[4]
    AuditEvent.objects.filter(pk=victim.pk).update(object_label="someone else")
    report = verify_chain()
    assert not report.ok and report.bad_seq == victim.seq and "edited" in report.reason


def test_modified_changes_field_is_detected(chain):
    victim = chain[6]
    AuditEvent.objects.filter(pk=victim.pk).update(changes={"legal_name": ["x", "y"]})
    assert verify_chain().bad_seq == victim.seq


def test_deleted_event_is_detected(chain):
    victim = chain[3]
    AuditEvent.objects.filter(pk=victim.pk).delete()
    report = verify_chain()
    assert not report.ok and report.bad_seq == victim.seq + 1


def test_deleted_last_event_is_detected(chain):
    AuditEvent.objects.filter(pk=chain[-1].pk).delete()
    report = verify_chain()
    assert not report.ok and "head" in report.reason


def test_inserted_event_is_detected(chain):
    # A forger appends a well-formed event after the tail but cannot move the head consistently
    # without recomputing it; and renumbering to slip one in the middle breaks the links.
    last = chain[-1]
    forged = {"seq": last.seq + 1, "occurred_at": "2030-01-01T00:00:00.000000Z", "actor": "mallory",
              "verb": "delete", "object_type": "network.supplier", "object_id": "1", "object_label": "x",
              "changes": {}, "prev_hash": last.hash}
    from steadfast.core.services.audit import event_hash

    AuditEvent.objects.create(seq=forged["seq"], occurred_at=last.occurred_at, actor_label="mallory", verb="delete",
                              object_type="network.supplier", object_id="1", object_label="x", changes={},
                              prev_hash=last.hash, hash=event_hash(forged))
    assert not verify_chain().ok


def test_inserted_in_middle_is_detected(chain):

    # shift the tail by one and put a forged event in the gap
    AuditEvent.objects.all().delete()
    for event in chain:
        event.pk = None
        event.seq = event.seq + 1 if event.seq >= 5 else event.seq
    forged = AuditEvent(seq=5, occurred_at=chain[0].occurred_at, actor_label="mallory", verb="create",
                        object_type="x", object_id="9", object_label="forged", changes={},
                        prev_hash=chain[3].hash, hash="f" * 64)
    AuditEvent.objects.bulk_create([*chain, forged])
    report = verify_chain()
    assert not report.ok and report.bad_seq == 5


def test_swapped_events_are_detected(chain):
    a, b = chain[2], chain[5]
    AuditEvent.objects.filter(pk=a.pk).update(seq=10**9)
    AuditEvent.objects.filter(pk=b.pk).update(seq=a.seq)
    AuditEvent.objects.filter(pk=a.pk).update(seq=b.seq)
    report = verify_chain()
    assert not report.ok and report.bad_seq == a.seq


def test_cli_verify_exit_codes(chain, capsys):
    call_command("audit", "verify")
    assert "intact" in capsys.readouterr().out
    AuditEvent.objects.filter(pk=chain[1].pk).update(verb="tampered")
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify")
    assert exit_info.value.code == 1
    assert f"#{chain[1].seq}" in capsys.readouterr().err


def outsider_verify(lines: list[str]) -> tuple[bool, int]:
    """The algorithm of docs/audit.md, written from the document alone (no project code)."""
    prev = "0" * 64
    for expected_seq, line in enumerate(lines, start=1):
        event = json.loads(line)
        claimed = event.pop("hash")
        canonical = json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
        if event["seq"] != expected_seq or event["prev_hash"] != prev or hashlib.sha256(canonical).hexdigest() != claimed:
            return False, expected_seq
        prev = claimed
    return True, len(lines)


def test_export_verifies_outside_the_project(chain, tmp_path):
    target = tmp_path / "audit.jsonl"
    call_command("audit", "export", str(target))
    lines = target.read_text().splitlines()
    assert outsider_verify(lines) == (True, AuditEvent.objects.count())
    tampered = json.loads(lines[2])
    tampered["actor"] = "mallory"
    lines[2] = json.dumps(tampered)
    assert outsider_verify(lines) == (False, 3)


def test_export_to_unwritable_path_is_a_clear_error(chain):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="cannot write"):
        call_command("audit", "export", "/nonexistent-dir/audit.jsonl")


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_produce_one_valid_chain(admin_user):
    from steadfast.network.models import Supplier

    writers, per_writer, errors = 6, 8, []

    def write(worker: int) -> None:
        try:
            for n in range(per_writer):
                crud.create(actor=admin_user, model=Supplier, ref=f"T{worker}-{n}", legal_name=f"Thread {worker}/{n}", country="SE", category="logistics")
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connections.close_all()

    before = AuditEvent.objects.count()
    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert AuditEvent.objects.count() == before + writers * per_writer
    report = verify_chain()
    assert report.ok, report.reason
    assert AuditHead.objects.get().seq == report.checked
    seqs = list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))  # concurrent writers left no gap or repeat


def _same_database_env() -> dict[str, str]:
    """The environment for a fresh `steadfast` process that opens this test's database."""
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "STEADFAST_DATABASE_URL")}
    if connection.vendor == "sqlite":
        env["STEADFAST_SQLITE_PATH"] = str(db["NAME"])
    else:
        credentials = quote(db["USER"]) + (":" + quote(db["PASSWORD"]) if db["PASSWORD"] else "")
        env["DATABASE_URL"] = f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    return env


@pytest.mark.django_db(transaction=True)  # committed, so that another process sees the chain
def test_audit_verify_runs_in_a_fresh_process(admin_user):
    """`steadfast audit verify` through the real CLI entry point and a fresh process: exit 0 on the
    intact chain, exit 1 naming the first bad event once a row has been edited behind its back."""
    from steadfast.network.models import Supplier

    for n in range(3):
        crud.create(actor=admin_user, model=Supplier, ref=f"CLI-{n}", legal_name=f"Acme {n}", country="NL", category="software")
    events = AuditEvent.objects.count()
    command = [sys.executable, "-m", "steadfast.cli", "audit", "verify"]
    intact = subprocess.run(command, env=_same_database_env(), capture_output=True, text=True, timeout=120)
    assert intact.returncode == 0, intact.stderr
    assert f"audit chain intact: {events} events" in intact.stdout

    victim = AuditEvent.objects.order_by("seq")[1]
    AuditEvent.objects.filter(pk=victim.pk).update(object_label="someone else")
    broken = subprocess.run(command, env=_same_database_env(), capture_output=True, text=True, timeout=120)
    assert broken.returncode == 1
    assert f"audit chain broken at event #{victim.seq}" in broken.stderr and "edited" in broken.stderr


def test_bulk_recording_matches_single_recording(admin_user):
    """Imports append thousands of events at once; the chain must verify exactly as for single ones."""
    from steadfast.core.services.audit import PendingEvent, record_events

    record_events(actor=admin_user, events=[
        PendingEvent("create", "network.supplier", str(n), f"S{n} Ünïcode & “quotes”",
                     {"name": [None, f"S{n}"], "value": [None, n / 3], "when": [None, "2026-01-01"], "list": [None, [1, {"a": None}]]})
        for n in range(120)
    ])
    report = verify_chain()
    assert report.ok, report.reason
    stored = AuditEvent.objects.order_by("-seq").first()
    assert stored.changes["list"] == [None, [1, {"a": None}]] and stored.object_label.startswith("S119 Ünïcode")
    assert stored.actor_label == admin_user.username
