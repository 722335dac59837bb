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
    if not name.strip():
        raise ValidationError({"name": "name the monitoring system"})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    source = crud.create(actor=actor, model=AlertSource, name=name.strip(), prefix=secret[:10], key_hash=hash_token(secret))
    return source, secret


def source_for_token(secret: str) -> AlertSource | None:
    if not secret.startswith(TOKEN_PREFIX):
        return None
    return AlertSource.objects.filter(key_hash=hash_token(secret), revoked_at__isnull=True).first()


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
