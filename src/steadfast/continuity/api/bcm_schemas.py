"""Bodies of the BCM organisation, service BIA and plan/exercise edit operations."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from steadfast.core.api.schemas import StrictSchema


class OwnerIn(StrictSchema):
    scope: str = Field(description="product, site or supplier_tier")
    product: str | None = Field(None, description="product ref (scope product)")
    site: str | None = Field(None, description="site ref (scope site)")
    supplier_tier: int | None = Field(None, description="1-9 (scope supplier_tier)")
    owner: str = Field(description="username of a continuity manager or administrator")
    deputy: str | None = None
    notes: str = ""


class OwnerPatch(StrictSchema):
    owner: str | None = None
    deputy: str | None = None
    notes: str | None = None


class OwnerOut(Schema):
    id: int
    scope: str
    product_id: int | None
    site_id: int | None
    supplier_tier: int | None
    owner: str = Field(alias="owner.username")
    deputy: str | None = None
    notes: str

    @staticmethod
    def resolve_deputy(obj) -> str | None:
        return obj.deputy.username if obj.deputy_id else None


class DocumentIn(StrictSchema):
    ref: str
    kind: str = Field(description="policy, scope or objective")
    title: str
    statement: str
    measure: str = ""
    owner: str | None = None
    review_months: int = 12
    reviewed_on: dt.date | None = None


class DocumentPatch(StrictSchema):
    title: str | None = None
    statement: str | None = None
    measure: str | None = None
    owner: str | None = None
    review_months: int | None = None
    status: str | None = Field(None, description="draft or retired; approval is POST …/approve")


class DocumentOut(Schema):
    id: int
    ref: str
    kind: str
    title: str
    statement: str
    measure: str
    owner: str | None = None
    status: str
    version: int
    approved_on: dt.date | None
    reviewed_on: dt.date | None
    review_months: int
    next_review: dt.date | None
    review_overdue: bool

    @staticmethod
    def resolve_owner(obj) -> str | None:
        return obj.owner.username if obj.owner_id else None

    @staticmethod
    def resolve_review_overdue(obj) -> bool:
        return obj.review_overdue(dt.date.today())


class ServiceBiaIn(StrictSchema):
    service_kind: str
    mtpd_days: float
    rto_days: float
    rpo_hours: float | None = None
    mbco_percent: float
    priority: int = 3
    owner_name: str = ""
    reviewed_on: dt.date | None = None
    review_months: int = 12
    notes: str = ""


class ServiceBiaPatch(StrictSchema):
    mtpd_days: float | None = None
    rto_days: float | None = None
    rpo_hours: float | None = None
    mbco_percent: float | None = None
    priority: int | None = None
    owner_name: str | None = None
    reviewed_on: dt.date | None = None
    review_months: int | None = None
    notes: str | None = None


class ServiceBiaOut(Schema):
    id: int
    service_kind: str
    mtpd_days: float
    rto_days: float
    rpo_hours: float | None
    mbco_percent: float
    priority: int
    owner_name: str
    reviewed_on: dt.date | None


class PlanPatch(StrictSchema):
    title: str | None = None
    activation_criteria: str | None = None
    communication_tree: str | None = None
    owner_name: str | None = None
    review_months: int | None = None


class ExercisePatch(StrictSchema):
    title: str | None = None
    kind: str | None = None
    held_on: dt.date | None = None
    plan: str | None = Field(None, description="plan ref")
    participants: str | None = None
    objectives: str | None = None
    outcome: str | None = None
