"""How much of everything the demo makes at a given scale (1.0 = a global ICT vendor)."""

from __future__ import annotations

import random
from dataclasses import dataclass, fields

# Full-scale counts, chosen so that scale 1.0 clears the floors with some margin:
# 4,000+ suppliers, 10,000+ sites, 20,000+ items, 30,000+ sources, 150+ products,
# 500+ customers, 1,500+ networks.
_FULL = {
    "tier1_suppliers": 1150, "tier2_suppliers": 1800, "tier3_suppliers": 1250,
    "own_sites": 130, "supplier_sites": 10400,
    "products": 160, "assemblies": 1250, "sub_assemblies": 3100, "components": 8800, "parts": 4600,
    "raw_materials": 1400, "software": 900, "services": 500,
    "customers": 520, "networks": 1600,
}
# Enough of each that even a tiny demo keeps every tier, every BOM level and every mix.
_FLOOR = {
    "tier1_suppliers": 6, "tier2_suppliers": 6, "tier3_suppliers": 4, "own_sites": 6, "supplier_sites": 0,
    "products": 3, "assemblies": 4, "sub_assemblies": 5, "components": 8, "parts": 5, "raw_materials": 4,
    "software": 2, "services": 2, "customers": 3, "networks": 6,
}
MAX_SCALE = 50.0


@dataclass(frozen=True)
class DemoSizes:
    tier1_suppliers: int
    tier2_suppliers: int
    tier3_suppliers: int
    own_sites: int
    supplier_sites: int
    products: int
    assemblies: int
    sub_assemblies: int
    components: int
    parts: int
    raw_materials: int
    software: int
    services: int
    customers: int
    networks: int

    @property
    def suppliers(self) -> int:
        return self.tier1_suppliers + self.tier2_suppliers + self.tier3_suppliers

    @classmethod
    def for_scale(cls, scale: float) -> DemoSizes:
        if not 0 < scale <= MAX_SCALE:
            raise ValueError(f"scale must be above 0 and at most {MAX_SCALE:g} (got {scale:g})")
        counts = {f.name: max(_FLOOR[f.name], round(_FULL[f.name] * scale)) for f in fields(cls)}
        suppliers = counts["tier1_suppliers"] + counts["tier2_suppliers"] + counts["tier3_suppliers"]
        counts["supplier_sites"] = max(counts["supplier_sites"], suppliers)  # every supplier has a site
        counts["networks"] = max(counts["networks"], counts["customers"])  # every customer has a network
        return cls(**counts)


def allocate(rng: random.Random, count: int, weights: dict) -> list:
    """`count` labels in exactly these proportions (largest remainder), in a seeded random order.

    Exact proportions keep small demos representative: a 2% demo still has suspended suppliers
    and dual-sourced items, which independent draws could miss.
    """
    total = sum(weights.values())
    quotas = {label: count * weight / total for label, weight in weights.items()}
    counts = {label: int(quota) for label, quota in quotas.items()}
    short = count - sum(counts.values())
    for label in sorted(quotas, key=lambda lab: quotas[lab] - counts[lab], reverse=True)[:short]:
        counts[label] += 1
    labels = [label for label in weights for _ in range(counts[label])]
    rng.shuffle(labels)
    return labels
