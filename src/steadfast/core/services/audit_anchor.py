"""Anchors of the audit chain: a signed checkpoint (head sequence, head hash, time) kept outside the
system, against which a later chain is checked. A chain cut back below the checkpoint, or rewritten
at or before it (even with every later hash recomputed and the head row updated to match), no
longer contains the anchored event. Signed with the publication key (`core.signing`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from steadfast.core import signing
from steadfast.core.models import AuditEvent, AuditHead
from steadfast.core.services.audit import GENESIS_HASH, ChainReport, format_timestamp, verify_chain

FORMAT = "steadfast-audit-anchor/1"


class AnchorError(Exception):
    """An anchor file that cannot be used; the message says why."""


def create_anchor() -> dict[str, Any]:
    seq, head = AuditHead.objects.filter(pk=1).values_list("seq", "hash").first() or (0, GENESIS_HASH)
    checkpoint = {"format": FORMAT, "issuer": settings.STEADFAST_ORGANISATION, "seq": seq, "hash": head,
                  "time": format_timestamp(timezone.now())}
    signature, public_key = signing.sign(checkpoint)
    return {"checkpoint": checkpoint, "signature": signature, "public_key": public_key}


def read_anchor(document: Any) -> dict[str, Any]:
    """The checkpoint of a well-formed anchor signed by this installation's key."""
    if not isinstance(document, dict) or set(document) != {"checkpoint", "signature", "public_key"}:
        raise AnchorError('expected an object with exactly "checkpoint", "signature" and "public_key"')
    checkpoint = document["checkpoint"]
    if not isinstance(checkpoint, dict) or checkpoint.get("format") != FORMAT:
        raise AnchorError(f"the checkpoint is not a {FORMAT} document")
    if not isinstance(checkpoint.get("seq"), int) or not isinstance(checkpoint.get("hash"), str):
        raise AnchorError('the checkpoint needs an integer "seq" and a string "hash"')
    try:
        signing.verify(checkpoint, document["signature"], document["public_key"])
    except signing.SignatureError as exc:
        raise AnchorError(f"anchor signature: {exc}") from None
    if document["public_key"] != signing.public_key_b64():
        raise AnchorError("the anchor was signed by another key than this installation's")
    return checkpoint


def verify_with_anchor(document: Any) -> ChainReport:
    """The chain's own check, then: does it still hold the anchored event, unchanged?"""
    checkpoint = read_anchor(document)
    report = verify_chain()
    if not report.ok:
        return report
    seq, expected = checkpoint["seq"], checkpoint["hash"]
    if seq == 0:
        return report
    if report.checked < seq:
        return ChainReport(False, report.checked, report.checked + 1,
                           f"the chain ends at #{report.checked} but the anchor of {checkpoint['time']} recorded #{seq} "
                           "(the chain was cut back after the checkpoint)")
    stored = AuditEvent.objects.filter(seq=seq).values_list("hash", flat=True).first()
    if stored != expected:
        return ChainReport(False, report.checked, seq,
                           f"event #{seq} has hash {stored[:16]}…, the anchor of {checkpoint['time']} recorded "
                           f"{expected[:16]}… (the chain was rewritten at or before the checkpoint)")
    return report
