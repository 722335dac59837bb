"""Reads of analysis runs and their results."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.continuity.models import AnalysisRun, ResultKind, RunResult, RunStatus
from steadfast.continuity.selectors.common import visible
from steadfast.core.policy import VIEW, can


def runs(*, user) -> QuerySet[AnalysisRun]:
    return visible(AnalysisRun.objects.select_related("job", "event_job", "started_by"), user=user)


def run(*, user, run_id: int) -> AnalysisRun:
    return get_object_or_404(runs(user=user), pk=run_id)


def latest_run(*, user) -> AnalysisRun | None:
    return runs(user=user).filter(status=RunStatus.SUCCEEDED).order_by("-finished_at", "-pk").first()


def results(*, user, run_id: int, kind: str = "", at_risk: bool | None = None, search: str = "",
            country: str = "") -> QuerySet[RunResult]:
    qs = visible(RunResult.objects.filter(run_id=run_id), user=user).select_related(
        "source__item", "source__site", "site")
    if kind:
        qs = qs.filter(kind=kind)
    if at_risk is not None:
        qs = qs.filter(at_risk=at_risk)
    if search:
        qs = qs.filter(ref__icontains=search.strip())
    if country:
        qs = qs.filter(site__country=country.upper()) if kind == ResultKind.SITE else qs.filter(
            source__site__country=country.upper())
    return qs.order_by("-rei", "ref")


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    percent: int
    seconds_left: float | None


def progress(run: AnalysisRun) -> Progress:
    """The run's job progress and an estimate of the time left (elapsed × remaining / done)."""
    job = run.job
    if job is None:
        return Progress(0, 0, 100 if run.is_finished else 0, None)
    percent = 100 if run.status == RunStatus.SUCCEEDED else (int(100 * job.done / job.total) if job.total else 0)
    left = None
    if job.started_at and job.total and 0 < job.done < job.total:
        elapsed = (timezone.now() - job.started_at).total_seconds()
        left = elapsed * (job.total - job.done) / job.done
    return Progress(job.done, job.total, percent, left)


@dataclass(frozen=True)
class Change:
    kind: str
    ref: str
    before_tts: float | None
    after_tts: float | None
    before_rei: float
    after_rei: float
    newly_at_risk: bool


def compare(*, user, run_id: int, previous_id: int, limit: int = 100) -> list[Change]:
    """What got worse from `previous_id` to `run_id`: scenarios whose PI rose or that became at risk,
    worst first (rows compared by kind and ref, so a renamed record counts as new)."""
    after = {(k, r): (t, p, rei, a) for k, r, t, p, rei, a in results(user=user, run_id=run_id).values_list(
        "kind", "ref", "tts_days", "pi", "rei", "at_risk")}
    before = {(k, r): (t, p, rei, a) for k, r, t, p, rei, a in results(user=user, run_id=previous_id).values_list(
        "kind", "ref", "tts_days", "pi", "rei", "at_risk")}
    changes = []
    for key, (tts, pi, rei, at_risk) in after.items():
        old = before.get(key)
        if old is None:
            continue
        if pi > old[1] * (1 + 1e-9) + 1e-9 or (at_risk and not old[3]):
            changes.append((pi - old[1], Change(key[0], key[1], old[0], tts, old[2], rei, at_risk and not old[3])))
    changes.sort(key=lambda pair: (-pair[0], pair[1].ref))
    return [change for _, change in changes[:limit]]


def results_of(run: AnalysisRun, *, site_id: int | None = None, supplier_id: int | None = None,
               item_id: int | None = None, source_id: int | None = None) -> QuerySet[RunResult] | None:
    """The run's result rows about one record: its site or source scenario, a supplier's sites', an
    item's sources'. None when no record is named."""
    qs = RunResult.objects.filter(run=run)
    if site_id is not None:
        return qs.filter(kind=ResultKind.SITE, site_id=site_id)
    if supplier_id is not None:
        return qs.filter(kind=ResultKind.SITE, site__owner_supplier_id=supplier_id)
    if item_id is not None:
        return qs.filter(kind=ResultKind.NODE, source__item_id=item_id)
    if source_id is not None:
        return qs.filter(kind=ResultKind.NODE, source_id=source_id)
    return None


@dataclass(frozen=True)
class Standing:
    """TTS, PI and REI of one record in the latest run (for supplier, site, item and source pages)."""

    run: AnalysisRun
    tts_days: float | None
    pi: float
    rei: float
    at_risk: bool
    scenarios: int


