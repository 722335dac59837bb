"""Publishing figures: freeze, sign, store (one transaction, one audit event); verify a published
file; give a Merkle inclusion proof for a counted record. The algorithm is in docs/transparency.md."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core import signing
from steadfast.core.models import AuditHead
from steadfast.core.services.audit import GENESIS_HASH, format_timestamp, record_event
from steadfast.transparency import merkle
from steadfast.transparency.models import Publication
from steadfast.transparency.selectors.figures import ORGANISATION, Period, compute_all

FORMAT = "steadfast-publication/1"


def _audit_head(lock: bool) -> dict[str, Any]:
    qs = AuditHead.objects.filter(pk=1)
    if lock:
        qs = qs.select_for_update()
    seq, head = qs.values_list("seq", "hash").first() or (0, GENESIS_HASH)
    return {"seq": seq, "hash": head}


def build_snapshot(*, period: Period, published_at: dt.datetime, supersedes: Publication | None = None,
                   note: str = "", lock: bool = False) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """(snapshot, record ids per figure) for the organisation's figures of the period."""
    computed = compute_all(user=ORGANISATION, period=period)
    figures, record_ids = {}, {}
    for name, c in computed.items():
        ids = merkle.leaves(c.record_ids)
        record_ids[name] = ids
        figures[name] = {"value": c.value, **c.figure.describe(),
                         "records": {"count": len(ids), "merkle_root": merkle.root(ids)}}
    snapshot = {
        "format": FORMAT,
        "issuer": settings.STEADFAST_ORGANISATION,
        "period": period.as_json(),
        "published_at": format_timestamp(published_at),
        "audit_head": _audit_head(lock),
        "figures": figures,
        "merkle": "RFC 9162 tree over the record ids sorted by UTF-8 bytes; leaf SHA-256(0x00||id), "
                  "node SHA-256(0x01||left||right)",
        "supersedes": ({"sha256": supersedes.sha256, "note": note} if supersedes is not None else None),
    }
    return snapshot, record_ids


def publish(*, actor, period: Period, supersedes: Publication | None = None, note: str = "",
            published_at: dt.datetime | None = None) -> Publication:
    """Compute, sign and store a publication. A correction must name what it supersedes and why."""
    note = note.strip()
    if supersedes is not None and not note:
        raise ValidationError({"note": "say what this correction changes"})
    if supersedes is None and note:
        raise ValidationError({"supersedes": "a note is for a correction: name the publication it supersedes"})
    if supersedes is not None and Publication.objects.filter(supersedes=supersedes).exists():
        raise ValidationError({"supersedes": f"{supersedes} is already superseded; correct its correction instead"})
    if period.end < period.start:
        raise ValidationError({"period": "the period ends before it starts"})
    with transaction.atomic():
        moment = published_at or timezone.now()
        snapshot, record_ids = build_snapshot(period=period, published_at=moment, supersedes=supersedes, note=note,
                                              lock=True)
        signature, public_key = signing.sign(snapshot)
        publication = Publication(period_label=period.label, period_start=period.start, period_end=period.end,
                                  snapshot=snapshot, sha256=signing.sha256_hex(snapshot), signature=signature,
                                  public_key=public_key, record_ids=record_ids, published_at=moment,
                                  published_by=actor if getattr(actor, "pk", None) else None,
                                  supersedes=supersedes, correction_note=note)
        publication.full_clean()
        publication.save()
        record_event(actor=actor, verb="publish", instance=publication,
                     changes={"period": [None, period.label], "sha256": [None, publication.sha256],
                              "figures": [None, {k: v["value"] for k, v in snapshot["figures"].items()}],
                              "supersedes": [None, supersedes.sha256 if supersedes else None]})
    return publication


# ---- verification --------------------------------------------------------------------------

class PublicationError(Exception):
    """A publication file that does not check out; the message names what failed."""


@dataclass
class Verified:
    sha256: str
    fingerprint: str
    period: str
    figures: dict[str, Any]
    notes: list[str] = field(default_factory=list)


def verify_document(document: Any, *, own_key: bool = True) -> Verified:
    """Check a publication file. `own_key`: the key must be this installation's (else anyone could
    re-sign altered figures with a key of their own)."""
    if not isinstance(document, dict) or set(document) != {"snapshot", "signature", "public_key"}:
        found = sorted(document) if isinstance(document, dict) else type(document).__name__
        raise PublicationError(f'expected an object with exactly "snapshot", "signature" and "public_key"; found {found}')
    snapshot = document["snapshot"]
    if not isinstance(snapshot, dict) or snapshot.get("format") != FORMAT:
        raise PublicationError(f'the snapshot is not a {FORMAT} document (its "format" is '
                               f'{snapshot.get("format") if isinstance(snapshot, dict) else None!r})')
    try:
        signing.verify(snapshot, document["signature"], document["public_key"])
    except signing.SignatureError as exc:
        raise PublicationError(f"signature: {exc}") from None
    fingerprint = signing.fingerprint(document["public_key"])
    if own_key:
        ours = signing.public_key_b64()
        if document["public_key"] != ours:
            raise PublicationError(f"signature: signed by a key with fingerprint {fingerprint}, not this installation's "
                                   f"publication key ({signing.fingerprint(ours)})")
    verified = Verified(signing.sha256_hex(snapshot), fingerprint, snapshot.get("period", {}).get("label", "?"),
                        {k: v.get("value") for k, v in snapshot.get("figures", {}).items()})
    stored = Publication.objects.filter(sha256=verified.sha256).first()
    if stored is None:
        verified.notes.append("not stored in this installation's list of publications")
    else:
        for name, ids in stored.record_ids.items():
            if merkle.root(ids) != snapshot["figures"][name]["records"]["merkle_root"]:
                raise PublicationError(f"figure {name}: the stored record ids do not give the signed Merkle root")
        if hasattr(stored, "superseded_by"):
            verified.notes.append(f"superseded by the correction {stored.superseded_by.sha256} "
                                  f"({stored.superseded_by.correction_note})")
    return verified


def proofs(document: Any, record_id: str, *, figure: str = "") -> list[dict[str, Any]]:
    """Merkle inclusion proofs of `record_id` in each figure that counted it (or in `figure`)."""
    verified = verify_document(document)
    stored = Publication.objects.filter(sha256=verified.sha256).first()
    if stored is None:
        raise PublicationError("this publication is not stored here, so its record ids are not known")
    names = [figure] if figure else list(stored.record_ids)
    unknown = [n for n in names if n not in stored.record_ids]
    if unknown:
        raise PublicationError(f"no figure named {unknown[0]!r} in this publication; it has {', '.join(stored.record_ids)}")
    answer = []
    for name in names:
        try:
            proof = merkle.inclusion_proof(stored.record_ids[name], record_id)
        except KeyError:
            continue
        signed_root = document["snapshot"]["figures"][name]["records"]["merkle_root"]
        if proof["root"] != signed_root or not merkle.verify_inclusion(
                proof["record_id"], proof["leaf_index"], proof["tree_size"], proof["path"], signed_root):
            raise PublicationError(f"figure {name}: the proof does not reach the signed root")
        answer.append({"figure": name, **proof})
    if not answer:
        where = f"figure {figure!r}" if figure else "any figure"
        raise PublicationError(f"record {record_id!r} is not among the records counted in {where} of this publication")
    return answer
