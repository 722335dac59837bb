"""What every incident write shares: the optimistic lock, the timeline, the computed figures."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone

from steadfast.incidents import severity as matrix
from steadfast.incidents.models import Incident, TimelineEntry

# Clocks of monitoring systems and browsers drift a little; more than this ahead is "in the future".
CLOCK_SKEW = dt.timedelta(minutes=2)


class StaleIncident(Exception):
    """The incident changed since the writer read it (optimistic locking): nothing was written."""

    def __init__(self, current: Incident, expected: int):
        self.current, self.expected = current, expected
        super().__init__(f"{current.ref} is at version {current.version}, not {expected}: someone else changed it; "
                         "reload, review their change and try again")


def locked(incident: Incident, *, expected_version: int | None) -> Incident:
    """The incident row, locked for this transaction, after checking the version the writer saw."""
    current = Incident.objects.select_for_update().get(pk=incident.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleIncident(current, expected_version)
    return current


def not_in_future(field: str, moment: dt.datetime | None, *, now: dt.datetime | None = None) -> None:
    if moment is not None and moment > (now or timezone.now()) + CLOCK_SKEW:
        raise ValidationError({field: f"{moment.isoformat()} is in the future"})


def check_order(incident: Incident) -> None:
    """The times must follow each other; the error names the field that breaks the order."""
    pairs = (("detected_at", "impact_started_at", "detection cannot be before the impact started"),
             ("declared_at", "detected_at", "declaration cannot be before detection"),
             ("acknowledged_at", "detected_at", "acknowledgement cannot be before detection"),
             ("mitigated_at", "impact_started_at", "mitigation cannot be before the impact started"),
             ("resolved_at", "detected_at", "resolution cannot be before detection"),
             ("resolved_at", "mitigated_at", "resolution cannot be before mitigation"),
             ("closed_at", "resolved_at", "closing cannot be before resolution"))
    for later, earlier, message in pairs:
        a, b = getattr(incident, later), getattr(incident, earlier)
        if a is not None and b is not None and a < b:
            raise ValidationError({later.removesuffix("_at"): message})
    for name in ("impact_started_at", "detected_at", "declared_at", "acknowledged_at", "mitigated_at", "resolved_at",
                 "closed_at", "declined_at"):
        not_in_future(name.removesuffix("_at"), getattr(incident, name))


def timeline(*, incident: Incident, kind: str, text: str, actor=None, at: dt.datetime | None = None,
             data: dict | None = None) -> TimelineEntry:
    return TimelineEntry.objects.create(incident=incident, kind=kind, text=text[:2000], actor=actor,
                                        at=at or timezone.now(), data=data or {})


def recompute(incident: Incident, *, now: dt.datetime | None = None) -> None:
    """Subscribers affected, user-minutes and severity, from the networks and the times (never typed)."""
    now = now or timezone.now()
    impacts = list(incident.affected_networks.select_related("network")) if incident.pk else []
    subscribers = sum(a.subscribers_affected for a in impacts)
    end = incident.resolved_at or (incident.declined_at and incident.detected_at) or now
    minutes = max((end - incident.impact_started_at).total_seconds() / 60, 0)
    incident.subscribers_affected = subscribers
    incident.user_minutes = round(subscribers * minutes)
    incident.severity = matrix.severity(subscribers=subscribers if impacts else None, impact=incident.service_impact,
                                        duration=end - incident.impact_started_at)


def next_ref(moment: dt.datetime) -> str:
    prefix = f"INC-{moment.year}-"
    last = Incident.objects.filter(ref__startswith=prefix).aggregate(m=Max("ref"))["m"]
    number = int(last.removeprefix(prefix)) + 1 if last else 1
    return f"{prefix}{number:04d}"
