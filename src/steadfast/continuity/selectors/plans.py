"""Reads of contingency plans, saved scenarios and exercises."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from steadfast.continuity.models import (
    ContinuityPlan,
    Exercise,
    ExerciseFinding,
    ImpactAnalysis,
    PlanResource,
    PlanStatus,
    PlanStep,
    PlanVersion,
    Priority,
    ResultKind,
    RunResult,
    SavedScenario,
)
from steadfast.continuity.selectors.common import visible
from steadfast.continuity.selectors.runs import latest_run
from steadfast.network.models import Item
from steadfast.network.selectors.graph import reachable_items_sql


def plans(*, user, search: str = "", hazard: str = "", scope: str = "", status: str = "") -> QuerySet[ContinuityPlan]:
    qs = visible(ContinuityPlan.objects.select_related("site", "supplier", "product", "owner"), user=user)
    if search:
        qs = qs.filter(Q(ref__icontains=search.strip()) | Q(title__icontains=search.strip()))
    for name, value in (("hazard", hazard), ("scope", scope), ("status", status)):
        if value:
            qs = qs.filter(**{name: value})
    return qs.annotate(step_count=Count("steps", distinct=True)).order_by("ref")


def plan(*, user, plan_id: int) -> ContinuityPlan:
    qs = plans(user=user).prefetch_related(
        Prefetch("steps", queryset=PlanStep.objects.order_by("position")),
        Prefetch("versions", queryset=PlanVersion.objects.select_related("approved_by").order_by("-number")),
        "resources__source__site", "resources__site", "scenarios",
        Prefetch("exercises", queryset=Exercise.objects.order_by("-held_on")))
    return get_object_or_404(qs, pk=plan_id)


def scenarios(*, user, search: str = "", hazard: str = "") -> QuerySet[SavedScenario]:
    qs = visible(SavedScenario.objects.select_related("owner"), user=user)
    if search:
        qs = qs.filter(name__icontains=search.strip())
    if hazard:
        qs = qs.filter(hazard=hazard)
    return qs.annotate(plan_count=Count("plans", distinct=True)).order_by("name")


def scenario(*, user, scenario_id: int) -> SavedScenario:
    return get_object_or_404(scenarios(user=user).prefetch_related("plans"), pk=scenario_id)


@dataclass(frozen=True)
class RankedScenario:
    scenario: SavedScenario
    pi: float | None
    rei: float | None  # PI relative to the worst saved scenario
    unplanned: bool  # high REI (>= 0.2) and no plan answers it


HIGH_REI = 0.2


def ranked_scenarios(*, user) -> list[RankedScenario]:
    """Saved scenarios ranked by their last answer's REI (PI / the largest PI among them)."""
    rows = list(scenarios(user=user))
    pis = [s.last_result.get("pi") if s.last_result else None for s in rows]
    worst = max((p for p in pis if p is not None), default=0.0)
    ranked = []
    for s, pi in zip(rows, pis, strict=True):
        rei = (pi / worst if worst > 0 else 0.0) if pi is not None else None
        ranked.append(RankedScenario(s, pi, rei, rei is not None and rei >= HIGH_REI and s.plan_count == 0))
    return sorted(ranked, key=lambda r: (-(r.rei if r.rei is not None else -1), r.scenario.name))


def exercises(*, user, search: str = "", kind: str = "") -> QuerySet[Exercise]:
    qs = visible(Exercise.objects.select_related("plan", "scenario"), user=user)
    if search:
        qs = qs.filter(title__icontains=search.strip())
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(finding_count=Count("findings", distinct=True),
                       open_count=Count("findings", filter=Q(findings__closed_on__isnull=True), distinct=True)
                       ).order_by("-held_on", "title")


def exercise(*, user, exercise_id: int) -> Exercise:
    qs = exercises(user=user).prefetch_related(Prefetch("findings", queryset=ExerciseFinding.objects.order_by("closed_on", "due_on", "pk")))
    return get_object_or_404(qs, pk=exercise_id)


def finding(*, user, finding_id: int) -> ExerciseFinding:
    return get_object_or_404(visible(ExerciseFinding.objects.select_related("exercise"), user=user), pk=finding_id)


@dataclass(frozen=True)
class Figures:
    critical_products: int
    critical_products_covered_percent: float | None  # every dependency survives its TTR
    plans: int
    plans_reviewed_on_time_percent: float | None
    exercises_last_12_months: int
    open_findings: int
    unplanned_high_rei_scenarios: int


def figures(*, user, today: dt.date | None = None) -> Figures:
    """The dashboard's figures, from records and the latest run."""

    today = today or dt.date.today()
    critical = list(visible(ImpactAnalysis.objects.filter(priority=Priority.CRITICAL), user=user))
    run = latest_run(user=user)
    covered = None
    if run is not None and critical:
        # products above any source whose loss leaves the business short before it recovers (one walk)

        short = RunResult.objects.filter(run=run, kind=ResultKind.NODE, at_risk=True).values("source__item_id")
        sql, params = reachable_items_sql(short, downward=False)
        exposed = set(Item.objects.filter(pk__in=RawSQL(sql, params)).filter(pk__in=[b.product_id for b in critical])
                      .values_list("pk", flat=True))
        covered = 100.0 * sum(b.product_id not in exposed for b in critical) / len(critical)
    active = list(visible(ContinuityPlan.objects.exclude(status=PlanStatus.RETIRED), user=user)
                  .only("last_reviewed_on", "review_months"))
    on_time = 100.0 * sum(not p.review_overdue(today) for p in active) / len(active) if active else None
    year_ago = today - dt.timedelta(days=365)
    return Figures(
        critical_products=len(critical), critical_products_covered_percent=covered, plans=len(active),
        plans_reviewed_on_time_percent=on_time,
        exercises_last_12_months=visible(Exercise.objects.filter(held_on__gt=year_ago, held_on__lte=today), user=user).count(),
        open_findings=visible(ExerciseFinding.objects.filter(closed_on__isnull=True), user=user).count(),
        unplanned_high_rei_scenarios=sum(r.unplanned for r in ranked_scenarios(user=user)))


def step(*, user, step_id: int) -> PlanStep:
    return get_object_or_404(visible(PlanStep.objects.select_related("plan"), user=user), pk=step_id)


def resource(*, user, resource_id: int) -> PlanResource:
    return get_object_or_404(visible(PlanResource.objects.select_related("plan"), user=user), pk=resource_id)


def nearest_sites(*, user, latitude: float, longitude: float, count: int = 5) -> list[dict]:
    """The sites nearest a point clicked on the map (great-circle distance), for a plan's alternate site."""
    import math

    import numpy as np

    from steadfast.continuity.services.scenarios import EARTH_RADIUS_KM
    from steadfast.network.models import Site

    visible(ContinuityPlan.objects.none(), user=user)  # the continuity policy answers first
    rows = list(Site.objects.filter(latitude__isnull=False, longitude__isnull=False)
                .values_list("ref", "name", "country", "latitude", "longitude"))
    if not rows:
        return []
    lat = np.radians([r[3] for r in rows])
    lon = np.radians([r[4] for r in rows])
    lat0, lon0 = math.radians(latitude), math.radians(longitude)
    a = np.sin((lat - lat0) / 2) ** 2 + math.cos(lat0) * np.cos(lat) * np.sin((lon - lon0) / 2) ** 2
    distance = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))
    order = np.argsort(distance, kind="stable")[:count]
    return [{"ref": rows[i][0], "name": rows[i][1], "country": rows[i][2], "km": round(float(distance[i]), 1)}
            for i in order]
