"""Request and response bodies of /incidents, /alerts and the war-room sub-resources."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import AwareDatetime, field_validator

from steadfast.core.api.schemas import ListQuery, StrictSchema
from steadfast.incidents.models import (
    AlertSeverity,
    CauseCategory,
    Hazard,
    IncidentKind,
    IncidentRole,
    ServiceImpact,
    Status,
    UpdateKind,
)
from steadfast.incidents.regions import regions
from steadfast.incidents.selectors import visible_impact

REF_OR_ID = "the customer network's ref (string) or id (integer)"


class NetworkShareIn(StrictSchema):
    network: str | int = Field(..., description=REF_OR_ID)
    share: float = Field(..., description="share of the network's subscribers affected, above 0 and at most 1")


class IncidentIn(StrictSchema):
    title: str = Field(..., min_length=1, max_length=200)
    kind: IncidentKind
    networks: list[NetworkShareIn] = Field(default_factory=list)
    impact_started: AwareDatetime
    detected: AwareDatetime
    resolved: AwareDatetime | None = None
    personal_data: bool = False
    summary: str = ""
    service_impact: ServiceImpact = ServiceImpact.UNKNOWN
    cause_category: CauseCategory = CauseCategory.UNKNOWN
    hazard: Hazard = Hazard.NONE
    nis2_significant: bool = False
    status: Status = Field(Status.DECLARED, description="candidate or declared")
    sites: list[str | int] | None = None
    suppliers: list[str | int] | None = None
    items: list[str | int] | None = None


class IncidentPatch(StrictSchema):
    version: int | None = Field(None, description="the version you read: a stale one answers 409 with the current state")
    status: Status | None = Field(None, description="move one step along the path (candidate → declared → …)")
    at: AwareDatetime | None = Field(None, description="when the status changed (default now)")
    title: str | None = Field(None, min_length=1, max_length=200)
    summary: str | None = None
    kind: IncidentKind | None = None
    service_impact: ServiceImpact | None = None
    cause_category: CauseCategory | None = None
    hazard: Hazard | None = None
    personal_data: bool | None = None
    nis2_significant: bool | None = None
    impact_started: AwareDatetime | None = None
    detected: AwareDatetime | None = None
    networks: list[NetworkShareIn] | None = None
    sites: list[str | int] | None = None
    suppliers: list[str | int] | None = None
    items: list[str | int] | None = None


class AffectedNetworkOut(Schema):
    network: str
    network_id: int
    country: str
    share: float
    subscribers_affected: int

    @staticmethod
    def resolve_network(obj):
        return obj.network.ref

    @staticmethod
    def resolve_country(obj):
        return obj.network.country


class IncidentOut(Schema):
    id: int
    ref: str
    title: str
    summary: str
    kind: str
    severity: str
    status: str
    service_impact: str
    cause_category: str
    hazard: str
    personal_data: bool
    nis2_significant: bool
    impact_started: dt.datetime = Field(..., alias="impact_started_at")
    detected: dt.datetime = Field(..., alias="detected_at")
    declared: dt.datetime | None = Field(None, alias="declared_at")
    acknowledged: dt.datetime | None = Field(None, alias="acknowledged_at")
    mitigated: dt.datetime | None = Field(None, alias="mitigated_at")
    resolved: dt.datetime | None = Field(None, alias="resolved_at")
    closed: dt.datetime | None = Field(None, alias="closed_at")
    subscribers_affected: int
    user_minutes: int
    version: int
    networks: list[AffectedNetworkOut]

    @staticmethod
    def resolve_severity(obj):
        return f"SEV{obj.severity}"

    @staticmethod
    def resolve_networks(obj, context):
        return _impact(obj, context)["networks"]

    @staticmethod
    def resolve_subscribers_affected(obj, context):
        return _impact(obj, context)["subscribers_affected"]

    @staticmethod
    def resolve_user_minutes(obj, context):
        return _impact(obj, context)["user_minutes"]


def _impact(obj, context) -> dict:
    """What the caller may see of the incident's impact (selectors.visible_impact), once per object."""

    request = (context or {}).get("request")
    cached = getattr(obj, "_visible_impact", None)
    if cached is None:
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            cached = {"networks": list(obj.affected_networks.all()), "subscribers_affected": obj.subscribers_affected,
                      "user_minutes": obj.user_minutes}
        else:
            cached = visible_impact(user=user, incident=obj)
        obj._visible_impact = cached
    return cached


