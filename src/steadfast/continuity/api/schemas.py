"""Request and response bodies of the continuity API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from steadfast.core.api.schemas import ListQuery, StrictSchema


class RunIn(StrictSchema):
    label: str = Field("", max_length=200)
    default_ttr_days: float = Field(14.0, description="days, > 0: for sources and sites that give none")


class RunOut(Schema):
    id: int
    label: str
    status: str
    created_at: dt.datetime
    finished_at: dt.datetime | None
    default_ttr_days: float
    map_fingerprint: str
    nodes: int
    sites: int
    scenarios: int
    at_risk: int
    baseline_tts_days: float | None
    job_id: int | None


class ResultFilter(ListQuery):
    kind: str = Field("", pattern="^(|node|site)$")
    at_risk: bool | None = None


class ResultOut(Schema):
    kind: str
    ref: str
    source_id: int | None
    site_id: int | None
    ttr_days: float
    tts_days: float | None = Field(description="null: unbounded")
    pi: float
    rei: float
    at_risk: bool


class ScenarioIn(StrictSchema):
    selection: str = Field(description="sites, suppliers, countries or circle")
    refs: list[str] = Field(default_factory=list, description="site or supplier refs, or ISO country codes")
    latitude: float | None = None
    longitude: float | None = None
    radius_km: float | None = None
    ttr_days: float = 14.0
    extra_inventory: dict[str, float] = Field(default_factory=dict, description="what-if: source ref → extra units")
    second_source: dict[str, str] = Field(default_factory=dict, description="what-if: source ref → site ref of a copy")


class SavedScenarioOut(Schema):
    id: int
    name: str
    hazard: str
    selection: str
    refs: list[str]
    latitude: float | None
    longitude: float | None
    radius_km: float | None
    ttr_days: float
    last_run_at: dt.datetime | None
    last_result: dict


class BiaIn(StrictSchema):
    product: str | int
    mtpd_days: float
    rto_days: float
    rpo_hours: float | None = None
    mbco_percent: float
    priority: int = 3
    owner_name: str = ""
    reviewed_on: dt.date | None = None
    review_months: int = 12
    notes: str = ""


class BiaPatch(StrictSchema):
    mtpd_days: float | None = None
    rto_days: float | None = None
    rpo_hours: float | None = None
    mbco_percent: float | None = None
    priority: int | None = None
    owner_name: str | None = None
    reviewed_on: dt.date | None = None
    review_months: int | None = None
    notes: str | None = None


class BiaOut(Schema):
    id: int
    product_id: int
    product_ref: str = Field(alias="product.ref")
    mtpd_days: float
    rto_days: float
    rpo_hours: float | None
    mbco_percent: float
    priority: int
    owner_name: str
    reviewed_on: dt.date | None


class PlanOut(Schema):
    id: int
    ref: str
    title: str
    hazard: str
    scope: str
    site_id: int | None
    supplier_id: int | None
    product_id: int | None
    country: str
    status: str
    review_months: int
    last_reviewed_on: dt.date | None


class ExerciseOut(Schema):
    id: int
    title: str
    kind: str
    held_on: dt.date
    plan_id: int | None
    scenario_id: int | None
