"""CycloneDX SBOMs for a few of the demo's software suppliers, naming real CISA KEV products."""

from __future__ import annotations

import json
import random
import uuid

from steadfast.network.models import Item, ItemSource, Supplier
from steadfast.security.models import KevEntry
from steadfast.security.services import sbom

C = Supplier.Category
# Real KEV products as an SBOM names them (KEV lists products, not versions, so each matches every
# CVE of its product: appliances such as PAN-OS or FortiOS, with dozens each, are left out to keep the
# demo readable): (CVE that must exist in the catalog, component).
KEV_COMPONENTS = (
    ("CVE-2021-44228", {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core",
                        "version": "2.14.1", "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}),
    ("CVE-2014-0160", {"type": "library", "name": "openssl", "version": "1.0.1f",
                       "cpe": "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*"}),
    ("CVE-2017-5638", {"type": "framework", "group": "Apache", "name": "Struts", "version": "2.3.31"}),
    ("CVE-2023-46604", {"type": "application", "group": "Apache", "name": "ActiveMQ", "version": "5.15.15"}),
    ("CVE-2022-22965", {"type": "framework", "group": "VMware", "name": "Spring Framework", "version": "5.3.17"}),
    ("CVE-2022-1388", {"type": "firmware", "group": "F5", "name": "BIG-IP", "version": "16.1.2"}),
)
BENIGN_COMPONENTS = (
    {"type": "library", "name": "zlib", "version": "1.3.1", "purl": "pkg:generic/zlib@1.3.1"},
    {"type": "library", "group": "com.fasterxml.jackson.core", "name": "jackson-databind", "version": "2.17.1",
     "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1"},
)
SBOM_SUPPLIERS = 6


def upload_demo_sboms(*, actor, rng: random.Random) -> dict[str, int]:
    """SBOMs for a few software suppliers (those with a software item), each naming real KEV products."""
    known = set(KevEntry.objects.filter(cve_id__in=[c for c, _ in KEV_COMPONENTS]).values_list("cve_id", flat=True))
    pool = [component for cve, component in KEV_COMPONENTS if cve in known]
    if not pool:
        return {"sboms": 0, "kev_matches": 0}
    sources = (ItemSource.objects.filter(site__owner_supplier__category=C.SOFTWARE, item__kind="software")
               .order_by("site__owner_supplier_id", "item_id").values_list("site__owner_supplier_id", "item_id"))
    first_item: dict[int, int] = {}
    for supplier_id, item_id in sources:
        first_item.setdefault(supplier_id, item_id)
    chosen = sorted(rng.sample(sorted(first_item), k=min(SBOM_SUPPLIERS, len(first_item))))
    suppliers = Supplier.objects.in_bulk(chosen)
    items = Item.objects.in_bulk([first_item[s] for s in chosen])
    count = matches = 0
    for n, supplier_id in enumerate(chosen):
        supplier, item = suppliers[supplier_id], items[first_item[supplier_id]]
        components = [dict(c, **{"bom-ref": f"c{i}"}) for i, c in
                      enumerate([*{id(c): c for c in (pool[n % len(pool)], pool[(n + 2) % len(pool)])}.values(),
                                 *BENIGN_COMPONENTS])]
        document = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                    "serialNumber": uuid.UUID(int=rng.getrandbits(128), version=4).urn,
                    "metadata": {"component": {"type": "application", "name": item.name, "version": "1.0"}},
                    "components": components}
        result = sbom.upload_sbom(actor=actor, supplier=supplier, item=item, filename=f"{item.ref}.cdx.json",
                                  content=json.dumps(document, indent=1).encode())
        count += 1
        matches += result.matches
    return {"sboms": count, "kev_matches": matches}
