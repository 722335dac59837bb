"""Figures over the incidents a user may see: counts per year, cause, hazard and country; MTTA
and MTTR by severity (p50, p90); obligations met; subscribers and user-minutes affected."""

from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from steadfast.incidents.models import (
    AffectedNetwork,
    CauseCategory,
    Hazard,
    Obligation,
    PostIncidentReview,
    ReviewAction,
)
from steadfast.incidents.selectors import _require, incidents


def _hours(deltas) -> list[float]:
    return [d.total_seconds() / 3600 for d in deltas if d is not None]


def _percentiles(values: list[float]) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    p50, p90 = np.percentile(np.asarray(values), [50, 90])
    return float(p50), float(p90)


def incident_figures(*, user) -> dict:
    _require(user, "incidents.figures")
    qs = incidents(user=user).exclude(status="declined").exclude(status="candidate")
    rows = list(qs.values_list("severity", "detected_at", "acknowledged_at", "resolved_at", "impact_started_at",
                               "cause_category", "hazard"))
    mtta, mttr = defaultdict(list), defaultdict(list)
    per_year, causes, hazards = Counter(), Counter(), Counter()
    for sev, detected, acked, resolved, started, cause, hazard in rows:
        per_year[started.year] += 1
        causes[cause] += 1
        hazards[hazard] += 1
        if acked:
            mtta[sev].append(acked - detected)
        if resolved:
            mttr[sev].append(resolved - detected)
    by_severity = []
    for sev in (1, 2, 3, 4):
        a50, a90 = _percentiles([h * 60 for h in _hours(mtta[sev])])
        r50, r90 = _percentiles(_hours(mttr[sev]))
        by_severity.append({"severity": f"SEV{sev}", "count": len(mttr[sev]), "mtta_p50_minutes": a50,
                            "mtta_p90_minutes": a90, "mttr_p50_hours": r50, "mttr_p90_hours": r90})
    totals = qs.aggregate(subscribers=Sum("subscribers_affected"), user_minutes=Sum("user_minutes"))
    met = Q(submitted_at__isnull=False, submitted_at__lte=F("due_at"))
    regulatory, restore = ~Q(regime="restore target"), Q(regime="restore target")
    obligations = Obligation.objects.filter(incident__in=qs).aggregate(
        total=Count("id", filter=regulatory), met=Count("id", filter=met & regulatory),
        restore_total=Count("id", filter=restore), restore_met=Count("id", filter=met & restore))
    countries = (AffectedNetwork.objects.filter(incident__in=qs).values("network__country")
                 .annotate(n=Count("incident", distinct=True)).order_by("-n")[:15])
    cause_labels, hazard_labels = dict(CauseCategory.choices), dict(Hazard.choices)
    now = timezone.now()
    reviews = PostIncidentReview.objects.filter(incident__in=qs).aggregate(
        open=Count("id", filter=Q(completed_at__isnull=True)),
        overdue=Count("id", filter=Q(completed_at__isnull=True, due_at__lt=now)))
    actions = ReviewAction.objects.filter(review__incident__in=qs).aggregate(
        open=Count("id", filter=Q(closed_at__isnull=True)),
        overdue=Count("id", filter=Q(closed_at__isnull=True, due_date__lt=now.date())))
    years = sorted(per_year.items())
    hazard_counts = [(hazard_labels.get(k, k) or "Not known", n) for k, n in hazards.most_common()]
    return {
        "count": len(rows),
        "per_year": years,
        "reviews_open": reviews["open"], "reviews_overdue": reviews["overdue"],
        "actions_open": actions["open"], "actions_overdue": actions["overdue"],
        "causes": [(cause_labels.get(k, k), n) for k, n in causes.most_common()],
        "hazards": hazard_counts,
        "countries": [(c["network__country"], c["n"]) for c in countries],
        "by_severity": by_severity,
        "subscribers": totals["subscribers"] or 0, "user_minutes": totals["user_minutes"] or 0,
        "obligations_total": obligations["total"], "obligations_met": obligations["met"],
        "obligations_met_pct": round(100 * obligations["met"] / obligations["total"], 1) if obligations["total"] else None,
        "restore_met_pct": (round(100 * obligations["restore_met"] / obligations["restore_total"], 1)
                            if obligations["restore_total"] else None),
    }
