"""Audit anchors (issue 16): a signed checkpoint of the chain's head detects a chain cut back or
rewritten after it, even when the attacker recomputes every hash and the head row."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from steadfast.core.models import AuditEvent, AuditHead
from steadfast.core.services.audit import as_record, event_hash, record_event, verify_chain


@pytest.fixture(autouse=True)
def _signing_key(settings, tmp_path):
    settings.STEADFAST_SIGNING_KEY = tmp_path / "keys" / "ed25519.pem"


def _events(n: int, start: int = 0):
    for i in range(start, start + n):
        record_event(actor=None, verb="update", object_type="network.supplier", object_id=str(i),
                     object_label=f"Supplier {i}", changes={"legal_name": [f"Old {i}", f"New {i}"]})


def _anchor(tmp_path, capsys) -> str:
    path = tmp_path / "anchor.json"
    call_command("audit", "anchor", "--out", str(path))
    capsys.readouterr()
    return str(path)


def _rehash_from(seq: int) -> None:
    """What a careful attacker does: recompute every hash from `seq` on and move the head to match."""
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for event in AuditEvent.objects.filter(seq__gte=seq).order_by("seq"):
        event.prev_hash = prev
        record = as_record(event)
        record.pop("hash")
        event.hash = event_hash(record)
        AuditEvent.objects.filter(pk=event.pk).update(prev_hash=event.prev_hash, hash=event.hash)
        prev = event.hash
    last = AuditEvent.objects.order_by("-seq").first()
    AuditHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)


def test_an_intact_chain_passes_and_later_events_are_fine(db, tmp_path, capsys):
    _events(5)
    anchor = _anchor(tmp_path, capsys)
    checkpoint = json.loads(open(anchor, encoding="utf-8").read())["checkpoint"]
    assert checkpoint["seq"] == 5 and checkpoint["hash"] == AuditHead.objects.get().hash
    _events(3, start=5)
    call_command("audit", "verify", "--anchor", anchor)
    assert "audit chain intact: 8 events" in capsys.readouterr().out


def test_a_chain_cut_back_below_the_anchor_is_detected(db, tmp_path, capsys):
    _events(6)
    anchor = _anchor(tmp_path, capsys)
    AuditEvent.objects.filter(seq__gt=3).delete()
    last = AuditEvent.objects.order_by("-seq").first()
    AuditHead.objects.filter(pk=1).update(seq=last.seq, hash=last.hash)
    assert verify_chain().ok  # undetectable without the anchor
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", "verify", "--anchor", anchor)
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "the chain ends at #3 but the anchor" in err and "cut back" in err


def test_a_chain_rewritten_before_the_anchor_is_detected(db, tmp_path, capsys):
    _events(6)
    anchor = _anchor(tmp_path, capsys)
    AuditEvent.objects.filter(seq=2).update(object_label="Someone else")
    _rehash_from(2)
    assert verify_chain().ok  # every link recomputed: undetectable without the anchor
    with pytest.raises(SystemExit):
        call_command("audit", "verify", "--anchor", anchor)
    err = capsys.readouterr().err
    assert "event #6 has hash" in err and "rewritten" in err


def test_a_tampered_or_foreign_anchor_is_refused(db, tmp_path, capsys):
    _events(2)
    anchor = _anchor(tmp_path, capsys)
    document = json.loads(open(anchor, encoding="utf-8").read())
    document["checkpoint"]["seq"] = 1
    forged = tmp_path / "forged.json"
    forged.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("audit", "verify", "--anchor", str(forged))
    assert "anchor signature: the signature does not match" in capsys.readouterr().err
