"""The event loss table of the map: (hazard, country) events with INFORM-calibrated rates and
(cyber, supplier) events with rates from the supplier's security posture; each event's loss is
the engine's PI for losing its sites for its TTR."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from django.apps import apps
from django.db.models import Count, OuterRef, Q, Subquery

from steadfast.continuity.hazards import CYBER_TTR_DAYS, HAZARDS, country_rates, cyber_rate
from steadfast.engine import Network, Scenario, analyse
from steadfast.network.models import Site, Supplier
from steadfast.security.models import Assessment
from steadfast.security.models.findings import OPEN_STATUSES, FindingSource


@dataclass(frozen=True)
class Event:
    id: str  # "earthquake:JP", "cyber:SUP-00042"
    hazard: str
    country: str  # blank for cyber events
    supplier_ref: str  # blank for hazard events
    rate: float
    ttr_days: float
    site_refs: tuple[str, ...]
    loss: float = 0.0


def security_posture() -> dict[str, tuple[float | None, int]]:
    """supplier ref → (residual risk of its latest accepted or scored assessment, open KEV findings).
    Empty when the security app is not installed."""
    if not apps.is_installed("steadfast.security"):
        return {}

    latest = (Assessment.objects.filter(supplier=OuterRef("pk"), residual_risk__isnull=False)
              .order_by("-accepted_at", "-submitted_at", "-pk").values("residual_risk")[:1])
    kev = Count("security_findings", filter=Q(security_findings__source=FindingSource.KEV,
                                              security_findings__status__in=OPEN_STATUSES))
    return {ref: (residual, count) for ref, residual, count in
            Supplier.objects.annotate(residual=Subquery(latest), kev=kev).values_list("ref", "residual", "kev")}


def events_of(network: Network) -> list[Event]:
    """Every event that can hit the network's sites (those holding at least one node)."""
    in_network = set(network.site_names)
    by_country: dict[str, list[str]] = defaultdict(list)
    by_supplier: dict[str, list[str]] = defaultdict(list)
    for ref, country, supplier in Site.objects.order_by("ref").values_list("ref", "country", "owner_supplier__ref"):
        if ref in in_network:
            by_country[country].append(ref)
            if supplier:
                by_supplier[supplier].append(ref)
    events = []
    for country, refs in sorted(by_country.items()):
        for hazard, rate in country_rates(country).items():
            if rate > 0:
                events.append(Event(f"{hazard}:{country}", hazard, country, "", rate, HAZARDS[hazard].ttr_days, tuple(refs)))
    posture = security_posture()
    for supplier, refs in sorted(by_supplier.items()):
        residual, kev = posture.get(supplier, (None, 0))
        events.append(Event(f"cyber:{supplier}", "cyber", "", supplier, cyber_rate(residual_risk=residual,
                            open_kev_findings=kev), CYBER_TTR_DAYS, tuple(refs)))
    return events


def event_scenarios(network: Network, events: list[Event], *, prefix: str = "") -> list[Scenario]:
    members = network.site_members
    scenarios = []
    for event in events:
        nodes = tuple(sorted({int(k) for ref in event.site_refs for k in members[ref]}))
        scenarios.append(Scenario(name=prefix + event.id, ttr=event.ttr_days, nodes=nodes, losses=(1.0,) * len(nodes)))
    return scenarios


def event_loss_table(network: Network, *, progress=None, workers: int | None = None) -> list[Event]:
    """The events with their losses (engine PI), in id order."""

    events = events_of(network)
    if not events:
        return []
    analysis = analyse(network, event_scenarios(network, events), progress=progress, workers=workers)
    pi = {r.scenario: r.pi for r in analysis.results}
    return sorted((replace(e, loss=max(pi[e.id], 0.0)) for e in events), key=lambda e: e.id)


def as_events(rows) -> list[Event]:
    """Events from EventLoss rows' (event, hazard, country, supplier_ref, rate, ttr_days, loss)."""
    return [Event(e, h, c, s, rate, ttr, (), loss) for e, h, c, s, rate, ttr, loss in rows]


EVENT_COLUMNS = ("event", "hazard", "country", "supplier_ref", "rate", "ttr_days", "loss")


def stored_event_loss_table(run) -> list[Event]:
    """A run's stored table (the command line's read; pages read through the scoped selector)."""
    return as_events(run.event_losses.order_by("event").values_list(*EVENT_COLUMNS))
