"""Request bodies of the privacy API: strict (an unknown field is a 422 naming it); references take
a ref (string) or an id (integer), lists of references likewise; PATCH bodies are the create bodies
with every field optional (only the fields sent change)."""

from __future__ import annotations

import datetime as dt

from ninja import Field

from steadfast.core.api.schemas import StrictSchema
from steadfast.network.api.schemas import Ref, patch_of
from steadfast.privacy.models import (
    BreachRisk,
    DataCategory,
    LegalBasis,
    OurRole,
    Relationship,
    ReturnOrDelete,
    SubjectCategory,
    SubprocessorAuthorisation,
    TransferMechanism,
)

REFS = "references: refs (strings) or ids (integers)"


class ActivityIn(StrictSchema):
    ref: str = Field(..., max_length=64)
    name: str = Field(..., min_length=1, max_length=200)
    our_role: OurRole = OurRole.CONTROLLER
    controller_name: str = Field("", max_length=255, description="as processor (Art. 30(2)): on whose behalf")
    purpose: str = Field(..., min_length=1)
    legal_basis: LegalBasis
    special_condition: str = Field("", description="Art. 9(2) condition (e.g. 9.2.b), required for special categories")
    data_categories: list[DataCategory] = []
    subject_categories: list[SubjectCategory] = []
    countries: list[str] = Field([], description="ISO 3166-1 alpha-2 codes")
    recipients: str = ""
    retention: str = Field(..., min_length=1, max_length=255)
    security_measures: str = ""
    processors: list[Ref] = Field([], description=f"suppliers acting as processors; {REFS}")
    items: list[Ref] = Field([], description=f"the map's products and items; {REFS}")
    controls: list[int] = Field([], description="Art. 30(1)(g): ids of controls of a framework the security app holds")


ActivityPatch = patch_of(ActivityIn)


class DpaFields(StrictSchema):
    relationship: Relationship = Relationship.CONTROLLER_PROCESSOR
    expires_on: dt.date | None = None
    auto_renews: bool = False
    renewal_months: int = Field(12, ge=1, le=120)
    breach_notice_hours: int = Field(48, ge=1, le=720, description="Art. 33(2): hours the processor has to tell us")
    subprocessor_authorisation: SubprocessorAuthorisation = SubprocessorAuthorisation.GENERAL
    objection_window_days: int | None = Field(30, ge=1, le=180)
    audit_rights: bool = True
    return_or_delete: ReturnOrDelete = ReturnOrDelete.CONTROLLER_CHOICE
    notes: str = ""
    contracts: list[Ref] = Field([], description=f"the supplier's contracts on the map; {REFS}")
    activities: list[Ref] = Field([], description=f"processing activities; {REFS}")


class DpaIn(DpaFields):
    supplier: Ref
    ref: str = Field("", max_length=64, description="left empty: the next DPA-<year>-<n>")
    template: int | None = Field(None, description="id of a DPA template")


DpaPatch = patch_of(DpaFields)


class SignatureIn(StrictSchema):
    signed_on: dt.date
    effective_on: dt.date | None = None
    expires_on: dt.date | None = None


class TerminateIn(StrictSchema):
    terminated_on: dt.date
    reason: str = Field(..., min_length=1, max_length=500)


class AcceptIn(StrictSchema):
    """Every field is checked after the agreement is found in the caller's scope (so another
    supplier's agreement is a 404 whatever the body): sha256, signatory_name and signatory_email
    are required."""

    sha256: str = Field("", max_length=64, description="SHA-256 of the exact version accepted (required)")
    signatory_name: str = Field("", max_length=200, description="required")
    signatory_title: str = Field("", max_length=200)
    signatory_email: str = Field("", max_length=254, description="required")


class TransferIn(StrictSchema):
    ref: str = Field(..., max_length=64)
    origin_country: str = Field(..., description="ISO 3166-1 alpha-2")
    destination_country: str = Field(..., description="ISO 3166-1 alpha-2")
    mechanism: TransferMechanism
    recipient: Ref | None = Field(None, description="the recipient supplier on the map; or give recipient_name")
    recipient_name: str = Field("", max_length=255)
    activity: Ref | None = None
    dpa: Ref | None = None
    data_description: str = Field("", max_length=500)
    derogation: str = Field("", max_length=255, description="Art. 49: which derogation and why")


TransferPatch = patch_of(TransferIn)


class BreachIn(StrictSchema):
    ref: str = Field(..., max_length=64)
    title: str = Field(..., min_length=1, max_length=200)
    nature: str = Field(..., min_length=1)
    aware_at: dt.datetime = Field(..., description="with its time zone: the 72-hour clock starts")
    occurred_at: dt.datetime | None = None
    risk: BreachRisk = BreachRisk.RISK
    dpa: Ref | None = Field(None, description="a processor's breach: its agreement")
    processor_aware_at: dt.datetime | None = None
    processor_notified_at: dt.datetime | None = None
    incident: Ref | None = Field(None, description="the major incident it came out of: its ref or id")
    incident_ref: str = Field("", max_length=64, description="a reference outside Steadfast")
    data_categories: list[DataCategory] = []
    subject_categories: list[SubjectCategory] = []
    subjects_approx: int = Field(0, ge=0)
    records_approx: int = Field(0, ge=0)
    consequences: str = ""
    measures: str = ""
    authority: str = Field("", max_length=200)
    authority_notified_at: dt.datetime | None = None
    late_reason: str = ""
    subjects_notified_at: dt.datetime | None = None
    subjects_not_notified_reason: str = ""


BreachPatch = patch_of(BreachIn)
