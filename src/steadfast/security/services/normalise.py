"""Vendor and product names reduced to comparable keys, for matching SBOM components to KEV entries.

"The Apache Software Foundation" → "apache"; "Hewlett Packard Enterprise (HPE)" → {"hewlettpackardenterprise",
"hpe"}; "FortiOS and FortiProxy" → {"fortiosandfortiproxy", "fortios", "fortiproxy"}. Rules, in order:
Unicode folded to ASCII and lower case; a parenthesised part becomes an alias of its own; punctuation
becomes space; a leading "the" and trailing corporate words (inc, corp, ltd, gmbh, foundation, software,
systems, networks...) are dropped while a word remains; the words are joined without spaces. Products
listed with "and" or commas also yield each part. Aliases in data/kev_aliases.json finish the job
(e.g. Apache "httpd" is KEV's "HTTP Server").
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

ALIASES_PATH = Path(__file__).resolve().parent.parent / "data" / "kev_aliases.json"
CORPORATE_WORDS = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llc", "plc", "gmbh", "ag",
    "sa", "sas", "bv", "nv", "oy", "ab", "srl", "spa", "kk", "pty", "foundation", "software", "project", "group",
    "holdings", "technologies", "technology", "systems", "networks", "labs", "international", "org", "com",
})
PARENTHESISED = re.compile(r"\(([^)]*)\)")
NON_ALNUM = re.compile(r"[^a-z0-9]+")
GENERIC_PRODUCTS = frozenset({"multipleproducts", "multipledevices"})


def _words(text: str) -> list[str]:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return [w for w in NON_ALNUM.split(ascii_text) if w]


def key(text: str, *, corporate: bool = False) -> str:
    words = _words(PARENTHESISED.sub(" ", text or ""))
    if corporate:
        if len(words) > 1 and words[0] == "the":
            words = words[1:]
        while len(words) > 1 and words[-1] in CORPORATE_WORDS:
            words = words[:-1]
    return "".join(words)


@functools.cache
def _aliases() -> dict:
    return json.loads(ALIASES_PATH.read_text(encoding="utf-8"))


def vendor_keys(text: str) -> set[str]:
    keys = {key(text, corporate=True)} | {key(inner, corporate=True) for inner in PARENTHESISED.findall(text or "")}
    keys |= {_aliases()["vendors"][k] for k in list(keys) if k in _aliases()["vendors"]}
    return {k for k in keys if k}


def product_keys(text: str, *, vendor: str = "") -> set[str]:
    """Keys for a product name; `vendor` (a vendor key) unlocks that vendor's product aliases and lets
    a product written with its vendor's name in front ("Apache Tomcat") match the bare one."""
    text = text or ""
    keys = {key(text)} | {key(inner) for inner in PARENTHESISED.findall(text)}
    for part in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*/\s*", PARENTHESISED.sub(" ", text)):
        keys.add(key(part))
    if vendor:
        keys |= {k[len(vendor):] for k in list(keys) if k.startswith(vendor) and len(k) > len(vendor)}
        aliases = _aliases()["products"].get(vendor, {})
        keys |= {aliases[k] for k in list(keys) if k in aliases}
    return {k for k in keys if k and k not in GENERIC_PRODUCTS}