class IncidentRow(Schema):
    id: int
    ref: str
    title: str
    kind: str
    severity: str
    status: str
    impact_started: dt.datetime = Field(..., alias="impact_started_at")
    resolved: dt.datetime | None = Field(None, alias="resolved_at")
    subscribers_affected: int
    user_minutes: int

    @staticmethod
    def resolve_severity(obj):
        return f"SEV{obj.severity}"


class IncidentFilter(ListQuery):
    status: Status | None = None
    severity: int | None = Field(None, ge=1, le=4)
    kind: IncidentKind | None = None
    country: str = ""
    region: str = Field("", description="a continent as on the board, e.g. Europe")
    customer: str = Field("", description="the customer's ref, or part of its name")
    commander: str = Field("", description="username of a person who held the incident commander role")
    open: bool = False

    @field_validator("region")
    @classmethod
    def _known_region(cls, value: str) -> str:
        if value and value not in regions():
            raise ValueError(f"one of {', '.join(regions())}")
        return value


class TimelineOut(Schema):
    id: int
    kind: str
    at: dt.datetime
    actor: str
    text: str
    data: dict

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.username if obj.actor_id else "system"


class UpdateIn(StrictSchema):
    kind: UpdateKind = UpdateKind.TACTICAL
    conditions: str = ""
    actions: str = ""
    needs: str = ""
    summary: str = ""


class UpdateOut(Schema):
    id: int
    kind: str
    conditions: str
    actions: str
    needs: str
    summary: str
    published: dt.datetime | None = Field(None, alias="published_at")


class ObligationOut(Schema):
    id: int
    code: str
    regime: str
    rule: str
    authority: str
    legal_source: str
    clock_started: dt.datetime = Field(..., alias="clock_started_at")
    due: dt.datetime = Field(..., alias="due_at")
    submitted: dt.datetime | None = Field(None, alias="submitted_at")
    status: str = Field(..., alias="state")
    report_fields: dict


class SubmissionIn(StrictSchema):
    submitted: AwareDatetime | None = None
    reference: str = Field("", max_length=100)


class RoleIn(StrictSchema):
    role: IncidentRole
    person: str = Field(..., description="username")
    at: AwareDatetime | None = None


class RoleOut(Schema):
    id: int
    role: str
    person: str
    assumed: dt.datetime = Field(..., alias="assumed_at")
    handed_over: dt.datetime | None = Field(None, alias="handed_over_at")

    @staticmethod
    def resolve_person(obj):
        return obj.person.username


class AlertIn(StrictSchema):
    dedup_key: str = Field(..., min_length=1, max_length=200)
    source: str = Field(..., min_length=1, max_length=100)
    network: str = Field(..., description="the customer network's ref")
    severity: AlertSeverity
    summary: str = Field(..., min_length=1, max_length=500)
    occurred_at: AwareDatetime | None = None


class AlertBatchIn(StrictSchema):
    alerts: list[AlertIn] = Field(..., min_length=1, max_length=1000)


class AlertOut(Schema):
    alert_id: int
    incident_id: int
    incident_ref: str
    created: bool


class ReviewActionOut(Schema):
    id: int
    title: str
    owner: str
    due_date: dt.date
    closed: dt.datetime | None = Field(None, alias="closed_at")

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.username


class ReviewOut(Schema):
    due: dt.datetime = Field(..., alias="due_at")
    completed: dt.datetime | None = Field(None, alias="completed_at")
    timeline_summary: str
    contributing_factors: str
    went_well: str
    went_badly: str
    actions: list[ReviewActionOut]

    @staticmethod
    def resolve_actions(obj):
        return list(obj.actions.all())


class WebhookIn(StrictSchema):
    customer: str = Field(..., description="the customer's ref")
    url: str = Field(..., max_length=500)


class WebhookOut(Schema):
    id: int
    customer: str
    url: str
    active: bool

    @staticmethod
    def resolve_customer(obj):
        return obj.customer.ref


class WebhookCreated(WebhookOut):
    secret: str = Field(..., description="shown once: verify X-Steadfast-Signature with it")


class DeliveryOut(Schema):
    id: int
    incident: str
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str
    delivered: dt.datetime | None = Field(None, alias="delivered_at")
    next_attempt: dt.datetime | None = Field(None, alias="next_attempt_at")
    log: list

    @staticmethod
    def resolve_incident(obj):
        return obj.update.incident.ref
