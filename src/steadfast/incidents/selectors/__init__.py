"""Reads, scoped to the user: customer viewers see the incidents touching their own networks and
the published updates, nothing else of the war room; supplier respondents see nothing."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Case, CharField, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.core.models import Job
from steadfast.core.policy import VIEW, can
from steadfast.core.scoping import is_scoped, scoped
from steadfast.incidents.models import (
    OPEN_STATUSES,
    AffectedNetwork,
    Alert,
    AlertSource,
    CustomerUpdate,
    CustomerWebhook,
    Incident,
    IncidentRole,
    NationalUserBase,
    Obligation,
    PostIncidentReview,
    ReviewAction,
    RoleAssignment,
    SupplyImpact,
    Task,
    TimelineEntry,
)
from steadfast.incidents.regions import countries_in
from steadfast.incidents.rules import nis2_suggested
from steadfast.network.models import Site
from steadfast.privacy import selectors as privacy_selectors


def _require(user, domain: str = "incidents") -> None:
    if not can(user, domain, VIEW):
        raise PermissionDenied


def incidents(*, user, search: str = "", status: str = "", severity: int | None = None, kind: str = "",
              cause_category: str = "", hazard: str = "", country: str = "", open_only: bool = False,
              year: int | None = None, region: str = "", customer: str = "", commander: str = "",
              state: str = "") -> QuerySet[Incident]:
    """Incidents the user may see, filtered. `region` (a continent, data/regions.csv), `country` and
    `customer` (ref, or part of the name) match any affected network; `commander` any person who
    held the incident commander role; `state` is open, closed (resolved, closed or declined) or all."""
    _require(user)
    qs = scoped(Incident.objects.all(), user=user, customer="affected_networks__network__customer",
                country="affected_networks__network__country")
    lookups = {"status": status, "severity": severity, "kind": kind, "cause_category": cause_category, "hazard": hazard,
               "impact_started_at__year": year}
    qs = qs.filter(**{k: v for k, v in lookups.items() if v not in (None, "")})
    if open_only or state == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif state == "closed":
        qs = qs.exclude(status__in=OPEN_STATUSES)
    # Filters on networks look only at the networks the user may see: a customer viewer cannot
    # learn which other customers (or countries) share its incident.
    visible = scoped(AffectedNetwork.objects.all(), user=user, customer="network__customer",
                     country="network__country")
    if country:
        qs = qs.filter(pk__in=visible.filter(network__country=country.upper()).values("incident_id"))
    if region:
        qs = qs.filter(pk__in=visible.filter(network__country__in=countries_in(region)).values("incident_id"))
    if customer:
        qs = qs.filter(pk__in=visible.filter(Q(network__customer__ref__iexact=customer)
                                             | Q(network__customer__name__icontains=customer)).values("incident_id"))
    if commander and not is_scoped(user):  # roles are not shown to customer viewers
        qs = qs.filter(pk__in=RoleAssignment.objects.filter(role=IncidentRole.COMMANDER,
                                                            person__username__iexact=commander).values("incident_id"))
    if search:
        qs = qs.filter(Q(ref__icontains=search) | Q(title__icontains=search)
                       | Q(pk__in=visible.filter(network__ref__icontains=search).values("incident_id")))
    return qs.annotate(network_count=Count("affected_networks", distinct=True))


def board(qs: QuerySet[Incident], *, with_commander: bool) -> QuerySet[Incident]:
    """The board's cards: each with its current incident commander's username (staff only)."""
    if not with_commander:
        return qs
    current = RoleAssignment.objects.filter(incident=OuterRef("pk"), role=IncidentRole.COMMANDER,
                                            handed_over_at__isnull=True)
    return qs.annotate(commander_name=Subquery(current.values("person__username")[:1]))


def count_by_status(qs: QuerySet[Incident]) -> dict[str, int]:
    return dict(Incident.objects.filter(pk__in=qs.values("pk")).values_list("status").annotate(n=Count("id")).order_by())


def incident(*, user, incident_id: int) -> Incident:
    return get_object_or_404(incidents(user=user), pk=incident_id)


def staff_incident(*, user, incident_id: int) -> Incident:
    """An incident whose war room (timeline, roles, tasks, obligations) the user may see: 404 for
    customer viewers, who see only the incident and its published updates."""
    found = incident(user=user, incident_id=incident_id)
    if is_scoped(user):
        raise Http404
    return found


def affected_networks(*, user, incident: Incident) -> QuerySet[AffectedNetwork]:
    qs = incident.affected_networks.select_related("network", "network__customer").order_by("network__ref")
    return scoped(qs, user=user, customer="network__customer", country="network__country")


def timeline(*, user, incident: Incident, after_id: int = 0) -> QuerySet[TimelineEntry]:
    if is_scoped(user):
        return TimelineEntry.objects.none()
    return incident.timeline.filter(id__gt=after_id).select_related("actor").order_by("at", "id")


def roles(*, user, incident: Incident) -> QuerySet[RoleAssignment]:
    if is_scoped(user):
        return RoleAssignment.objects.none()
    return incident.role_assignments.select_related("person").order_by("role", "-assumed_at")


def tasks(*, user, incident: Incident) -> QuerySet[Task]:
    if is_scoped(user):
        return Task.objects.none()
    return incident.tasks.select_related("owner").order_by("done_at", "due_at", "id")


def alerts(*, user, incident: Incident) -> QuerySet[Alert]:
    if is_scoped(user):
        return Alert.objects.none()
    return incident.alerts.select_related("network").order_by("-received_at")[:100]


def updates(*, user, incident: Incident) -> QuerySet[CustomerUpdate]:
    qs = incident.updates.select_related("author").order_by("-published_at", "-id")
    if is_scoped(user):
        qs = qs.filter(published_at__isnull=False)
    return qs


def with_status(qs: QuerySet[Obligation], *, now: dt.datetime | None = None) -> QuerySet[Obligation]:
    """Annotate `state`: met (submitted by the due time), missed (late, or not submitted and past
    due) or open; and `overdue` for display."""
    now = now or timezone.now()
    return qs.annotate(state=Case(
        When(submitted_at__isnull=False, submitted_at__lte=F("due_at"), then=Value("met")),
        When(submitted_at__isnull=False, then=Value("missed")),
        When(due_at__lt=now, then=Value("missed")),
        default=Value("open"), output_field=CharField()))


def obligations(*, user, incident: Incident) -> QuerySet[Obligation]:
    if is_scoped(user):
        return Obligation.objects.none()
    return with_status(incident.obligations.select_related("network").order_by("due_at", "code"))


def obligation(*, user, incident: Incident, obligation_id: int) -> Obligation:
    return get_object_or_404(obligations(user=user, incident=incident), pk=obligation_id)


def task(*, user, incident: Incident, task_id: int) -> Task:
    return get_object_or_404(tasks(user=user, incident=incident), pk=task_id)


def detail_prefetch(qs: QuerySet[Incident]) -> QuerySet[Incident]:
    return qs.prefetch_related(Prefetch("affected_networks", queryset=AffectedNetwork.objects.select_related("network")))


def national_user_bases(*, user) -> QuerySet[NationalUserBase]:
    _require(user, "incidents.config")
    return NationalUserBase.objects.all()


def visible_impact(*, user, incident: Incident) -> dict:
    """The impact a user may see: the whole incident for staff; for a customer viewer only its own
    networks (other customers' networks and subscriber counts stay hidden)."""
    impacts = list(affected_networks(user=user, incident=incident))
    if not is_scoped(user):
        return {"networks": impacts, "subscribers_affected": incident.subscribers_affected,
                "user_minutes": incident.user_minutes}
    subscribers = sum(a.subscribers_affected for a in impacts)
    end = incident.resolved_at or timezone.now()
    minutes = max((end - incident.impact_started_at).total_seconds() / 60, 0)
    return {"networks": impacts, "subscribers_affected": subscribers, "user_minutes": round(subscribers * minutes)}


def review(*, user, incident: Incident):
    """The incident's post-incident review (None before resolution); staff only."""

    if is_scoped(user):
        return None
    return PostIncidentReview.objects.filter(incident=incident).prefetch_related("actions__owner").first()


def review_action(*, user, incident: Incident, action_id: int):
    if is_scoped(user):
        raise Http404
    return get_object_or_404(ReviewAction.objects.select_related("review"), review__incident=incident, pk=action_id)


def webhooks(*, user) -> QuerySet:
    _require(user, "incidents.config")
    return CustomerWebhook.objects.select_related("customer").annotate(
        delivered=Count("deliveries", filter=Q(deliveries__status="delivered")),
        pending=Count("deliveries", filter=Q(deliveries__status="pending")),
        failed=Count("deliveries", filter=Q(deliveries__status="failed")))


def alert_sources(*, user) -> QuerySet[AlertSource]:
    """Monitoring systems' tokens (never the secret: only its first characters), active first."""
    _require(user, "incidents.alerts")
    return AlertSource.objects.order_by(F("revoked_at").desc(nulls_first=True), "name")


def alert_source(*, user, alert_source_id: int) -> AlertSource:
    return get_object_or_404(alert_sources(user=user), pk=alert_source_id)


def webhook(*, user, webhook_id: int):
    return get_object_or_404(webhooks(user=user), pk=webhook_id)


def deliveries(*, user, webhook) -> QuerySet:
    _require(user, "incidents.config")
    return webhook.deliveries.select_related("update__incident").order_by("-created_at", "-id")


def supply_panel(*, user, incident: Incident) -> dict | None:
    """The war room's supply panel: the last TTS answer and any analysis still running (staff only;
    None when the incident touches no sites or suppliers)."""

    if is_scoped(user) or not (incident.sites.exists() or incident.suppliers.exists()):
        return None
    # the incident's own analysis, or a job that analysed several incidents at once (the demo's)
    jobs = (Job.objects.filter(kind="incidents.supply_tts")
            .filter(Q(params__incident=incident.pk) | Q(params__has_key="incidents")).order_by("-id")[:20])
    job = next((j for j in jobs if j.params.get("incident") == incident.pk
                or incident.pk in j.params.get("incidents", ())), None)
    return {"impact": SupplyImpact.objects.filter(incident=incident).first(), "job": job,
            "sites": list(incident.sites.order_by("ref")[:20]), "suppliers": list(incident.suppliers.order_by("ref")[:20])}


def map_points(*, user, incident: Incident, networks: list) -> dict:
    """What the war room's map shows: the affected networks' countries and the incident's sites
    (with their suppliers' sites), as plain lists for data attributes."""

    countries = sorted({a.network.country for a in networks})
    if is_scoped(user):
        return {"countries": countries, "sites": []}
    sites = Site.objects.filter(Q(pk__in=incident.sites.values("pk")) | Q(owner_supplier__in=incident.suppliers.values("pk")))
    return {"countries": countries,
            "sites": [[s.latitude, s.longitude, f"{s.name} ({s.ref})"] for s in sites.order_by("ref")[:500]]}


def linked_breaches(*, user, incident: Incident) -> list | None:
    """The privacy app's breach register entries linked to this incident, for its GDPR Art. 33
    obligation: a list (maybe empty), or None when the user may not read the register (then the page
    shows the incident's own `privacy_breach_ref`)."""
    if is_scoped(user) or not incident.personal_data or not can(user, "privacy.records", VIEW):
        return None
    try:
        return list(privacy_selectors.breaches_for_incident(user=user, incident=incident))
    except PermissionDenied:
        return None


def nis2_suggestion(*, incident: Incident, networks: list) -> bool:
    """Whether Steadfast suggests marking the incident significant under NIS2 (not yet marked)."""

    return not incident.nis2_significant and nis2_suggested(
        severity=incident.severity, countries={a.network.country for a in networks}, kind=incident.kind)
