"""POST /alerts: monitoring systems report; the first alert of a dedup key opens a candidate."""

from __future__ import annotations

from ninja import Status

from steadfast.incidents import services
from steadfast.incidents.api.base import ALERTS, router
from steadfast.incidents.api.schemas import AlertIn, AlertOut


@router.post("/alerts", response={200: AlertOut, 201: AlertOut}, auth=ALERTS)
def receive_alert(request, body: AlertIn):
    actor = None if request.alert_source is not None else request.user
    alert, created = services.receive_alert(actor=actor, **body.model_dump())
    out = {"alert_id": alert.pk, "incident_id": alert.incident_id, "incident_ref": alert.incident.ref, "created": created}
    return Status(201 if created else 200, out)
