"""Inherent risk and tiering: a supplier's intake profile, its weight on the business map (revenue,
customer networks, sole sourcing) and its open known-exploited vulnerabilities give an inherent-risk
score 0-100 and a security tier 1-4. The formula is in services/risk_formula.py; this module reads
the inputs for many suppliers at once, stores the results and schedules reassessments.

A supplier with an open KEV finding is reassessed within KEV_REASSESSMENT_DAYS of the first one being
raised (unless an assessment was accepted since), whatever its tier's cadence says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import json_native, record_events
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment, SupplierRiskProfile
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.selectors.tiering import (
    NO_DEPENDENCE,
    Exposure,
    MapTotals,
    SoleDependence,
    kev_signals,
    map_exposures,
    map_totals,
    sole_dependence,
)
from steadfast.security.services.cadence import add_months, cadence_months
from steadfast.security.services.risk_formula import (  # noqa: F401 (re-exported for pages and tests)
    INTAKE_FLAGS,
    INTAKE_MAX,
    INTAKE_POINTS,
    KEV_MAX,
    MAP_MAX,
    MAP_POINTS,
    NO_KEV,
    SOLE_SOURCE_MAX,
    TIER_THRESHOLDS,
    InherentRisk,
    KevSignal,
    inherent_risk,
    share_factor,
    tier_for,
)

PROGRESS_CHUNK = 500
KEV_REASSESSMENT_DAYS = 30


def next_due(*, tier: int | None, last_accepted: dt.date | None, kev_found: dt.date | None = None) -> dt.date | None:
    """One cadence after the last accepted assessment, or sooner: KEV_REASSESSMENT_DAYS after the
    first open KEV finding was raised when no assessment was accepted since. None when never assessed
    and no KEV (campaigns pick those up as due) or when the tier has no cadence."""
    months = cadence_months(tier)
    cadence = add_months(last_accepted, months) if months and last_accepted is not None else None
    if kev_found is not None and (last_accepted is None or last_accepted < kev_found):
        kev_due = kev_found + dt.timedelta(days=KEV_REASSESSMENT_DAYS)
        return min(cadence, kev_due) if cadence else kev_due
    return cadence


def _last_accepted(supplier_ids: Iterable[int] | None) -> dict[int, dt.date]:
    qs = Assessment.objects.filter(status=AssessmentStatus.ACCEPTED)
    if supplier_ids is not None:
        qs = qs.filter(supplier_id__in=list(supplier_ids))
    rows = qs.values("supplier_id").order_by().annotate(last=Max("accepted_at")).values_list("supplier_id", "last")
    return {sid: timezone.localdate(last) for sid, last in rows}


OUTPUT_FIELDS = ("products_exposed", "networks_exposed", "revenue_exposed", "inherent_score", "tier", "tier_reasons",
                 "computed_at", "next_reassessment_due")


def recompute_tiers(*, actor, supplier_ids: Iterable[int] | None = None, report=None) -> dict[str, Any]:
    """Score and tier the given suppliers (all when None) from their intake profile and the map, in
    one transaction; a profile is created for a supplier that has none. One audit event per profile
    that changed. `report(done, total, message)` follows progress. Returns a summary."""
    wanted = None if supplier_ids is None else sorted({int(s) for s in supplier_ids})
    suppliers = Supplier.objects.order_by("pk")
    if wanted is not None:
        suppliers = suppliers.filter(pk__in=wanted)
        missing = sorted(set(wanted) - set(suppliers.values_list("pk", flat=True)))
        if missing:
            raise ValidationError({"supplier_ids": f"no supplier with id {missing[0]}"})
    ids = list(suppliers.values_list("pk", flat=True))
    if report:
        report(0, len(ids), "reading the business map")
    exposures = map_exposures(supplier_ids=None if wanted is None else ids)
    sole = sole_dependence(supplier_ids=None if wanted is None else ids)
    kev = kev_signals(supplier_ids=None if wanted is None else ids)
    totals = map_totals()
    last_accepted = _last_accepted(None if wanted is None else ids)
    now = timezone.now()
    summary: dict[str, Any] = {"suppliers": len(ids), "created": 0, "changed": 0, "tiers": {1: 0, 2: 0, 3: 0, 4: 0}}
    with transaction.atomic():
        scope = SupplierRiskProfile.objects.all() if wanted is None else SupplierRiskProfile.objects.filter(supplier_id__in=ids)
        profiles = {p.supplier_id: p for p in scope.select_for_update()}
        new = [SupplierRiskProfile(supplier_id=sid) for sid in ids if sid not in profiles]
        if new:
            SupplierRiskProfile.objects.bulk_create(new, batch_size=1000)
            profiles = {p.supplier_id: p for p in scope}
            summary["created"] = len(new)
        created_ids = {p.supplier_id for p in new}
        changed, events = [], []
        compared = [f for f in OUTPUT_FIELDS if f != "computed_at"]
        for done, sid in enumerate(ids, 1):
            profile = profiles[sid]
            before = {f: json_native(getattr(profile, f)) for f in compared}
            _apply(profile, exposures.get(sid) or Exposure(), totals, last_accepted.get(sid), now,
                   sole=sole.get(sid, NO_DEPENDENCE), kev=kev.get(sid, NO_KEV))
            after = {f: json_native(getattr(profile, f)) for f in compared}
            summary["tiers"][profile.effective_tier] += 1
            changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
            if sid in created_ids:
                events.append(crud.pending_for("create", profile, crud.diff({}, crud.snapshot(profile))))
            elif changes:
                events.append(crud.pending_for("update", profile, changes))
            if changes:
                changed.append(profile)
            if report and done % PROGRESS_CHUNK == 0:
                report(done, len(ids), f"{done:,} of {len(ids):,} suppliers scored")
        # Only rows whose result moved are rewritten; the rest just get the new computation time.
        _write_outputs(changed)
        scope.update(computed_at=now)
        record_events(actor=actor, events=events)
        summary["changed"] = sum(1 for e in events if e.verb == "update")
    if report:
        report(len(ids), len(ids), f"{len(ids):,} suppliers scored")
    return summary


def _write_outputs(profiles: list[SupplierRiskProfile]) -> None:
    """One parameterised UPDATE run for many rows: Django's bulk_update builds CASE expressions whose
    cost grows with the batch, minutes on SQLite for thousands of rows; executemany takes a second."""
    if not profiles:
        return
    fields = [SupplierRiskProfile._meta.get_field(name) for name in (*OUTPUT_FIELDS, "updated_at")]
    table = connection.ops.quote_name(SupplierRiskProfile._meta.db_table)
    assignments = ", ".join(f"{connection.ops.quote_name(f.column)} = %s" for f in fields)
    rows = [[f.get_db_prep_save(getattr(p, f.attname), connection) for f in fields] + [p.pk] for p in profiles]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {table} SET {assignments} WHERE id = %s", rows)


def _apply(profile: SupplierRiskProfile, exposure: Exposure, totals: MapTotals, last_accepted, now, *,
           sole: SoleDependence, kev: KevSignal) -> None:
    result = inherent_risk(intake={f: getattr(profile, f) for f in INTAKE_FLAGS}, exposure=exposure, totals=totals,
                           sole_sourced=sole.items, sole_revenue=sole.revenue, kev=kev)
    profile.products_exposed = exposure.products
    profile.networks_exposed = exposure.networks
    profile.revenue_exposed = Decimal(exposure.revenue).quantize(Decimal("0.01"))
    profile.inherent_score, profile.tier, profile.tier_reasons = result.score, result.tier, result.reasons
    profile.computed_at = now
    profile.next_reassessment_due = next_due(tier=profile.effective_tier, last_accepted=last_accepted,
                                             kev_found=kev.first_found)
    profile.updated_at = now


def update_intake_profile(*, actor, supplier: Supplier, **flags: Any) -> SupplierRiskProfile:
    """Set intake flags (any of INTAKE_FLAGS, booleans) and recompute this supplier's tier."""
    unknown = sorted(set(flags) - set(INTAKE_FLAGS))
    if unknown:
        raise ValidationError({unknown[0]: f"not an intake question; use {', '.join(INTAKE_FLAGS)}"})
    bad = [name for name, value in flags.items() if not isinstance(value, bool)]
    if bad:
        raise ValidationError({bad[0]: "answer true or false"})
    with transaction.atomic():
        profile = SupplierRiskProfile.objects.select_for_update().filter(supplier=supplier).first()
        if profile is None:
            crud.create(actor=actor, model=SupplierRiskProfile, supplier=supplier, **flags)
        else:
            crud.update(actor=actor, instance=profile, **flags)
        recompute_tiers(actor=actor, supplier_ids=[supplier.pk])
    return SupplierRiskProfile.objects.get(supplier=supplier)


