"""The published figures: a registry of small objects, each with its definition, formula, period
handling, the app it needs and a selector returning exactly the records behind it.

Each figure reuses its app's own selectors (the security dashboard's accepted assessments, privacy's
live DPA states, the incidents list, the map's customer networks, continuity's latest run and
product dependencies). A figure whose app (or model) is not installed is absent, never zero.

Published figures are the organisation's: `ORGANISATION` reads every record (the auditor's rights,
read-only). Pages compute them as the signed-in user, who sees a figure only where their role may
view its domain (for the internal roles allowed here, the organisation's number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pycountry
from django.apps import apps
from django.db.models import QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from steadfast.continuity.models import Priority
from steadfast.continuity.selectors.bia import dependencies, impact_analyses
from steadfast.continuity.selectors.runs import latest_run
from steadfast.core.policy import VIEW, can
from steadfast.core.roles import Role
from steadfast.incidents.selectors import incidents
from steadfast.network.models import Supplier
from steadfast.network.selectors.customers import customer_networks
from steadfast.privacy.selectors.agreements import dpas
from steadfast.privacy.selectors.figures import LIVE
from steadfast.security.selectors.dashboard import _accepted


class _OrganisationReader:
    """The reader behind published figures: sees everything, may change nothing (an auditor's rights)."""

    pk = id = None
    is_authenticated = True
    is_active = True
    role = Role.AUDITOR
    username = "organisation"

    def __str__(self) -> str:
        return "the organisation"


ORGANISATION = _OrganisationReader()


@dataclass(frozen=True)
class Period:
    """A calendar year by default; `start`/`end` inclusive dates."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    @property
    def label(self) -> str:
        if (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and \
                self.start.year == self.end.year:
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        return (timezone.make_aware(dt.datetime.combine(self.start, dt.time.min)),
                timezone.make_aware(dt.datetime.combine(self.end, dt.time.max)))

    def as_json(self) -> dict[str, str]:
        return {"label": self.label, "start": self.start.isoformat(), "end": self.end.isoformat()}


IN_PERIOD = "in the period"
AT_PUBLICATION = "at publication (the register keeps no history)"


@dataclass(frozen=True)
class Row:
    """One record behind a figure, as the drill-down lists it."""

    id: str
    label: str
    detail: str = ""
    amount: float | None = None  # the record's share of a summed figure


@dataclass(frozen=True)
class Figure:
    name: str
    title: str
    app: str  # the app label it needs
    domain: str  # the policy domain a reader must view
    definition: str
    formula: str
    period: str  # IN_PERIOD or AT_PUBLICATION
    unit: str
    rows: Callable[[Any, Period], list[Row]] = field(repr=False)  # the records behind it
    value: Callable[[list[Row]], float | int | None] = field(repr=False, default=len)
    model: str = ""  # "app_label.Model" it also needs (checked with apps.get_model)

    def available(self) -> bool:
        if not apps.is_installed(f"steadfast.{self.app}"):
            return False
        if self.model:
            try:
                apps.get_model(self.model)
            except LookupError:
                return False
        return True

    def describe(self) -> dict[str, str]:
        return {"title": self.title, "definition": self.definition, "formula": self.formula, "period": self.period,
                "unit": self.unit}


# ---- the figures ---------------------------------------------------------------------------

def _suppliers_assessed(user, period: Period) -> list[Row]:
    ids = _accepted(user).filter(accepted_at__range=period.bounds()).values("supplier_id")
    return [Row(str(pk), f"{ref} {name}", country) for pk, ref, name, country
            in Supplier.objects.filter(pk__in=ids).order_by("ref").values_list("pk", "ref", "legal_name", "country")]


def _suppliers_with_dpa(user, period: Period) -> list[Row]:
    ids = dpas(user=user).filter(status__in=LIVE).values("supplier_id")
    return [Row(str(pk), f"{ref} {name}", country) for pk, ref, name, country
            in Supplier.objects.filter(pk__in=ids).order_by("ref").values_list("pk", "ref", "legal_name", "country")]


def _major_incidents(user, period: Period) -> list[Row]:
    qs = (incidents(user=user).exclude(status__in=("declined", "candidate"))
          .filter(impact_started_at__range=period.bounds()).order_by("impact_started_at", "pk"))
    return [Row(str(pk), f"{ref} {title}", f"SEV{severity}, {started:%Y-%m-%d}")
            for pk, ref, title, severity, started in qs.values_list("pk", "ref", "title", "severity", "impact_started_at")]


def _networks(user) -> QuerySet:
    return customer_networks(user=user).order_by("ref")


def _network_rows(user, period: Period) -> list[Row]:
    return [Row(str(pk), f"{ref} {name}", f"{customer}, {country}", subscribers)
            for pk, ref, name, customer, country, subscribers
            in _networks(user).values_list("pk", "ref", "name", "customer__name", "country", "subscribers")]


def _country_rows(user, period: Period) -> list[Row]:
    codes = _networks(user).order_by().values_list("country", flat=True).distinct()
    rows = []
    for code in sorted(set(codes)):
        country = pycountry.countries.get(alpha_2=code)
        rows.append(Row(code, country.name if country else code))
    return rows


def _subscribers(rows: list[Row]) -> int:
    return int(sum(r.amount or 0 for r in rows))


def _critical_products(user) -> tuple[list, Any]:
    run = latest_run(user=user)
    critical = list(impact_analyses(user=user, priority=Priority.CRITICAL))
    return [(bia, dependencies(bia=bia, run=run)) for bia in critical], run


def _surviving_products(user, period: Period) -> list[Row]:
    products, run = _critical_products(user)
    if run is None:
        return []
    return [Row(str(bia.pk), f"{bia.product.ref} {bia.product.name}", f"{len(deps)} dependencies, none short before recovery")
            for bia, deps in products if not any(d.short_before_recovery for d in deps)]


def _surviving_share(rows: list[Row]) -> float | None:
    """None (published as null) when there is no completed analysis or no critical product: not a zero."""
    products, run = _critical_products(ORGANISATION)
    return round(100 * len(rows) / len(products), 1) if products and run is not None else None


def _evaluations(user, period: Period) -> list[Row]:
    Evaluation = apps.get_model("transparency", "Evaluation")  # noqa: N806 (the centres' model, when installed)
    qs = Evaluation.objects.filter(status__in=("held", "reported"), held_on__range=(period.start, period.end))
    return [Row(str(e.pk), str(e), f"held {e.held_on:%Y-%m-%d}") for e in qs.order_by("held_on", "pk")]


FIGURES: tuple[Figure, ...] = (
    Figure("suppliers_assessed", "Suppliers whose cyber-security risk was assessed", "security", "security",
           "Suppliers with at least one security assessment accepted by a risk analyst in the period.",
           "count(distinct supplier of Assessment where status = accepted and accepted_at in period)",
           IN_PERIOD, "suppliers", _suppliers_assessed),
    Figure("suppliers_with_active_dpa", "Suppliers with a signed, active data processing agreement", "privacy",
           "privacy.records",
           "Suppliers holding at least one data processing agreement that is signed and in force (active or expiring).",
           "count(distinct supplier of Dpa where status in {active, expiring})",
           AT_PUBLICATION, "suppliers", _suppliers_with_dpa),
    Figure("major_incidents_supported", "Major incidents supported in customer networks", "incidents",
           "incidents.figures",
           "Major incidents in customers' networks that the vendor supported, counted by the start of their impact "
           "(candidates not confirmed and declined alerts excluded).",
           "count(Incident where status not in {candidate, declined} and impact_started_at in period)",
           IN_PERIOD, "incidents", _major_incidents),
    Figure("networks", "Customer networks served", "network", "network",
           "Customer networks on the map (the networks in which the vendor's products are deployed and supported).",
           "count(CustomerNetwork)", AT_PUBLICATION, "networks", _network_rows),
    Figure("countries", "Countries served", "network", "network",
           "Countries with at least one customer network.", "count(distinct CustomerNetwork.country)",
           AT_PUBLICATION, "countries", _country_rows),
    Figure("subscribers", "Subscribers reached", "network", "network",
           "Subscribers of the customer networks served (as each customer reports them); the drill-down lists the "
           "networks and their subscribers, which add up to the figure.",
           "sum(CustomerNetwork.subscribers)", AT_PUBLICATION, "subscribers", _network_rows, _subscribers),
    Figure("critical_products_surviving_share", "Critical products whose dependencies survive their recovery time",
           "continuity", "continuity",
           "Share of the products rated critical in their business impact analysis for which no source they depend "
           "on (at any tier of the bill of materials) leaves the business short before it recovers, in the latest "
           "completed continuity analysis. The drill-down lists the products that survive.",
           "100 × count(critical BIA with no dependency where TTS < TTR) / count(critical BIA), latest run",
           AT_PUBLICATION, "% of critical products", _surviving_products, _surviving_share),
    Figure("evaluations_held", "Transparency-centre evaluations held", "transparency", "transparency",
           "Evaluation sessions held at the vendor's transparency centres in the period (held or reported on).",
           "count(Evaluation where status in {held, reported} and held_on in period)",
           IN_PERIOD, "evaluations", _evaluations, model="transparency.Evaluation"),
)


def registry() -> dict[str, Figure]:
    """The figures whose apps are installed, in publication order."""
    return {f.name: f for f in FIGURES if f.available()}


def figure(name: str) -> Figure:
    try:
        return registry()[name]
    except KeyError:
        raise Http404(f"no figure named {name!r}") from None


def readable(user) -> dict[str, Figure]:
    """The figures a signed-in user may compute (their role views the figure's domain)."""
    if user is ORGANISATION:
        return registry()
    return {name: f for name, f in registry().items() if can(user, f.domain, VIEW)}


@dataclass(frozen=True)
class Computed:
    figure: Figure
    value: float | int | None
    rows: list[Row]

    @property
    def record_ids(self) -> list[str]:
        return [r.id for r in self.rows]


def compute(*, user, name: str, period: Period) -> Computed:
    f = readable(user).get(name)
    if f is None:
        raise Http404(f"no figure named {name!r}")
    rows = f.rows(user, period)
    return Computed(f, f.value(rows), rows)


def compute_all(*, user, period: Period) -> dict[str, Computed]:
    return {name: compute(user=user, name=name, period=period) for name in readable(user)}


def figures_json(*, period: Period) -> dict[str, Any]:
    """`steadfast figures --json`: {"period": …, "figures": {name: value}} for the organisation."""
    return {"period": period.as_json(),
            "figures": {name: c.value for name, c in compute_all(user=ORGANISATION, period=period).items()}}


def subscribers_total(*, user) -> int:
    """The map's own total, for cross-checks."""
    return _networks(user).aggregate(total=Sum("subscribers"))["total"] or 0
