"""Signed publications: verified by an independent implementation, broken by any changed byte,
Merkle proofs for counted records only, clear errors for tampered files, immutability."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from steadfast.core.models import AuditEvent
from steadfast.transparency import merkle
from steadfast.transparency.models import Publication
from steadfast.transparency.selectors.figures import Period
from steadfast.transparency.services.publications import PublicationError, publish, verify_document


def _by_hand(value) -> bytes:
    """RFC 8785 for this content (strings, integers, null, one-decimal floats, objects): keys sorted
    by UTF-16 code units, no whitespace, non-ASCII kept. Written independently of rfc8785."""
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: kv[0].encode("utf-16-be"))
        return b"{" + b",".join(_by_hand(k) + b":" + _by_hand(v) for k, v in items) + b"}"
    if isinstance(value, list):
        return b"[" + b",".join(_by_hand(v) for v in value) + b"]"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)).encode()
    return json.dumps(value, ensure_ascii=False).encode()


@pytest.fixture
def published(organisation, tmp_path):
    out = tmp_path / "figures-2025.json"
    call_command("figures", "publish", "--period", "2025", "--out", str(out))
    return out


def test_publish_writes_a_signed_snapshot_that_an_independent_implementation_verifies(published):
    document = json.loads(published.read_text(encoding="utf-8"))
    assert set(document) == {"snapshot", "signature", "public_key"}
    snapshot = document["snapshot"]
    assert snapshot["period"]["label"] == "2025" and snapshot["figures"]["networks"]["value"] == 3
    assert snapshot["audit_head"]["seq"] == AuditEvent.objects.count() - 1  # the head before its own event
    key = Ed25519PublicKey.from_public_bytes(base64.b64decode(document["public_key"]))
    key.verify(base64.b64decode(document["signature"]), _by_hand(snapshot))  # raises if not valid
    stored = Publication.objects.get()
    assert stored.document() == document
    assert AuditEvent.objects.filter(verb="publish", object_id=str(stored.pk)).count() == 1


def test_openssl_verifies_the_signature_too(published, tmp_path):
    openssl = shutil.which("openssl")
    assert openssl, "openssl is part of the test machine"
    document = json.loads(published.read_text(encoding="utf-8"))
    (tmp_path / "msg.bin").write_bytes(_by_hand(document["snapshot"]))
    (tmp_path / "sig.bin").write_bytes(base64.b64decode(document["signature"]))
    der = bytes.fromhex("302a300506032b6570032100") + base64.b64decode(document["public_key"])
    (tmp_path / "key.der").write_bytes(der)
    result = subprocess.run([openssl, "pkeyutl", "-verify", "-pubin", "-inkey", str(tmp_path / "key.der"),
                             "-keyform", "DER", "-rawin", "-in", str(tmp_path / "msg.bin"), "-sigfile",
                             str(tmp_path / "sig.bin")], capture_output=True, text=True)
    assert result.returncode == 0 and "Signature Verified Successfully" in result.stdout, result.stderr


def test_verify_exits_0_and_any_changed_byte_fails_naming_what(published, tmp_path, capsys):
    call_command("figures", "verify", str(published))
    assert "signature valid" in capsys.readouterr().out
    text = published.read_text(encoding="utf-8")
    tampered = tmp_path / "tampered.json"
    tampered.write_text(text.replace('"value": 3,', '"value": 4,', 1), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("figures", "verify", str(tampered))
    assert exit_info.value.code == 1
    assert "NOT VERIFIED: signature: the signature does not match the document" in capsys.readouterr().err
    document = json.loads(text)
    raw = bytearray(base64.b64decode(document["signature"]))
    for position in (0, 31, 63):  # any flipped bit of the signature
        raw[position] ^= 1
        with pytest.raises(PublicationError, match="does not match"):
            verify_document({**document, "signature": base64.b64encode(bytes(raw)).decode()})
        raw[position] ^= 1
    for broken, message in (({"snapshot": document["snapshot"]}, "exactly"),
                            ({**document, "signature": "not base64!"}, "not valid base64"),
                            ({**document, "snapshot": {**document["snapshot"], "format": "x"}}, "is not a")):
        with pytest.raises(PublicationError, match=message):
            verify_document(broken)
    not_json = tmp_path / "not.json"
    not_json.write_text("{", encoding="utf-8")
    with pytest.raises(SystemExit):
        call_command("figures", "verify", str(not_json))
    assert "is not a JSON publication" in capsys.readouterr().err


def test_a_key_of_someone_else_is_refused(published):
    import rfc8785
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    document = json.loads(published.read_text(encoding="utf-8"))
    forged = dict(document["snapshot"], figures={**document["snapshot"]["figures"]})
    other = Ed25519PrivateKey.generate()
    resigned = {"snapshot": forged, "signature": base64.b64encode(other.sign(rfc8785.dumps(forged))).decode(),
                "public_key": base64.b64encode(other.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()}
    with pytest.raises(PublicationError, match="not this installation's publication key"):
        verify_document(resigned)


def test_merkle_proof_verifies_for_a_counted_record_and_not_for_another(published, organisation, capsys):
    counted, not_counted = organisation["suppliers"][0], organisation["suppliers"][1]  # s1 assessed in 2024 only
    call_command("figures", "proof", str(published), str(counted.pk), "--figure", "suppliers_assessed")
    [proof] = json.loads(capsys.readouterr().out)
    document = json.loads(published.read_text(encoding="utf-8"))
    root = document["snapshot"]["figures"]["suppliers_assessed"]["records"]["merkle_root"]
    assert proof["root"] == root and proof["tree_size"] == 2
    assert merkle.verify_inclusion(str(counted.pk), proof["leaf_index"], proof["tree_size"], proof["path"], root)
    assert not merkle.verify_inclusion(str(not_counted.pk), proof["leaf_index"], proof["tree_size"], proof["path"], root)
    with pytest.raises(CommandError, match="is not among the records counted in figure 'suppliers_assessed'"):
        call_command("figures", "proof", str(published), str(not_counted.pk), "--figure", "suppliers_assessed")
    with pytest.raises(CommandError, match="not among the records counted in any figure"):
        call_command("figures", "proof", str(published), "999999")
    # a record counted in several figures gets one proof for each
    call_command("figures", "proof", str(published), "DE")
    assert [p["figure"] for p in json.loads(capsys.readouterr().out)] == ["countries"]


def test_merkle_tree_matches_rfc_9162_hashing():
    import hashlib

    a, b, c = (hashlib.sha256(b"\x00" + x).digest() for x in (b"1", b"2", b"3"))
    ab = hashlib.sha256(b"\x01" + a + b).digest()
    assert merkle.root(["3", "1", "2", "2"]) == hashlib.sha256(b"\x01" + ab + c).hexdigest()
    assert merkle.root([]) == hashlib.sha256(b"").hexdigest()
    for n in range(1, 20):
        ids = [str(i) for i in range(n)]
        for rid in ids:
            p = merkle.inclusion_proof(ids, rid)
            assert merkle.verify_inclusion(rid, p["leaf_index"], p["tree_size"], p["path"], merkle.root(ids))


def test_publications_are_immutable_and_corrections_name_what_they_supersede(published, organisation, tmp_path):
    first = Publication.objects.get()
    with pytest.raises(ValueError, match="immutable"):
        first.save()
    with pytest.raises(ValueError, match="immutable"):
        first.delete()
    with pytest.raises(ValidationError, match="say what this correction changes"):
        publish(actor=None, period=Period.year(2025), supersedes=first)
    fix = publish(actor=None, period=Period.year(2025), supersedes=first, note="An incident reclassified as minor")
    assert fix.snapshot["supersedes"] == {"sha256": first.sha256, "note": "An incident reclassified as minor"}
    with pytest.raises(ValidationError, match="already superseded"):
        publish(actor=None, period=Period.year(2025), supersedes=first, note="again")
    with pytest.raises(CommandError, match="exists"):
        call_command("figures", "publish", "--period", "2025", "--out", str(published))
    with pytest.raises(CommandError, match="give a year as YYYY"):
        call_command("figures", "publish", "--period", "25", "--out", str(tmp_path / "x.json"))
    assert Publication.objects.count() == 2
    verified = verify_document(first.document())
    assert any("superseded by the correction" in note for note in verified.notes)


def test_the_key_is_created_once_outside_the_database_with_mode_0600(settings, published):
    path = settings.STEADFAST_SIGNING_KEY
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600
    before = path.read_bytes()
    publish(actor=None, period=Period.year(2024))
    assert path.read_bytes() == before
