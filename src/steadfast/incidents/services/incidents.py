"""Creating an incident, changing it, and moving it along its one path of statuses."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.incidents.models import (
    TRANSITIONS,
    AffectedNetwork,
    Incident,
    IncidentKind,
    Status,
    TimelineKind,
)
from steadfast.incidents.models.choices import STATUS_TIMESTAMP
from steadfast.incidents.services.common import check_order, locked, next_ref, recompute, timeline
from steadfast.incidents.services.obligations import evaluate_obligations
from steadfast.incidents.services.reviews import open_review
from steadfast.network.models import CustomerNetwork, Item, Site, Supplier

EDITABLE = ("title", "summary", "kind", "service_impact", "cause_category", "hazard", "personal_data",
            "nis2_significant", "privacy_breach_ref", "impact_started_at", "detected_at", "acknowledged_at")


def _lookup(model, value, *, field: str):
    if isinstance(value, model):
        return value
    key = {"pk": value} if isinstance(value, int) or (isinstance(value, str) and value.isdigit()) else {"ref": value}
    found = model.objects.filter(**key).first()
    if found is None and "pk" in key:
        found = model.objects.filter(ref=str(value)).first()
    if found is None:
        raise ValidationError({field: f"no {model._meta.verbose_name} with ref or id {value!r}"})
    return found


def resolve_networks(networks: list[dict]) -> list[tuple[CustomerNetwork, float]]:
    """[{"network": ref or id, "share": 0.4}] → [(network, share)], each error naming its row."""
    resolved, seen = [], set()
    for index, row in enumerate(networks):
        network = _lookup(CustomerNetwork, row.get("network"), field=f"networks.{index}.network")
        share = row.get("share")
        if not isinstance(share, int | float) or isinstance(share, bool) or not 0 < share <= 1:
            raise ValidationError({f"networks.{index}.share": f"the share of subscribers affected must be above 0 and "
                                                              f"at most 1 (got {share!r})"})
        if network.pk in seen:
            raise ValidationError({f"networks.{index}.network": f"{network.ref} is listed twice"})
        seen.add(network.pk)
        resolved.append((network, float(share)))
    return resolved


def _set_map_links(incident: Incident, *, sites=None, suppliers=None, items=None) -> dict:
    changes = {}
    for name, model, values in (("sites", Site, sites), ("suppliers", Supplier, suppliers), ("items", Item, items)):
        if values is None:
            continue
        objects = [_lookup(model, v, field=f"{name}.{i}") for i, v in enumerate(values)]
        getattr(incident, name).set(objects)
        changes[name] = [None, sorted(o.ref for o in objects)]
    return changes


def _replace_networks(incident: Incident, rows: list[tuple[CustomerNetwork, float]]) -> dict:
    before = {a.network.ref: a.share for a in incident.affected_networks.select_related("network")}
    incident.affected_networks.all().delete()
    AffectedNetwork.objects.bulk_create([AffectedNetwork(incident=incident, network=n, share=s) for n, s in rows])
    after = {n.ref: s for n, s in rows}
    return {"networks": [before, after]} if before != after else {}


def _finish(incident: Incident, *, actor, verb: str, before: dict, extra: dict, now: dt.datetime,
            quiet: frozenset = frozenset()) -> Incident:
    recompute(incident, now=now)
    incident.full_clean(validate_constraints=False)
    incident.save()
    changes = crud.diff(before, crud.snapshot(incident)) if verb == "update" else {
        k: [None, v] for k, v in crud.snapshot(incident).items()}
    for name in quiet:  # figures that move with the clock alone are not news for the audit trail
        changes.pop(name, None)
    changes.update(extra)
    events = [crud.pending_for(verb, incident, changes)] if changes else []
    record_events(actor=actor, events=events + evaluate_obligations(incident=incident, actor=actor, now=now))
    return incident


def create_incident(*, actor, title: str, kind: str, networks: list[dict], impact_started: dt.datetime,
                    detected: dt.datetime, resolved: dt.datetime | None = None, personal_data: bool = False,
                    status: str = Status.DECLARED, sites=None, suppliers=None, items=None,
                    alert_key: str = "", **fields: Any) -> Incident:
    """A new incident. Created by a person it is declared at once; `resolved` walks it to resolved
    (mitigation taken as the resolution when not given), each step on the timeline."""
    unknown = set(fields) - set(EDITABLE) - {"mitigated_at", "declared_at"}
    if unknown:
        raise ValidationError({name: "not a field of an incident" for name in sorted(unknown)})
    if status not in (Status.CANDIDATE, Status.DECLARED):
        raise ValidationError({"status": "a new incident is a candidate or declared"})
    if kind not in IncidentKind.values:
        raise ValidationError({"kind": f"choose one of {', '.join(IncidentKind.values)}"})
    rows = resolve_networks(networks or [])
    if not rows and kind != IncidentKind.SUPPLY_DISRUPTION:
        raise ValidationError({"networks": "name at least one affected customer network"})
    now = timezone.now()
    mitigated_at, declared_at = fields.pop("mitigated_at", None), fields.pop("declared_at", None)
    with transaction.atomic():
        incident = Incident(ref=next_ref(impact_started), title=title, kind=kind, impact_started_at=impact_started,
                            detected_at=detected, personal_data=personal_data, status=Status.CANDIDATE,
                            alert_key=alert_key, **fields)
        if status == Status.DECLARED or resolved:
            incident.status = Status.DECLARED
            incident.declared_at = declared_at or (detected if resolved else max(now, detected))
            incident.acknowledged_at = incident.acknowledged_at or incident.declared_at
        if resolved:
            incident.status = Status.RESOLVED
            incident.investigating_at = incident.declared_at
            incident.mitigated_at = mitigated_at or resolved
            incident.resolved_at = resolved
        check_order(incident)
        recompute(incident, now=now)
        incident.full_clean(validate_constraints=False)
        incident.save()
        _replace_networks(incident, rows)
        links = _set_map_links(incident, sites=sites, suppliers=suppliers, items=items)
        timeline(incident=incident, kind=TimelineKind.STATUS_CHANGE, actor=actor, at=detected,
                 text=f"Opened as {incident.get_status_display().lower()}: {title}")
        if resolved:
            timeline(incident=incident, kind=TimelineKind.STATUS_CHANGE, actor=actor, at=resolved, text="Resolved")
        incident = _finish(incident, actor=actor, verb="create", before={},
                           extra={"networks": [None, {n.ref: s for n, s in rows}], **links}, now=now)
        if resolved:
            open_review(actor=actor, incident=incident)
        return incident


def update_incident(*, actor, incident: Incident, expected_version: int | None = None, networks: list[dict] | None = None,
                    sites=None, suppliers=None, items=None, **fields: Any) -> Incident:
    """Change what is known about the incident (not its status: see `transition`)."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError({name: "cannot be changed here" + (" (use a status transition)" if name in (
            "status", *STATUS_TIMESTAMP.values()) else "") for name in sorted(unknown)})
    now = timezone.now()
    with transaction.atomic():
        current = locked(incident, expected_version=expected_version)
        before = crud.snapshot(current)
        for name, value in fields.items():
            setattr(current, name, value)
        check_order(current)
        extra = {}
        if networks is not None:
            extra.update(_replace_networks(current, resolve_networks(networks)))
        extra.update(_set_map_links(current, sites=sites, suppliers=suppliers, items=items))
        current.version += 1
        changed = sorted(k for k in crud.diff(before, crud.snapshot(current)) if k != "version") + sorted(extra)
        if changed:
            timeline(incident=current, kind=TimelineKind.CHANGE, actor=actor, at=now,
                     text="Changed " + ", ".join(n.replace("_at", "").replace("_", " ") for n in changed))
        return _finish(current, actor=actor, verb="update", before=before, extra=extra, now=now)


