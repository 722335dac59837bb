"""Reads for the hazard money page: a run's event loss table through the Monte Carlo simulation."""

from __future__ import annotations

import json

from django.db.models import Exists, F, FloatField, OuterRef, Sum

from steadfast.continuity.models import AnalysisRun, EventLoss, RunStatus
from steadfast.continuity.selectors.common import visible
from steadfast.continuity.services.events import EVENT_COLUMNS, Event, as_events
from steadfast.continuity.services.montecarlo import simulate_events


def events(*, user, run: AnalysisRun) -> list[Event]:
    return as_events(visible(EventLoss.objects.filter(run=run), user=user).order_by("event").values_list(*EVENT_COLUMNS))


def latest_with_events(*, user) -> AnalysisRun | None:
    """The latest finished run whose event loss table is stored."""

    return (visible(AnalysisRun.objects.filter(status=RunStatus.SUCCEEDED), user=user)
            .filter(Exists(EventLoss.objects.filter(run=OuterRef("pk"))))
            .select_related("event_job").order_by("-finished_at", "-pk").first())


def simulation(*, user, run: AnalysisRun, years: int, seed: int) -> dict:
    return simulate_events(events(user=user, run=run), years=years, seed=seed)


def aal_trend(*, user, limit: int = 12) -> list[tuple[AnalysisRun, float]]:
    """Σ rate × loss (the AAL the simulation converges to) of the latest successful runs, oldest first."""

    recent = list(visible(AnalysisRun.objects.filter(status=RunStatus.SUCCEEDED, event_losses__isnull=False), user=user)
                  .distinct().annotate(expected=Sum(F("event_losses__rate") * F("event_losses__loss"), output_field=FloatField()))
                  .order_by("-finished_at", "-pk")[:limit])
    return [(run, run.expected or 0.0) for run in reversed(recent)]


def country_shades(by_country: dict[str, float]) -> str:
    """ISO code → shade step 1-5 (square-root scale of the AAL contribution), as JSON for the map."""
    peak = max(by_country.values(), default=0.0)
    if peak <= 0:
        return "{}"
    return json.dumps({iso: 1 + min(4, int(4 * (value / peak) ** 0.5)) for iso, value in by_country.items() if value > 0})


def expected_loss_by_country(*, user, run: AnalysisRun) -> dict[str, float]:
    """Σ rate × loss of the run's hazard events per country (cyber events have a supplier, not a
    country): the dashboard's map, without simulating."""
    rows = (visible(EventLoss.objects.filter(run=run).exclude(country=""), user=user).values("country")
            .annotate(expected=Sum(F("rate") * F("loss"), output_field=FloatField())))
    return {r["country"]: r["expected"] or 0.0 for r in rows}
