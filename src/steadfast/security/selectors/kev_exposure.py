"""The KEV exposure view: every CISA known-exploited vulnerability matched in any supplier's SBOM,
with the suppliers carrying it and what on the map depends on them (their stored tiering exposure),
ransomware first, then by the customer networks exposed. Three queries, whatever the size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from steadfast.core.scoping import scoped
from steadfast.security.models import Finding, KevEntry, KevMatch, SupplierRiskProfile
from steadfast.security.models.findings import OPEN_STATUSES, FindingSource


@dataclass
class KevExposure:
    entry: KevEntry
    suppliers: list = field(default_factory=list)  # (supplier id, ref, name, security tier, networks, revenue, finding)
    open_findings: int = 0
    networks: int = 0  # the most customer networks any one of its suppliers exposes
    revenue: Decimal = Decimal(0)  # the most revenue any one of its suppliers exposes


def kev_exposure(*, user, limit: int = 500) -> list[KevExposure]:
    matches = scoped(KevMatch.objects.all(), user=user, supplier="component__sbom__supplier")
    pairs = set(matches.values_list("kev_entry_id", "component__sbom__supplier_id", "component__sbom__supplier__ref",
                                    "component__sbom__supplier__legal_name"))
    supplier_ids = {p[1] for p in pairs}
    profiles = {p.supplier_id: p for p in SupplierRiskProfile.objects.filter(supplier_id__in=supplier_ids)}
    findings = {(f.supplier_id, f.cve): f for f in Finding.objects.filter(
        source=FindingSource.KEV, supplier_id__in=supplier_ids).only("pk", "supplier_id", "cve", "status")}
    entries = {e.pk: e for e in KevEntry.objects.filter(pk__in={p[0] for p in pairs})}
    rows: dict[int, KevExposure] = {}
    grouped = defaultdict(list)
    for entry_id, supplier_id, ref, name in sorted(pairs, key=lambda p: p[2]):
        grouped[entry_id].append((supplier_id, ref, name))
    for entry_id, suppliers in grouped.items():
        entry = entries[entry_id]
        row = rows[entry_id] = KevExposure(entry=entry)
        for supplier_id, ref, name in suppliers:
            profile = profiles.get(supplier_id)
            finding = findings.get((supplier_id, entry.cve_id))
            networks = profile.networks_exposed if profile else 0
            revenue = profile.revenue_exposed if profile else Decimal(0)
            row.suppliers.append({"id": supplier_id, "ref": ref, "name": name,
                                  "tier": profile.effective_tier if profile else None, "networks": networks,
                                  "revenue": revenue, "finding": finding})
            row.open_findings += bool(finding and finding.status in OPEN_STATUSES)
            row.networks, row.revenue = max(row.networks, networks), max(row.revenue, revenue)
    ordered = sorted(rows.values(), key=lambda r: (not r.entry.ransomware, -r.networks, -r.revenue, r.entry.cve_id))
    return ordered[:limit]
