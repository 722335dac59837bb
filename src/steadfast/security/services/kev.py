"""The CISA Known Exploited Vulnerabilities catalog: validated against its schema, upserted by CVE."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass
from pathlib import Path

import jsonschema
from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services.audit import PendingEvent, record_events
from steadfast.security.models import KevEntry
from steadfast.security.services.matching import rematch_all
from steadfast.security.services.normalise import key

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SHIPPED_KEV = DATA_DIR / "known_exploited_vulnerabilities.json"
SCHEMA_PATH = DATA_DIR / "known_exploited_vulnerabilities_schema.json"
MAX_KEV_BYTES = 64 * 1024 * 1024
FIELDS = ("vendor_project", "product", "vulnerability_name", "date_added", "short_description", "required_action",
          "due_date", "known_ransomware_use", "notes", "cwes", "vendor_key", "product_key")


@dataclass(frozen=True)
class KevImport:
    catalog_version: str
    total: int
    added: int
    updated: int
    unchanged: int
    matches_added: int


@functools.cache
def _validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def read_kev(path: str | Path) -> dict:
    """The parsed catalog, or ValidationError naming the file, the JSON path and the reason."""
    path = Path(path)
    if not path.is_file():
        raise ValidationError({"file": f"{path}: no such file"})
    if path.stat().st_size > MAX_KEV_BYTES:
        raise ValidationError({"file": f"{path.name}: larger than {MAX_KEV_BYTES // 2**20} MiB"})
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValidationError({"file": f"{path.name}: not valid JSON ({exc})"}) from None
    error = jsonschema.exceptions.best_match(_validator().iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "(document)"
        raise ValidationError({"file": f"{path.name}: {where}: {error.message}"})
    seen: set[str] = set()
    for index, vulnerability in enumerate(document["vulnerabilities"]):
        cve = vulnerability["cveID"]
        if cve in seen:
            raise ValidationError({"file": f"{path.name}: vulnerabilities/{index}: {cve} appears twice"})
        seen.add(cve)
        for field in ("dateAdded", "dueDate"):
            try:
                dt.date.fromisoformat(vulnerability[field])
            except ValueError:
                raise ValidationError({"file": f"{path.name}: vulnerabilities/{index}/{field}: "
                                               f"{vulnerability[field]!r} is not a date (YYYY-MM-DD)"}) from None
    return document


def _entry_fields(vulnerability: dict) -> dict:
    return {
        "vendor_project": vulnerability["vendorProject"].strip()[:255],
        "product": vulnerability["product"].strip()[:255],
        "vulnerability_name": vulnerability["vulnerabilityName"].strip()[:500],
        "date_added": dt.date.fromisoformat(vulnerability["dateAdded"]),
        "short_description": vulnerability["shortDescription"].strip(),
        "required_action": vulnerability["requiredAction"].strip(),
        "due_date": dt.date.fromisoformat(vulnerability["dueDate"]),
        "known_ransomware_use": vulnerability["knownRansomwareCampaignUse"].strip()[:16],
        "notes": (vulnerability.get("notes") or "").strip(),
        "cwes": list(vulnerability.get("cwes") or []),
        "vendor_key": key(vulnerability["vendorProject"], corporate=True)[:255],
        "product_key": key(vulnerability["product"])[:255],
    }


def import_kev(*, actor, path: str | Path = SHIPPED_KEV) -> KevImport:
    """Insert new CVEs, update changed ones (upsert by cveID), then re-run SBOM matching."""
    document = read_kev(path)
    incoming = {v["cveID"]: _entry_fields(v) for v in document["vulnerabilities"]}
    with transaction.atomic():
        existing = {e.cve_id: e for e in KevEntry.objects.filter(cve_id__in=list(incoming))}
        new, changed = [], []
        for cve, fields in incoming.items():
            entry = existing.get(cve)
            if entry is None:
                new.append(KevEntry(cve_id=cve, **fields))
            elif any(getattr(entry, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(entry, name, value)
                changed.append(entry)
        KevEntry.objects.bulk_create(new, batch_size=500)
        KevEntry.objects.bulk_update(changed, FIELDS, batch_size=500)
        matches_added = rematch_all(actor=actor)
        summary = {"catalog_version": [None, document["catalogVersion"]], "added": [None, len(new)],
                   "updated": [None, len(changed)], "matches_added": [None, matches_added]}
        record_events(actor=actor, events=[PendingEvent("import", "security.kevcatalog", document["catalogVersion"],
                                                        f"CISA KEV {document['catalogVersion']}", summary)])
    return KevImport(document["catalogVersion"], len(incoming), len(new), len(changed),
                     len(incoming) - len(new) - len(changed), matches_added)
