"""Inbound alerts: the first with a dedup key opens a candidate, later ones attach, repeats change nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.incidents.models import (
    OPEN_STATUSES,
    Alert,
    AlertSeverity,
    AlertSource,
    Incident,
    Status,
    TimelineEntry,
    TimelineKind,
)
from steadfast.incidents.services.common import timeline
from steadfast.incidents.services.incidents import create_incident
from steadfast.network.models import CustomerNetwork

TOKEN_PREFIX = "sfa_"
# A candidate from an alert assumes the whole network is hit until a person says otherwise
# ("when unsure, the higher").
CANDIDATE_SHARE = {AlertSeverity.CRITICAL: 1.0, AlertSeverity.MAJOR: 0.5, AlertSeverity.MINOR: 0.1, AlertSeverity.WARNING: 0.05}


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_alert_source(*, actor, name: str) -> tuple[AlertSource, str]:
    """A monitoring system's token: shown once; it opens POST /api/v1/alerts and nothing else."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "name the monitoring system"})
    if len(name) > AlertSource._meta.get_field("name").max_length:
        raise ValidationError({"name": "at most 100 characters"})
    if AlertSource.objects.filter(name=name).exists():
        raise ValidationError({"name": f"an alert source named {name!r} exists already"})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    source = crud.create(actor=actor, model=AlertSource, name=name, prefix=secret[:10], key_hash=hash_token(secret))
    return source, secret


LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def source_for_token(secret: str) -> AlertSource | None:
    """The active source of a token, its `last_used_at` stamped (at most once a minute, so that a
    busy monitoring system does not write on every alert)."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    source = AlertSource.objects.filter(key_hash=hash_token(secret), revoked_at__isnull=True).first()
    if source is not None:
        now = timezone.now()
        if source.last_used_at is None or source.last_used_at < now - LAST_USED_RESOLUTION:
            AlertSource.objects.filter(pk=source.pk).update(last_used_at=now)
            source.last_used_at = now
    return source


def fingerprint(payload: dict) -> str:
    return hashlib.sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def receive_alert(*, actor, dedup_key: str, source: str, network: str, severity: str, summary: str,
                  occurred_at: dt.datetime | None = None) -> tuple[Alert, bool]:
    """Record an alert; returns (alert, created). The same alert again is (the first one, False)."""
    payload = {"dedup_key": dedup_key, "source": source, "network": network, "severity": severity, "summary": summary,
               "occurred_at": occurred_at.isoformat() if occurred_at else None}
    digest = fingerprint(payload)
    existing = Alert.objects.filter(fingerprint=digest).first()
    if existing is not None:
        return existing, False
    if severity not in AlertSeverity.values:
        raise ValidationError({"severity": f"choose one of {', '.join(AlertSeverity.values)}"})
    target = CustomerNetwork.objects.filter(ref=network).first()
    if target is None:
        raise ValidationError({"network": f"no customer network with ref {network!r}"})
    now = timezone.now()
    when = occurred_at or now
    if when > now + dt.timedelta(minutes=2):
        raise ValidationError({"occurred_at": "in the future"})
    try:
        with transaction.atomic():
            return _attach(actor=actor, digest=digest, dedup_key=dedup_key, source=source, network=target,
                           severity=severity, summary=summary, when=when, now=now), True
    except IntegrityError:
        # A concurrent writer stored the same alert, or opened the candidate for this key, first.
        existing = Alert.objects.filter(fingerprint=digest).first()
        if existing is not None:
            return existing, False
        with transaction.atomic():
            return _attach(actor=actor, digest=digest, dedup_key=dedup_key, source=source, network=target,
                           severity=severity, summary=summary, when=when, now=now), True


def _attach(*, actor, digest, dedup_key, source, network, severity, summary, when, now) -> Alert:
    incident = Incident.objects.filter(alert_key=dedup_key, status__in=OPEN_STATUSES).first()
    if incident is None:
        incident = create_incident(actor=actor, title=summary[:200], kind="outage", status=Status.CANDIDATE,
                                   networks=[{"network": network, "share": CANDIDATE_SHARE[severity]}],
                                   impact_started=when, detected=min(when, now), alert_key=dedup_key)
    alert = Alert.objects.create(incident=incident, fingerprint=digest, dedup_key=dedup_key, source=source,
                                 network=network, severity=severity, summary=summary, received_at=now)
    timeline(incident=incident, kind=TimelineKind.ALERT, actor=actor, at=when,
             text=f"Alert from {source} ({severity}) on {network.ref}: {summary}", data={"alert": alert.pk})
    record_events(actor=actor, events=[crud.pending_for("create", alert, {"dedup_key": [None, dedup_key],
                                                                          "network": [None, network.ref]})])
    return alert


def receive_alerts(*, actor, alerts: list[dict]) -> list[tuple[Alert, bool]]:
    """A batch (as Alertmanager and most monitoring systems send them), all or nothing: each row is
    checked first (errors name `alerts.<row>.<field>`), then written in one transaction with one
    append to the audit chain. Returns (alert, created) per row, in order."""
    now = timezone.now()
    digests = [fingerprint({"dedup_key": a["dedup_key"], "source": a["source"], "network": a["network"],
                            "severity": a["severity"], "summary": a["summary"],
                            "occurred_at": a["occurred_at"].isoformat() if a.get("occurred_at") else None})
               for a in alerts]
    networks = {n.ref: n for n in CustomerNetwork.objects.filter(ref__in={a["network"] for a in alerts})}
    for row, alert in enumerate(alerts):
        if alert["severity"] not in AlertSeverity.values:
            raise ValidationError({f"alerts.{row}.severity": f"choose one of {', '.join(AlertSeverity.values)}"})
        if alert["network"] not in networks:
            raise ValidationError({f"alerts.{row}.network": f"no customer network with ref {alert['network']!r}"})
        if alert.get("occurred_at") and alert["occurred_at"] > now + dt.timedelta(minutes=2):
            raise ValidationError({f"alerts.{row}.occurred_at": "in the future"})
    with transaction.atomic():
        known = {a.fingerprint: a for a in Alert.objects.filter(fingerprint__in=set(digests)).select_related("incident")}
        keys = {a["dedup_key"] for a, d in zip(alerts, digests, strict=True) if d not in known}
        incidents = {i.alert_key: i for i in Incident.objects.filter(alert_key__in=keys, status__in=OPEN_STATUSES)}
        results, new_alerts, entries, events = [], [], [], []
        for alert, digest in zip(alerts, digests, strict=True):
            if digest in known:
                results.append((known[digest], False))
                continue
            network, when = networks[alert["network"]], alert.get("occurred_at") or now
            incident = incidents.get(alert["dedup_key"])
            if incident is None:
                incident = create_incident(actor=actor, title=alert["summary"][:200], kind="outage",
                                           status=Status.CANDIDATE, impact_started=min(when, now), detected=min(when, now),
                                           networks=[{"network": network, "share": CANDIDATE_SHARE[alert["severity"]]}],
                                           alert_key=alert["dedup_key"])
                incidents[alert["dedup_key"]] = incident
            stored = Alert(incident=incident, fingerprint=digest, dedup_key=alert["dedup_key"], source=alert["source"],
                           network=network, severity=alert["severity"], summary=alert["summary"], received_at=now)
            known[digest] = stored
            new_alerts.append((stored, when))
            results.append((stored, True))
        Alert.objects.bulk_create([a for a, _ in new_alerts])
        for stored, when in new_alerts:
            entries.append(TimelineEntry(incident=stored.incident, kind=TimelineKind.ALERT, actor=actor, at=when,
                                         text=f"Alert from {stored.source} ({stored.severity}) on {stored.network.ref}: "
                                              f"{stored.summary}"[:2000], data={"alert": stored.pk}))
            events.append(crud.pending_for("create", stored, {"dedup_key": [None, stored.dedup_key],
                                                              "network": [None, stored.network.ref]}))
        TimelineEntry.objects.bulk_create(entries)
        record_events(actor=actor, events=events)
        return results


def revoke_alert_source(*, actor, source: AlertSource) -> AlertSource:
    if source.revoked_at is not None:
        return source
    return crud.update(actor=actor, instance=source, revoked_at=timezone.now())
