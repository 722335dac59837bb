"""Product SBOMs in CycloneDX 1.6, generated from the security app's SBOM components: the product
itself and the items of its bill of materials (one level), each with the components the suppliers'
SBOMs declared for them. Same input → same bytes (a fixed serial number derived from the content), so
the SHA-256 recorded for an evaluated version can be recomputed later."""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass

from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType
from cyclonedx.output.json import JsonV1Dot6

from steadfast.network.models import BomLine
from steadfast.security.models import SbomComponent

SBOM_NAMESPACE = uuid.UUID("5f0c4a7e-8d9b-4f61-9a43-6a1d2b1c7e10")


@dataclass(frozen=True)
class ProductSbom:
    content: bytes
    sha256: str
    component_count: int


def product_sbom(*, product, version: str) -> ProductSbom:
    item_ids = [product.pk, *BomLine.objects.filter(parent_id=product.pk).values_list("child_id", flat=True)]
    rows = (SbomComponent.objects.filter(sbom__item_id__in=item_ids)
            .order_by("group", "name", "version", "purl").values_list("group", "name", "version", "purl").distinct())
    bom = Bom()
    bom.metadata.component = Component(name=product.name, version=version, type=ComponentType.APPLICATION,
                                       bom_ref=f"product:{product.ref}@{version}", group="Steadfast")
    seen = set()
    for group, name, comp_version, _purl in rows:
        key = (group, name, comp_version)
        if key in seen:
            continue
        seen.add(key)
        bom.components.add(Component(name=name, version=comp_version or None, group=group or None,
                                     bom_ref=f"{group}/{name}@{comp_version}"))
    bom.register_dependency(bom.metadata.component, list(bom.components))
    document = json.loads(JsonV1Dot6(bom).output_as_string())
    # reproducible: no time stamp, a serial number derived from the content
    document.get("metadata", {}).pop("timestamp", None)
    document.get("metadata", {}).pop("tools", None)
    document.pop("serialNumber", None)
    body = json.dumps(document, sort_keys=True, separators=(",", ":"))
    document["serialNumber"] = f"urn:uuid:{uuid.uuid5(SBOM_NAMESPACE, body)}"
    content = json.dumps(document, sort_keys=True, indent=1).encode()
    return ProductSbom(content=content, sha256=hashlib.sha256(content).hexdigest(), component_count=len(seen))
