"""Bodies, filters and answers of the transparency API."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Field, Schema

from steadfast.core.api.schemas import ListQuery, StrictSchema
from steadfast.transparency.models import Service


class PeriodQuery(Schema):
    period: int | None = Field(None, ge=2000, le=2100, description="a calendar year (default: last year)")


class FigureOut(Schema):
    name: str
    title: str
    definition: str
    formula: str
    period_kind: str = Field(description="'in the period' or 'at publication'")
    unit: str
    value: float | int | None = Field(description="null when it cannot be computed yet (e.g. no continuity run)")
    records: int = Field(description="how many records are behind it (the drill-down's count)")


class FiguresOut(Schema):
    period: dict
    count: int
    items: list[FigureOut]


class RecordQuery(ListQuery):
    period: int | None = Field(None, ge=2000, le=2100, description="a calendar year (default: last year)")


class RecordOut(Schema):
    id: str
    label: str
    detail: str
    amount: float | None


class PublicationOut(Schema):
    id: int
    period_label: str
    period_start: dt.date
    period_end: dt.date
    published_at: dt.datetime
    sha256: str = Field(description="SHA-256 of the snapshot's RFC 8785 canonical bytes (what the signature covers)")
    supersedes_id: int | None
    correction_note: str
    file_url: str = Field(description="the signed publication, public: {snapshot, signature, public_key}")

    @staticmethod
    def resolve_file_url(obj) -> str:
        return reverse("transparency:publication_file", kwargs={"publication_id": obj.pk})


class PublicationDetailOut(PublicationOut):
    snapshot: dict
    signature: str
    public_key: str


class RoomOut(Schema):
    id: int
    name: str
    capacity: int


class CentreOut(Schema):
    id: int
    ref: str
    name: str
    city: str
    country: str
    services: list[str] = Field(description="what a session here may be: the `service` values POST /evaluations takes")
    rooms: list[RoomOut]

    @staticmethod
    def resolve_services(obj) -> list[str]:
        return [value for value, _ in Service.choices if obj.offers(value)]

    @staticmethod
    def resolve_rooms(obj) -> list:
        return list(obj.rooms.all())


class EvaluationFilter(ListQuery):
    status: str = Field("", description="requested, approved, scheduled, held, reported, rejected or cancelled")
    centre: int | None = Field(None, ge=1, description="a centre's id")


class EvaluationOut(Schema):
    id: int
    ref: str
    title: str
    service: str
    status: str
    centre_id: int = Field(..., alias="room.centre_id")
    room_id: int
    organisation: str
    country: str
    attendees: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    held_on: dt.date | None


class EvaluatedVersionOut(Schema):
    product_ref: str = Field(..., alias="product.ref")
    version: str
    sbom_sha256: str


class EvaluationFindingOut(Schema):
    id: int
    title: str
    severity: int
    status: str
    due_on: dt.date


class EvaluationDetailOut(EvaluationOut):
    report_summary: str
    versions: list[EvaluatedVersionOut]
    findings: list[EvaluationFindingOut]

    @staticmethod
    def resolve_versions(obj) -> list:
        return list(obj.versions.all())

    @staticmethod
    def resolve_findings(obj) -> list:
        return list(obj.findings.all())


class EvaluationIn(StrictSchema):
    room: int = Field(ge=1, description="the room's id (GET /centres lists them)")
    service: str
    title: str = Field(min_length=1, max_length=255)
    starts_at: dt.datetime
    ends_at: dt.datetime
    attendees: int = Field(1, ge=1, le=200)
    organisation: str = Field("", max_length=255, description="staff booking for someone: who evaluates")
    country: str = Field("", max_length=2, description="a regulator: the country it books for; staff: the organisation's")
    notes: str = Field("", max_length=2000)


class StepIn(StrictSchema):
    action: str = Field("", max_length=16, description="approve, reject, schedule, hold, report or cancel (required)")
    report_summary: str = Field("", max_length=10000)


class DocumentFilter(ListQuery):
    kind: str = Field("", description="certificate, pentest, sbom, whitepaper, …")


class DocumentOut(Schema):
    id: int
    title: str
    kind: str
    format: str
    filename: str
    sha256: str
    size: int
    issued_on: dt.date | None
    access_days: int
    product_version: str


class AccessFilter(ListQuery):
    status: str = Field("", description="requested, nda_accepted, approved, rejected or revoked (an approved grant past its expiry reads expired)")


class AccessOut(Schema):
    id: int
    document_id: int
    requester: str
    reason: str
    status: str
    state: str = Field(description="as the portal shows it: 'Expired' once an approved grant has run out")
    nda_sha256: str
    nda_accepted_at: dt.datetime | None
    decided_at: dt.datetime | None
    decision_note: str
    expires_at: dt.datetime | None

    @staticmethod
    def resolve_requester(obj) -> str:
        return obj.requester.username

    @staticmethod
    def resolve_state(obj) -> str:
        return obj.state_label


# Bodies on an object in the path are checked after the object is found in the caller's scope (so
# another's request is a 404 whatever the body): their fields default to "" and the service checks them.
class AccessIn(StrictSchema):
    reason: str = Field("", max_length=500, description="why the document is needed (required; it goes to its owner)")


class NdaIn(StrictSchema):
    nda_sha256: str = Field("", max_length=64,
                            description="the SHA-256 of the NDA version read (GET /nda-versions, the current one)")


class NdaOut(Schema):
    id: int
    version: str
    title: str
    text: str
    sha256: str
    effective_on: dt.date
    current: bool = False


class DecisionIn(StrictSchema):
    decision: str = Field("", max_length=10, description="approve or reject (required)")
    note: str = Field("", max_length=500)