def transition(*, actor, incident: Incident, to: str, at: dt.datetime | None = None,
               expected_version: int | None = None, note: str = "") -> Incident:
    """Move the incident one step along its path; any other move is refused, naming the allowed ones."""
    now = timezone.now()
    at = at or now
    with transaction.atomic():
        current = locked(incident, expected_version=expected_version)
        allowed = TRANSITIONS.get(current.status, ())
        if to not in allowed:
            nexts = " or ".join(Status(s).label.lower() for s in allowed) or "nothing (it is final)"
            raise ValidationError({"status": f"{current.ref} is {current.get_status_display().lower()}: it can move to "
                                             f"{nexts}, not to {to!r}"})
        if to == Status.CLOSED and not current.review_completed:
            raise ValidationError({"status": f"{current.ref} closes once its post-incident review is completed"})
        before = crud.snapshot(current)
        current.status = to
        setattr(current, STATUS_TIMESTAMP[to], at)
        if to == Status.DECLARED and current.acknowledged_at is None:
            current.acknowledged_at = at
        if to == Status.DECLINED:
            current.alert_key = current.alert_key  # keeps the key; the unique index covers open incidents only
        check_order(current)
        current.version += 1
        timeline(incident=current, kind=TimelineKind.STATUS_CHANGE, actor=actor, at=at,
                 text=f"{Status(to).label}" + (f": {note}" if note else ""), data={"from": before["status"], "to": to})
        current = _finish(current, actor=actor, verb="update", before=before, extra={}, now=now)
        if to == Status.RESOLVED:
            open_review(actor=actor, incident=current)
        return current


def refresh_open_incidents(*, now: dt.datetime | None = None) -> int:
    """Re-evaluate open incidents as time passes (thresholds met while ongoing): run every minute."""
    count = 0
    for incident in Incident.objects.filter(status__in=[Status.DECLARED, Status.INVESTIGATING, Status.MITIGATED]):
        with transaction.atomic():
            before = crud.snapshot(incident)
            _finish(incident, actor=None, verb="update", before=before, extra={}, now=now or timezone.now(),
                    quiet=frozenset({"user_minutes"}))
        count += 1
    return count