def set_tier_override(*, actor, supplier: Supplier, tier: int | None, reason: str = "") -> SupplierRiskProfile:
    """An analyst's tier (1-4) with the reason, or tier=None to return to the computed tier. The
    reassessment date follows the effective tier."""
    reason = (reason or "").strip()
    if tier is not None and (isinstance(tier, bool) or tier not in (1, 2, 3, 4)):
        raise ValidationError({"tier_override": f"the tier must be 1, 2, 3 or 4, not {tier!r}"})
    if tier is not None and not reason:
        raise ValidationError({"tier_override_reason": "say why the computed tier is overridden"})
    with transaction.atomic():
        profile = SupplierRiskProfile.objects.select_for_update().filter(supplier=supplier).first()
        if profile is None:
            recompute_tiers(actor=actor, supplier_ids=[supplier.pk])
            profile = SupplierRiskProfile.objects.select_for_update().get(supplier=supplier)
        effective = tier or profile.tier
        last = _last_accepted([supplier.pk]).get(supplier.pk)
        kev = kev_signals(supplier_ids=[supplier.pk]).get(supplier.pk, NO_KEV)
        return crud.update(actor=actor, instance=profile, tier_override=tier,
                           tier_override_reason=reason[:2000] if tier is not None else "",
                           next_reassessment_due=next_due(tier=effective, last_accepted=last,
                                                          kev_found=kev.first_found))