def standing(*, user, site_id: int | None = None, supplier_id: int | None = None, item_id: int | None = None,
             source_id: int | None = None) -> Standing | None:
    """The worst result touching the record in the latest run: its own site or source scenario, or for
    a supplier its worst site, for an item its worst source. None without a run."""

    if not can(user, "continuity", VIEW):
        return None
    latest = latest_run(user=user)
    if latest is None:
        return None
    qs = results_of(latest, site_id=site_id, supplier_id=supplier_id, item_id=item_id, source_id=source_id)
    if qs is None:
        return None
    rows = list(qs.order_by("-rei", "tts_days").values_list("tts_days", "pi", "rei", "at_risk")[:1])
    if not rows:
        return None
    count = qs.count()
    tts, pi, rei, at_risk = rows[0]
    return Standing(latest, tts, pi, rei, at_risk, count)


REI_FIELD = "continuity_rei"
TTS_FIELD = "continuity_tts"
PI_FIELD = "continuity_pi"
AT_RISK_FIELD = "continuity_at_risk"
def _rows_of(run: AnalysisRun, of: str) -> QuerySet[RunResult]:
    """The run's rows about the list's record (its pk: an OuterRef), written as `site_id IN (the
    supplier's sites)` / `source_id IN (the item's sources)` so that each is an index lookup
    (result_run_site / result_run_source), not a scan of the run's rows joined to the map."""
    from django.db.models import OuterRef

    from steadfast.network.models import ItemSource, Site

    rows = RunResult.objects.filter(run=run)
    if of == "site":
        return rows.filter(site_id=OuterRef("pk"))
    # one query deeper: the list's record is the outer query's outer query
    if of == "supplier":
        return rows.filter(site_id__in=Site.objects.filter(owner_supplier_id=OuterRef(OuterRef("pk"))).values("pk"))
    return rows.filter(source_id__in=ItemSource.objects.filter(item_id=OuterRef(OuterRef("pk"))).values("pk"))


def with_rei(queryset: QuerySet, *, user, of: str) -> QuerySet:
    """A map list (`of`: site, supplier or item) annotated from the latest run, in the same query (the
    list sorts and filters on them): `continuity_rei` the worst REI of the record (as on its page),
    `continuity_pi` its worst PI, `continuity_tts` its shortest TTS (None: unbounded, or no result; REI to 3 places, TTS to 0.1 day,
    PI to the unit),
    `continuity_at_risk` whether any of its scenarios runs short before recovery (TTS < TTR). Left as
    is without a run or continuity access."""
    from django.db.models import DecimalField, Exists, Max, Min, Subquery
    from django.db.models.functions import Cast, Round

    if not can(user, "continuity", VIEW):
        return queryset
    latest = latest_run(user=user)
    if latest is None:
        return queryset
    mine = _rows_of(latest, of)

    def worst(aggregate, places: int):
        # rounded in the database to what a reader needs (the list prints the value as it comes)
        # (Round of a Cast: PostgreSQL rounds only numerics; SQLite's CAST to NUMERIC keeps a float)
        return Round(Cast(Subquery(mine.values("run_id").annotate(value=aggregate).values("value")[:1]),
                          DecimalField(max_digits=20, decimal_places=places)), places)

    return queryset.annotate(**{REI_FIELD: worst(Max("rei"), 3), PI_FIELD: worst(Max("pi"), 0),
                                TTS_FIELD: worst(Min("tts_days"), 1), AT_RISK_FIELD: Exists(mine.filter(at_risk=True))})


def filter_standing(queryset: QuerySet, *, rei_min: float | None = None, at_risk_only: bool = False) -> QuerySet:
    """A list annotated by `with_rei`, narrowed to REI at least `rei_min` and/or the records at risk.
    Without the annotations (no run, no continuity access) the list is left as it is."""
    if REI_FIELD not in queryset.query.annotations:
        return queryset
    if rei_min is not None:
        queryset = queryset.filter(**{f"{REI_FIELD}__gte": rei_min})
    if at_risk_only:
        queryset = queryset.filter(**{AT_RISK_FIELD: True})
    return queryset


def rei_columns(user) -> list:
    """The REI, TTS and PI columns of a map list (see `with_rei`), for those who may see continuity results."""
    from steadfast.core.tables import Column

    if not can(user, "continuity", VIEW) or latest_run(user=user) is None:
        return []  # without a run the list has no annotation to show or sort on
    return [Column(REI_FIELD, "REI (latest run)", REI_FIELD, numeric=True),
            Column(TTS_FIELD, "Shortest TTS (days)", TTS_FIELD, numeric=True),
            Column(PI_FIELD, "Worst PI", PI_FIELD, numeric=True)]
