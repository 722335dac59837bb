"""Intake profiles for the demo's suppliers: what a supplier of each category typically touches."""

from __future__ import annotations

import random
from collections import defaultdict

from django.db import transaction

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.network.models import Supplier
from steadfast.security.models import SupplierRiskProfile
from steadfast.security.services.tiering import INTAKE_FLAGS

C = Supplier.Category
# Probability of each intake flag by supplier category: what such a supplier typically touches.
INTAKE_ODDS: dict[str, dict[str, float]] = {
    C.SOFTWARE: {"software_in_products": 0.8, "remote_access": 0.4, "network_access": 0.25, "hosts_our_data": 0.1},
    C.CLOUD: {"hosts_our_data": 0.85, "personal_data": 0.6, "remote_access": 0.5, "network_access": 0.3},
    C.PROFESSIONAL: {"personal_data": 0.4, "remote_access": 0.45, "network_access": 0.3, "physical_access": 0.5},
    C.LOGISTICS: {"physical_access": 0.35, "personal_data": 0.25},
    C.MANUFACTURING: {"software_in_products": 0.35, "physical_access": 0.15, "remote_access": 0.1},
    C.COMPONENTS: {"software_in_products": 0.12, "remote_access": 0.05},
}


def seed_intake_profiles(*, actor, rng: random.Random) -> int:
    """Intake flags drawn from INTAKE_ODDS for every supplier whose profile is missing or has no flag set
    (a profile someone filled in is kept), one audit event each. Returns the profiles written."""
    flags_of = {p.supplier_id: p for p in SupplierRiskProfile.objects.all()}
    new, blank = [], []
    for supplier_id, category in Supplier.objects.order_by("pk").values_list("pk", "category"):
        flags = {flag: rng.random() < odds for flag, odds in INTAKE_ODDS.get(category, {}).items()}
        profile = flags_of.get(supplier_id)
        if profile is None:
            new.append(SupplierRiskProfile(supplier_id=supplier_id, **flags))
        elif not any(getattr(profile, f) for f in INTAKE_FLAGS) and any(flags.values()):
            changes = {f: [False, v] for f, v in flags.items() if v}
            for flag, value in flags.items():
                setattr(profile, flag, value)
            blank.append((profile, changes))
    with transaction.atomic():
        SupplierRiskProfile.objects.bulk_create(new, batch_size=1000)
        by_flags: dict[tuple, list[int]] = defaultdict(list)  # at most 64 combinations: one UPDATE each
        for profile, _ in blank:
            by_flags[tuple(getattr(profile, f) for f in INTAKE_FLAGS)].append(profile.pk)
        for values, pks in by_flags.items():
            SupplierRiskProfile.objects.filter(pk__in=pks).update(**dict(zip(INTAKE_FLAGS, values, strict=True)))
        created = SupplierRiskProfile.objects.filter(supplier_id__in=[r.supplier_id for r in new]).order_by("pk")
        record_events(actor=actor, events=[
            *(crud.pending_for("create", p, crud.diff({}, crud.snapshot(p))) for p in created),
            *(crud.pending_for("update", p, changes) for p, changes in blank)])
    return len(new) + len(blank)
