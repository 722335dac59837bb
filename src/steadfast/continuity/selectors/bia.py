"""Reads of business impact analyses, and each product's dependencies flagged against the latest run."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from steadfast.continuity.models import AnalysisRun, ImpactAnalysis, ResultKind, RunResult
from steadfast.continuity.selectors.common import visible
from steadfast.network.selectors.graph import bom_edges_below


def impact_analyses(*, user, search: str = "", priority: int | None = None) -> QuerySet[ImpactAnalysis]:
    qs = visible(ImpactAnalysis.objects.select_related("product", "owner"), user=user)
    if search:
        qs = qs.filter(product__ref__icontains=search.strip()) | qs.filter(product__name__icontains=search.strip())
    if priority:
        qs = qs.filter(priority=priority)
    return qs.order_by("priority", "product__ref")


def impact_analysis(*, user, bia_id: int) -> ImpactAnalysis:
    return get_object_or_404(impact_analyses(user=user), pk=bia_id)


@dataclass(frozen=True)
class Dependency:
    """A source the product depends on (at any tier) with its result in the run."""

    ref: str
    item_ref: str
    site_ref: str
    country: str
    tts_days: float | None
    ttr_days: float
    pi: float
    rei: float
    short_before_recovery: bool  # TTS < TTR: losing it leaves the business short before it is back
    past_mtpd: bool  # short for longer than the product's MTPD (TTR - TTS > MTPD)

    @property
    def flagged(self) -> bool:
        return self.short_before_recovery or self.past_mtpd


def dependencies(*, bia: ImpactAnalysis, run: AnalysisRun | None) -> list[Dependency]:
    """Every source of the product and of everything below it in the BOM, ranked by REI.

    TTS is the run's: the time until losing that source leaves any product short, so for one
    product it is on the safe side (the product itself may last longer)."""
    if run is None:
        return []
    item_ids = {bia.product_id} | {child for _, _, child, _ in bom_edges_below([bia.product_id])}
    rows = (RunResult.objects.filter(run=run, kind=ResultKind.NODE, source__item_id__in=item_ids)
            .order_by("-rei", "ref")
            .values_list("ref", "source__item__ref", "source__site__ref", "source__site__country", "tts_days",
                         "ttr_days", "pi", "rei"))
    answer = []
    for ref, item_ref, site_ref, country, tts, ttr, pi, rei in rows:
        short = tts is not None and tts < ttr
        past = short and (ttr - tts) > bia.mtpd_days
        answer.append(Dependency(ref, item_ref, site_ref, country, tts, ttr, pi, rei, short, past))
    return answer
