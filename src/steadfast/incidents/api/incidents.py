"""/incidents (list, create, detail, patch) and the war room's sub-resources."""

from __future__ import annotations

from django.http import Http404
from ninja import Query, Status

from steadfast.core.api.errors import problem
from steadfast.core.api.schemas import Page, order, ordered, paginate
from steadfast.incidents import selectors, services
from steadfast.incidents.api.base import CHANGE, VIEW, router
from steadfast.incidents.api.schemas import (
    IncidentFilter,
    IncidentIn,
    IncidentOut,
    IncidentPatch,
    IncidentRow,
    ObligationOut,
    ReviewOut,
    RoleIn,
    RoleOut,
    SubmissionIn,
    TimelineOut,
    UpdateIn,
    UpdateOut,
)

RENAMED = {"impact_started": "impact_started_at", "detected": "detected_at"}


def _networks(rows):
    return None if rows is None else [row.model_dump() for row in rows]


INCIDENT_ORDER = {"ref": "ref", "severity": "severity", "impact_started": "impact_started_at", "status": "status",
    "subscribers_affected": "subscribers_affected", "user_minutes": "user_minutes"}


@router.get("/incidents", response=Page[IncidentRow], auth=VIEW)
def list_incidents(request, query: Query[ordered(IncidentFilter, INCIDENT_ORDER)]):
    qs = selectors.incidents(user=request.user, search=query.search, status=query.status or "", severity=query.severity,
                             kind=query.kind or "", country=query.country, open_only=query.open, region=query.region,
                             customer=query.customer, commander=query.commander)
    return paginate(order(qs, query.ordering, INCIDENT_ORDER, "-impact_started_at"), query)


@router.post("/incidents", response={201: IncidentOut}, auth=CHANGE)
def create_incident(request, body: IncidentIn):
    data = body.model_dump()
    data["networks"] = _networks(body.networks)
    incident = services.create_incident(actor=request.user, **data)
    return Status(201, incident)


@router.get("/incidents/{incident_id}", response=IncidentOut, auth=VIEW)
def get_incident(request, incident_id: int):
    return selectors.incident(user=request.user, incident_id=incident_id)


@router.patch("/incidents/{incident_id}", response={200: IncidentOut}, auth=CHANGE)
def update_incident(request, incident_id: int, body: IncidentPatch):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    data = body.model_dump(exclude_unset=True)
    version, status, at = data.pop("version", None), data.pop("status", None), data.pop("at", None)
    if "networks" in data:
        data["networks"] = _networks(body.networks)
    data = {RENAMED.get(k, k): v for k, v in data.items()}
    try:
        if data:
            incident = services.update_incident(actor=request.user, incident=incident, expected_version=version, **data)
            version = incident.version if version is not None else None
        if status:
            incident = services.transition(actor=request.user, incident=incident, to=status, at=at,
                                           expected_version=version)
    except services.StaleIncident as stale:
        current = IncidentOut.from_orm(stale.current).model_dump(mode="json")
        return problem(409, str(stale), current=current)
    return incident


@router.get("/incidents/{incident_id}/timeline", response=Page[TimelineOut], auth=VIEW)
def incident_timeline(request, incident_id: int, after: int = 0, limit: int = 500):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    qs = selectors.timeline(user=request.user, incident=incident, after_id=after)
    return {"count": qs.count(), "items": list(qs[: max(1, min(limit, 500))])}


@router.get("/incidents/{incident_id}/updates", response=Page[UpdateOut], auth=VIEW)
def incident_updates(request, incident_id: int):
    incident = selectors.incident(user=request.user, incident_id=incident_id)
    items = list(selectors.updates(user=request.user, incident=incident))
    return {"count": len(items), "items": items}


@router.post("/incidents/{incident_id}/updates", response={201: UpdateOut}, auth=CHANGE)
def publish_update(request, incident_id: int, body: UpdateIn):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    return Status(201, services.publish_update(actor=request.user, incident=incident, **body.model_dump()))


@router.get("/incidents/{incident_id}/obligations", response=Page[ObligationOut], auth=VIEW)
def incident_obligations(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    items = list(selectors.obligations(user=request.user, incident=incident))
    return {"count": len(items), "items": items}


@router.post("/incidents/{incident_id}/obligations/{obligation_id}/submission", response=ObligationOut, auth=CHANGE)
def submit_obligation(request, incident_id: int, obligation_id: int, body: SubmissionIn):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    obligation = selectors.obligation(user=request.user, incident=incident, obligation_id=obligation_id)
    services.submit_obligation(actor=request.user, obligation=obligation, submitted_at=body.submitted,
                               reference=body.reference)
    return selectors.obligation(user=request.user, incident=incident, obligation_id=obligation_id)


@router.post("/incidents/{incident_id}/roles", response={201: RoleOut}, auth=CHANGE)
def assign_role(request, incident_id: int, body: RoleIn):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    return Status(201, services.assign_role(actor=request.user, incident=incident, **body.model_dump()))


@router.get("/incidents/{incident_id}/review", response=ReviewOut, auth=VIEW)
def incident_review(request, incident_id: int):
    incident = selectors.staff_incident(user=request.user, incident_id=incident_id)
    review = selectors.review(user=request.user, incident=incident)
    if review is None:
        raise Http404
    return review
