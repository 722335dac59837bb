"""A Merkle tree over the ids of the records behind a figure, hashed as RFC 6962 / RFC 9162 do.

Leaves are the record ids as strings, sorted by their UTF-8 bytes and without duplicates.
    leaf hash  = SHA-256(0x00 || UTF-8(id))
    node hash  = SHA-256(0x01 || left || right)
The tree over n leaves splits at k, the largest power of two below n (RFC 9162 §2.1.1); the root
of no leaves is SHA-256 of the empty string. Inclusion proofs are RFC 9162's audit paths and are
checked with its algorithm (§2.1.3.2), which `verify_inclusion` implements in a dozen lines.
Pure Python, no Django.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence


def leaf_hash(record_id: str) -> bytes:
    return hashlib.sha256(b"\x00" + record_id.encode()).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def leaves(record_ids: Iterable[str | int]) -> list[str]:
    """The ids as the tree holds them: strings, unique, sorted by their UTF-8 bytes."""
    return sorted({str(r) for r in record_ids}, key=lambda s: s.encode())


def _split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _root(hashes: Sequence[bytes]) -> bytes:
    if len(hashes) == 1:
        return hashes[0]
    k = _split(len(hashes))
    return node_hash(_root(hashes[:k]), _root(hashes[k:]))


def root(record_ids: Iterable[str | int]) -> str:
    ordered = leaves(record_ids)
    if not ordered:
        return hashlib.sha256(b"").hexdigest()
    return _root([leaf_hash(r) for r in ordered]).hex()


def _path(index: int, hashes: Sequence[bytes]) -> list[bytes]:
    if len(hashes) <= 1:
        return []
    k = _split(len(hashes))
    if index < k:
        return _path(index, hashes[:k]) + [_root(hashes[k:])]
    return _path(index - k, hashes[k:]) + [_root(hashes[:k])]


def inclusion_proof(record_ids: Iterable[str | int], record_id: str) -> dict:
    """{"record_id", "leaf_index", "tree_size", "path": [hex, …], "root"}; KeyError when not counted."""
    ordered = leaves(record_ids)
    try:
        index = ordered.index(str(record_id))
    except ValueError:
        raise KeyError(record_id) from None
    hashes = [leaf_hash(r) for r in ordered]
    return {"record_id": str(record_id), "leaf_index": index, "tree_size": len(ordered),
            "path": [h.hex() for h in _path(index, hashes)], "root": _root(hashes).hex()}


def verify_inclusion(record_id: str, leaf_index: int, tree_size: int, path: Sequence[str], expected_root: str) -> bool:
    """RFC 9162 §2.1.3.2: recompute the root from the leaf and its audit path."""
    if not 0 <= leaf_index < tree_size:
        return False
    fn, sn = leaf_index, tree_size - 1
    r = leaf_hash(str(record_id))
    for hex_hash in path:
        p = bytes.fromhex(hex_hash)
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node_hash(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r.hex() == expected_root
