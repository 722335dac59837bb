"""Aggregates for the security dashboard, the supplier security page and the published figures.
Each is a handful of grouped queries, whatever the number of suppliers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Avg, Count, Q
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.core.scoping import scoped
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment, KevMatch, Sbom, SupplierRiskProfile
from steadfast.security.models.assessments import AssessmentStatus, CampaignStatus
from steadfast.security.models.findings import FindingStatus, Severity
from steadfast.security.selectors import workflow
from steadfast.security.selectors.tiering import map_dependents

BANDS = 5  # the heat map's 5 × 5 cells of 20 points each
AGE_BUCKETS = ((0, 30, "≤30 d"), (31, 90, "31–90 d"), (91, 180, "91–180 d"), (181, None, ">180 d"))
_AGE_KEYS = [f"age{n}" for n in range(len(AGE_BUCKETS))]
AWAITING = (AssessmentStatus.INVITED, AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED)


def _band(value: float) -> int:
    return min(int(value // (100 / BANDS)), BANDS - 1)


def _accepted(user):
    return scoped(Assessment.objects.filter(status=AssessmentStatus.ACCEPTED), user=user, supplier="supplier")


def risk_heatmap(*, user) -> list[list[int]]:
    """grid[inherent band][residual band] = accepted assessments (latest per supplier)."""
    grid = [[0] * BANDS for _ in range(BANDS)]
    latest: dict[int, tuple] = {}
    for supplier_id, _accepted_at, inherent, residual in (_accepted(user).exclude(inherent_score=None)
                                                         .exclude(residual_risk=None).order_by("accepted_at")
                                                         .values_list("supplier_id", "accepted_at", "inherent_score",
                                                                      "residual_risk")):
        latest[supplier_id] = (inherent, residual)
    for inherent, residual in latest.values():
        grid[_band(inherent)][_band(residual)] += 1
    return grid


def risk_by_tier(*, user) -> list[dict[str, Any]]:
    rows = (scoped(SupplierRiskProfile.objects.all(), user=user, supplier="supplier")
            .annotate(eff=Coalesce("tier_override", "tier")).exclude(eff=None).order_by()
            .values("eff").annotate(suppliers=Count("pk"), inherent=Avg("inherent_score")).order_by("eff"))
    residual = dict(_accepted(user).annotate(eff=Coalesce("supplier__risk_profile__tier_override",
                                                          "supplier__risk_profile__tier"))
                    .order_by().values("eff").annotate(r=Avg("residual_risk")).values_list("eff", "r"))
    return [{"tier": r["eff"], "suppliers": r["suppliers"], "inherent": round(r["inherent"] or 0, 1),
             "residual": round(residual.get(r["eff"]) or 0, 1)} for r in rows]


def risk_by_country(*, user, limit: int = 15) -> list[dict[str, Any]]:
    rows = (scoped(SupplierRiskProfile.objects.all(), user=user, supplier="supplier").order_by()
            .values("supplier__country").annotate(suppliers=Count("pk"), inherent=Avg("inherent_score"))
            .order_by("-inherent", "supplier__country")[:limit])
    return [{"country": r["supplier__country"], "suppliers": r["suppliers"], "inherent": round(r["inherent"] or 0, 1)}
            for r in rows]


def campaign_progress(*, user) -> list[dict[str, Any]]:
    return [{"name": c.name, "pk": c.pk, "total": c.total, "submitted": c.submitted, "accepted": c.accepted}
            for c in workflow.campaigns(user=user).filter(status=CampaignStatus.RUNNING).order_by("-created_at")[:10]]


def findings_by_severity_and_age(*, user, today: dt.date | None = None) -> dict[str, list[int]]:
    """Open findings: {severity: [count per age bucket]} (age from when the finding was raised)."""
    now = timezone.now() if today is None else timezone.make_aware(dt.datetime.combine(today, dt.time()))
    buckets = {}
    for key, (lo, hi, _label) in zip(_AGE_KEYS, AGE_BUCKETS, strict=True):
        condition = Q(created_at__lte=now - dt.timedelta(days=lo))
        if hi is not None:
            condition &= Q(created_at__gt=now - dt.timedelta(days=hi + 1))
        buckets[key] = Count("pk", filter=condition)
    rows = (workflow.findings(user=user, open_only=True).order_by().values("severity").annotate(**buckets))
    by_severity = {r["severity"]: [r[key] for key in _AGE_KEYS] for r in rows}
    return {s.value: by_severity.get(s.value, [0] * len(AGE_BUCKETS)) for s in Severity}


def overdue_assessments(*, user, today: dt.date | None = None):
    today = today or timezone.localdate()
    return (workflow.assessments(user=user).filter(status__in=AWAITING, due_date__lt=today).order_by("due_date", "pk"))


def score_trend(*, user, months: int = 12) -> list[dict[str, Any]]:
    since = timezone.now() - dt.timedelta(days=31 * months)
    rows = (_accepted(user).filter(accepted_at__gte=since).annotate(month=TruncMonth("accepted_at")).order_by()
            .values("month").annotate(n=Count("pk"), score=Avg("score"), residual=Avg("residual_risk")).order_by("month"))
    return [{"month": r["month"].strftime("%Y-%m"), "assessments": r["n"], "score": round(r["score"] or 0, 1),
             "residual": round(r["residual"] or 0, 1)} for r in rows]


# --- the supplier security page ------------------------------------------------------------------

def supplier_security(*, user, supplier_id: int) -> dict[str, Any]:
    supplier = get_object_or_404(scoped(Supplier.objects.all(), user=user, supplier="pk"), pk=supplier_id)
    profile = SupplierRiskProfile.objects.filter(supplier=supplier).first()
    history = list(workflow.assessments(user=user, supplier_id=supplier.pk).order_by("-created_at")[:50])
    trend = [{"month": a.accepted_at.strftime("%Y-%m-%d"), "score": a.score or 0}
             for a in sorted((a for a in history if a.accepted_at and a.score is not None), key=lambda a: a.accepted_at)]
    sboms = list(Sbom.objects.filter(supplier=supplier).select_related("item").order_by("-uploaded_at")[:20])
    kev = list(KevMatch.objects.filter(component__sbom__supplier=supplier).select_related("kev_entry", "component")
               .order_by("kev_entry__cve_id")[:100])
    return {
        "supplier": supplier, "profile": profile, "assessments": history, "trend": trend, "sboms": sboms, "kev": kev,
        "findings": list(workflow.findings(user=user, supplier_id=supplier.pk, open_only=True).order_by("due_date", "pk")),
        "dependents": map_dependents(supplier_id=supplier.pk),
    }


# --- figures ---------------------------------------------------------------------------------------

def one_year_before(day: dt.date) -> dt.date:
    """The same day a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def figures(*, user, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The published figures for [start, end] (inclusive); definitions in docs/security-workflow.md."""
    start_at = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    end_at = timezone.make_aware(dt.datetime.combine(end, dt.time.max))
    accepted = _accepted(user).filter(accepted_at__range=(start_at, end_at))
    assessed = accepted.values("supplier_id").distinct().count()
    tier1 = scoped(Assessment.objects.filter(due_date__range=(start, end)), user=user, supplier="supplier").annotate(
        eff=Coalesce("supplier__risk_profile__tier_override", "supplier__risk_profile__tier")).filter(eff=1)
    tier1_due = tier1.count()
    tier1_on_time = sum(1 for submitted, due in tier1.values_list("submitted_at", "due_date")
                        if submitted is not None and timezone.localtime(submitted).date() <= due)
    open_by_severity = dict(workflow.findings(user=user, open_only=True).order_by().values("severity")
                            .annotate(n=Count("pk")).values_list("severity", "n"))
    closed = workflow.findings(user=user, status=FindingStatus.VERIFIED_CLOSED).filter(closed_at__range=(start_at, end_at))
    durations = [(closed_at - created_at).total_seconds() / 86400 for created_at, closed_at
                 in closed.values_list("created_at", "closed_at")]
    return {
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "suppliers_assessed": assessed,
        "tier1_due": tier1_due, "tier1_on_time": tier1_on_time,
        "tier1_on_time_share": round(tier1_on_time / tier1_due, 4) if tier1_due else None,
        "open_findings_by_severity": {s.value: open_by_severity.get(s.value, 0) for s in Severity},
        "findings_closed": len(durations),
        "mean_days_to_remediate": round(sum(durations) / len(durations), 1) if durations else None,
    }
