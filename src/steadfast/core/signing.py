"""Ed25519 signatures over RFC 8785 canonical JSON: one module for everything Steadfast signs
(published figures, audit anchors). docs/transparency.md shows how an outsider checks them.

The private key lives in a file outside the database (`settings.STEADFAST_SIGNING_KEY`, PKCS#8 PEM,
mode 0600), created on first use. Keys and signatures travel as standard base64 of the raw
32-byte public key and 64-byte signature.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


class SignatureError(Exception):
    """A signature, key or signed document that does not check out; the message says which."""


def canonical(document: Any) -> bytes:
    """RFC 8785 (JCS) canonical JSON as UTF-8 bytes: keys sorted, no whitespace, non-ASCII kept."""
    try:
        return rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise SignatureError(f"cannot canonicalise the document: {exc}") from None


def sha256_hex(document: Any) -> str:
    return hashlib.sha256(canonical(document)).hexdigest()


def key_path() -> Path:
    return Path(settings.STEADFAST_SIGNING_KEY)


def private_key() -> Ed25519PrivateKey:
    """The signing key, created (mode 0600, never overwritten) on first use."""
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                         serialization.NoEncryption())
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it first: use theirs
            pass
        else:
            with os.fdopen(fd, "wb") as stream:
                stream.write(pem)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as exc:
        raise SignatureError(f"cannot read the signing key {path}: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureError(f"the signing key {path} is not an Ed25519 key")
    return key


def public_key_b64(key: Ed25519PrivateKey | None = None) -> str:
    raw = (key or private_key()).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def public_key_pem(key: Ed25519PrivateKey | None = None) -> str:
    return (key or private_key()).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()


def fingerprint(public_b64: str) -> str:
    """SHA-256 of the raw public key, hex: short enough to read out on the phone."""
    return hashlib.sha256(_b64(public_b64, "public key")).hexdigest()


def sign(document: Any) -> tuple[str, str]:
    """(signature, public key), both base64, over the canonical bytes of the document."""
    key = private_key()
    return base64.b64encode(key.sign(canonical(document))).decode(), public_key_b64(key)


def _b64(value: Any, what: str) -> bytes:
    if not isinstance(value, str):
        raise SignatureError(f"the {what} is missing or not a base64 string")
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise SignatureError(f"the {what} is not valid base64") from None


def verify(document: Any, signature_b64: str, public_b64: str) -> None:
    """Raise SignatureError naming what failed unless the signature holds for the document."""
    raw_key = _b64(public_b64, "public key")
    if len(raw_key) != 32:
        raise SignatureError(f"the public key is {len(raw_key)} bytes, an Ed25519 key is 32")
    signature = _b64(signature_b64, "signature")
    if len(signature) != 64:
        raise SignatureError(f"the signature is {len(signature)} bytes, an Ed25519 signature is 64")
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(signature, canonical(document))
    except InvalidSignature:
        raise SignatureError("the signature does not match the document (it was changed after signing, "
                             "or signed with another key)") from None
