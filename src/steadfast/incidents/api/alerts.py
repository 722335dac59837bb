"""POST /alerts: monitoring systems report; the first alert of a dedup key opens a candidate."""

from __future__ import annotations

from ninja import Status

from steadfast.core.api.schemas import Page
from steadfast.core.api.throttling import alert_throttles
from steadfast.incidents import services
from steadfast.incidents.api.base import ALERTS, router
from steadfast.incidents.api.schemas import AlertBatchIn, AlertIn, AlertOut


@router.post("/alerts", response={200: AlertOut, 201: AlertOut}, auth=ALERTS,
             throttle=alert_throttles())
def receive_alert(request, body: AlertIn):
    actor = None if request.alert_source is not None else request.user
    alert, created = services.receive_alert(actor=actor, **body.model_dump())
    out = {"alert_id": alert.pk, "incident_id": alert.incident_id, "incident_ref": alert.incident.ref, "created": created}
    return Status(201 if created else 200, out)


@router.post("/alerts/batch", response=Page[AlertOut], auth=ALERTS, throttle=alert_throttles())
def receive_alert_batch(request, body: AlertBatchIn):
    """Up to 1,000 alerts at once, all or nothing; each item says whether it was new."""
    actor = None if request.alert_source is not None else request.user
    results = services.receive_alerts(actor=actor, alerts=[a.model_dump() for a in body.alerts])
    items = [{"alert_id": a.pk, "incident_id": a.incident_id, "incident_ref": a.incident.ref, "created": created}
             for a, created in results]
    return {"count": len(items), "items": items}
