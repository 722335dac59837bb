"""CycloneDX SBOM upload: refuse what is malformed or hostile, keep the components, match them to KEV.

Checks run cheapest first, each naming what is wrong: size, JSON syntax (and absurd nesting), the
format and spec version (1.4-1.6), component nesting depth and count, then the official CycloneDX
JSON schema (strict, via cyclonedx-python-lib), then the library's own deserialisation.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cyclonedx.model.bom import Bom
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from steadfast.core.services.crud import delete, pending_for, record_events
from steadfast.security.models import Sbom, SbomComponent
from steadfast.security.services.matching import component_keys, match_components

SPEC_VERSIONS = {"1.4": SchemaVersion.V1_4, "1.5": SchemaVersion.V1_5, "1.6": SchemaVersion.V1_6}


def limits() -> dict[str, int]:
    return {
        "max_bytes": getattr(settings, "STEADFAST_SBOM_MAX_BYTES", 20 * 1024 * 1024),
        "max_components": getattr(settings, "STEADFAST_SBOM_MAX_COMPONENTS", 50_000),
        "max_depth": getattr(settings, "STEADFAST_SBOM_MAX_DEPTH", 8),
    }


@dataclass(frozen=True)
class ParsedComponent:
    bom_ref: str
    name: str
    version: str
    group: str
    purl: str
    cpe: str
    depth: int


@dataclass(frozen=True)
class ParsedSbom:
    spec_version: str
    serial_number: str
    components: list[ParsedComponent]


def _refuse(filename: str, reason: str):
    raise ValidationError({"file": f"{filename}: {reason}"})


def parse_sbom(content: bytes, *, filename: str = "sbom.json") -> ParsedSbom:
    bounds = limits()
    if len(content) > bounds["max_bytes"]:
        _refuse(filename, f"{len(content):,} bytes is more than the {bounds['max_bytes']:,} allowed")
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        _refuse(filename, "not UTF-8 text (only CycloneDX JSON is accepted)")
    except RecursionError:
        _refuse(filename, "JSON nested too deeply")
    except json.JSONDecodeError as exc:
        _refuse(filename, f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})")
    if not isinstance(document, dict) or document.get("bomFormat") != "CycloneDX":
        _refuse(filename, "not a CycloneDX BOM (bomFormat must be \"CycloneDX\")")
    spec = document.get("specVersion")
    if spec not in SPEC_VERSIONS:
        _refuse(filename, f"specVersion {spec!r} is not supported (use 1.4, 1.5 or 1.6)")
    _check_components(document, filename, bounds)
    error = JsonStrictValidator(SPEC_VERSIONS[spec]).validate_str(json.dumps(document))
    if error is not None:
        detail = getattr(error, "data", None)
        where = "/".join(str(p) for p in getattr(detail, "absolute_path", [])) or "(document)"
        _refuse(filename, f"does not follow the CycloneDX {spec} schema at {where}: "
                          f"{getattr(detail, 'message', str(error))[:300]}")
    try:
        bom = Bom.from_json(document)
    except Exception as exc:  # the library raises many types on odd input; the user needs one message
        _refuse(filename, f"could not be read as CycloneDX {spec} ({exc.__class__.__name__}: {str(exc)[:200]})")
    components: list[ParsedComponent] = []
    _flatten(bom.components, 0, components)
    return ParsedSbom(spec_version=spec, serial_number=str(document.get("serialNumber") or "")[:100],
                      components=components)


def _check_components(document: dict, filename: str, bounds: dict[str, int]) -> None:
    """Walk the raw component tree (metadata.component included) before the schema does, so that a
    hostile tree is refused for what it is, quickly."""
    count = 0
    stack: list[tuple[Any, int, str]] = [(document.get("components") or [], 0, "components")]
    metadata_component = (document.get("metadata") or {}).get("component") if isinstance(document.get("metadata"), dict) else None
    if isinstance(metadata_component, dict):
        stack.append((metadata_component.get("components") or [], 1, "metadata/component/components"))
    while stack:
        components, depth, where = stack.pop()
        if not isinstance(components, list):
            _refuse(filename, f"{where} must be a list")
        if components and depth >= bounds["max_depth"]:
            _refuse(filename, f"components nested more than {bounds['max_depth']} levels deep at {where}")
        count += len(components)
        if count > bounds["max_components"]:
            _refuse(filename, f"more than {bounds['max_components']:,} components")
        for index, component in enumerate(components):
            if isinstance(component, dict) and component.get("components"):
                stack.append((component["components"], depth + 1, f"{where}/{index}/components"))


def _flatten(components, depth: int, out: list[ParsedComponent]) -> None:
    for component in components:
        group = component.group or ""
        if not group:
            for entity in (component.supplier, component.manufacturer if hasattr(component, "manufacturer") else None):
                if entity is not None and getattr(entity, "name", None):
                    group = entity.name
                    break
        if not group and component.publisher:
            group = component.publisher
        out.append(ParsedComponent(
            bom_ref=str(component.bom_ref.value or "")[:500], name=component.name[:500],
            version=str(component.version or "")[:200], group=str(group)[:500],
            purl=str(component.purl or "")[:1000], cpe=str(component.cpe or "")[:1000], depth=depth,
        ))
        _flatten(component.components, depth + 1, out)


@dataclass(frozen=True)
class SbomUpload:
    sbom: Sbom
    created: bool
    matches: int


def upload_sbom(*, actor, supplier, content: bytes, filename: str, item=None) -> SbomUpload:
    """Store a supplier's SBOM (optionally for one item), its components, and their KEV matches.
    The same file again for the same supplier is recognised by its SHA-256 and changes nothing."""
    parsed = parse_sbom(content, filename=filename)
    digest = hashlib.sha256(content).hexdigest()
    existing = Sbom.objects.filter(supplier=supplier, sha256=digest).first()
    if existing is not None:
        return SbomUpload(existing, False, 0)
    with transaction.atomic():
        sbom = Sbom(supplier=supplier, item=item, original_name=filename[:255], sha256=digest, size=len(content),
                    spec_version=parsed.spec_version, serial_number=parsed.serial_number,
                    component_count=len(parsed.components), uploaded_by=actor)
        sbom.file.save(f"{digest}.cdx.json", ContentFile(content), save=False)
        sbom.full_clean()
        sbom.save()
        rows = []
        for c in parsed.components:
            vendor, product = component_keys(name=c.name, group=c.group, purl=c.purl, cpe=c.cpe)
            rows.append(SbomComponent(sbom=sbom, bom_ref=c.bom_ref, name=c.name, version=c.version, group=c.group,
                                      purl=c.purl, cpe=c.cpe, depth=c.depth, vendor_key=vendor[:255],
                                      product_key=product[:255]))
        SbomComponent.objects.bulk_create(rows, batch_size=1000)
        matches = match_components(actor=actor, components=SbomComponent.objects.filter(sbom=sbom))
        record_events(actor=actor, events=[pending_for("create", sbom, {
            "supplier_id": [None, supplier.pk], "item_id": [None, item.pk if item else None], "sha256": [None, digest],
            "spec_version": [None, parsed.spec_version], "components": [None, len(rows)], "kev_matches": [None, matches]})])
    return SbomUpload(sbom, True, matches)


def delete_sbom(*, actor, sbom: Sbom) -> None:
    """Remove an SBOM and its components; findings it raised stay (the analyst closes them)."""
    file = sbom.file
    delete(actor=actor, instance=sbom)
    if file:
        transaction.on_commit(lambda: file.storage.delete(file.name))
