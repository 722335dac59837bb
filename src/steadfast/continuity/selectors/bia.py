"""Reads of business impact analyses, and each product's dependencies flagged against the latest run."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404

from steadfast.continuity.models import (
    AnalysisRun,
    ImpactAnalysis,
    ResultKind,
    RunResult,
    ServiceImpactAnalysis,
)
from steadfast.continuity.selectors.common import visible
from steadfast.network.models import Deployment
from steadfast.network.selectors.graph import bom_edges_below, reachable_items_sql


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
    return _flagged(rows, mtpd_days=bia.mtpd_days)


def _flagged(rows, *, mtpd_days: float) -> list[Dependency]:
    answer = []
    for ref, item_ref, site_ref, country, tts, ttr, pi, rei in rows:
        short = tts is not None and tts < ttr
        past = short and (ttr - tts) > mtpd_days
        answer.append(Dependency(ref, item_ref, site_ref, country, tts, ttr, pi, rei, short, past))
    return answer


# --- per service kind of the customer networks ---------------------------------------------------

def service_analyses(*, user) -> QuerySet[ServiceImpactAnalysis]:
    return visible(ServiceImpactAnalysis.objects.select_related("owner"), user=user).order_by("priority", "service_kind")


def service_analysis(*, user, bia_id: int) -> ServiceImpactAnalysis:
    return get_object_or_404(service_analyses(user=user), pk=bia_id)


@dataclass(frozen=True)
class ServingProduct:
    """A product deployed in networks of the service kind."""

    pk: int
    ref: str
    name: str
    networks: int
    subscribers: int
    annual_revenue: float


def serving_products(*, bia: ServiceImpactAnalysis) -> list[ServingProduct]:
    """The products deployed in the customer networks of the kind, most subscribers first (one query)."""
    rows = (Deployment.objects.filter(network__kind=bia.service_kind)
            .values("product_id", "product__ref", "product__name")
            .annotate(networks=Count("network", distinct=True), subscribers=Sum("network__subscribers"),
                      revenue=Sum("annual_revenue"))
            .order_by("-subscribers", "product__ref"))
    return [ServingProduct(r["product_id"], r["product__ref"], r["product__name"], r["networks"], r["subscribers"] or 0,
                           float(r["revenue"] or 0)) for r in rows]


def service_dependencies(*, bia: ServiceImpactAnalysis, run: AnalysisRun | None) -> list[Dependency]:
    """Every source of the products serving the kind and of everything below them (all tiers), ranked by
    REI and flagged against the kind's MTPD like a product's BIA. One recursive query for the BOM."""
    if run is None:
        return []
    products = Deployment.objects.filter(network__kind=bia.service_kind).values("product_id")
    sql, params = reachable_items_sql(products, downward=True)
    rows = (RunResult.objects.filter(run=run, kind=ResultKind.NODE, source__item_id__in=RawSQL(sql, params))
            .order_by("-rei", "ref")
            .values_list("ref", "source__item__ref", "source__site__ref", "source__site__country", "tts_days",
                         "ttr_days", "pi", "rei"))
    return _flagged(rows, mtpd_days=bia.mtpd_days)
