"""Bodies and filters of the privacy API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from steadfast.core.api.schemas import ListQuery


class DpaFilter(ListQuery):
    status: str = Field("", description="draft, sent, signed, active, expiring, expired or terminated")
    supplier: str = Field("", description="the supplier's ref, or its id")
    clauses: str = Field("", description="complete, incomplete or unchecked (Art. 28 checklist)")


class DpaOut(Schema):
    id: int
    ref: str
    supplier_id: int
    supplier_ref: str = Field(..., alias="supplier.ref")
    supplier_name: str = Field(..., alias="supplier.legal_name")
    relationship: str
    status: str
    signed_on: dt.date | None
    effective_on: dt.date | None
    expires_on: dt.date | None
    auto_renews: bool
    breach_notice_hours: int
    subprocessor_authorisation: str
    objection_window_days: int | None
    audit_rights: bool
    return_or_delete: str
    document_sha256: str | None = None
    clauses_present: int | None = None

    @staticmethod
    def resolve_document_sha256(obj) -> str | None:
        return obj.current_document.sha256 if obj.current_document_id else None


class ClauseOut(Schema):
    key: str
    title: str
    status: str
    passage: str


class DpaDetailOut(DpaOut):
    checklist: list[ClauseOut]


class ActivityFilter(ListQuery):
    our_role: str = ""
    legal_basis: str = ""


class ActivityOut(Schema):
    id: int
    ref: str
    name: str
    our_role: str
    purpose: str
    legal_basis: str
    special_condition: str
    data_categories: list[str]
    subject_categories: list[str]
    countries: list[str]
    recipients: str
    retention: str
    security_measures: str
    controller_name: str
    processor_ids: list[int]
    item_ids: list[int]
    control_ids: list[int]

    @staticmethod
    def resolve_processor_ids(obj) -> list[int]:
        return [s.pk for s in obj.processors.all()]

    @staticmethod
    def resolve_item_ids(obj) -> list[int]:
        return [i.pk for i in obj.items.all()]

    @staticmethod
    def resolve_control_ids(obj) -> list[int]:
        return [c.pk for c in obj.controls.all()]


class TransferFilter(ListQuery):
    mechanism: str = ""
    destination: str = Field("", description="ISO 3166-1 alpha-2")
    flagged: bool = Field(False, description="only transfers without a mechanism or with a missing/overdue TIA")


class TransferOut(Schema):
    id: int
    ref: str
    origin_country: str
    destination_country: str
    mechanism: str
    recipient_id: int | None
    recipient_name: str
    adequate: bool
    tia_review: dt.date | None
    flag: str = ""


class BreachFilter(ListQuery):
    risk: str = ""
    late: bool = Field(False, description="only breaches notified to the authority more than 72 h after awareness")


class BreachOut(Schema):
    id: int
    ref: str
    title: str
    risk: str
    aware_at: dt.datetime
    authority: str
    authority_notified_at: dt.datetime | None
    hours_to_authority: float | None
    notified_late: bool
    late_reason: str
    subjects_notified_at: dt.datetime | None
    subjects_approx: int
    records_approx: int
    dpa_id: int | None
    incident_id: int | None = Field(None, description="the major incident it came out of")
    incident_ref: str = Field("", description="a reference outside Steadfast")
