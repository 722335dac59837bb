"""Request and response bodies of the network API.

References to other records (`parent`, `owner_supplier`, `item`, `site`, `child`, `customer`,
`network`, `product`, `supplier`) take the record's ref as a string, or its id as an integer.
Responses give both: `<name>_id` and `<name>_ref`. Customers, networks and deployments are in
`schemas_customers.py`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Field, Schema
from pydantic import create_model
from pydantic.fields import FieldInfo

from steadfast.core.api.schemas import ListQuery, StrictSchema
from steadfast.network.api.base import REF_OR_ID
from steadfast.network.models import (
    ContractStatus,
    ItemKind,
    ItemSourceStatus,
    SiteKind,
    SupplierCategory,
    SupplierStatus,
)

Ref = str | int


def patch_of(schema: type[StrictSchema]) -> type[StrictSchema]:
    """The PATCH body of a create body: every field may be left out; only the fields sent change.

    A field keeps its type and constraints (ranges, lengths): an explicit null is accepted only where
    the create body accepts null (clearing an optional reference), so `{"notes": null}` or
    `{"tier": 0}` is a 422 naming the field, never a database error.
    """
    fields = {name: (info.annotation, FieldInfo.merge_field_infos(info, default=None))
              for name, info in schema.model_fields.items()}
    return create_model(schema.__name__.removesuffix("In") + "Patch", __base__=StrictSchema, **fields)


def _ref(obj, name: str) -> str | None:
    target = getattr(obj, name) if getattr(obj, f"{name}_id") is not None else None
    return target.ref if target is not None else None


class Stamped(Schema):
    id: int
    created_at: dt.datetime
    updated_at: dt.datetime


# --- suppliers, contacts, contracts --------------------------------------------------------------

class SupplierIn(StrictSchema):
    ref: str = Field(..., max_length=64)
    legal_name: str = Field(..., max_length=255)
    country: str = Field(..., description="ISO 3166-1 alpha-2")
    duns: str = Field("", description="9 digits")
    lei: str = Field("", description="20 characters with ISO 17442 check digits")
    vat: str = ""
    tier: int = Field(1, ge=1, le=9, description="1 = direct supplier; 2+ = sub-tier (needs a parent)")
    parent: Ref | None = Field(None, description=f"tier 2+: the supplier this one supplies through; {REF_OR_ID}")
    category: SupplierCategory
    status: SupplierStatus = SupplierStatus.ACTIVE
    website: str = ""
    notes: str = ""


class SupplierOut(Stamped):
    ref: str
    legal_name: str
    country: str
    duns: str
    lei: str
    vat: str
    tier: int
    parent_id: int | None
    parent_ref: str | None = None
    category: str
    status: str
    website: str
    notes: str

    @staticmethod
    def resolve_parent_ref(obj):
        return _ref(obj, "parent")


class SupplierFilter(ListQuery):
    country: str = ""
    tier: int | None = None
    category: str = ""
    status: str = ""
    parent_id: int | None = None


class ContactIn(StrictSchema):
    name: str = Field(..., max_length=150)
    email: str
    role: str = ""


class ContactOut(Stamped):
    supplier_id: int
    name: str
    email: str
    role: str


class ContractIn(StrictSchema):
    ref: str
    supplier: Ref = Field(..., description=REF_OR_ID)
    title: str
    start_date: dt.date
    end_date: dt.date | None = None
    auto_renewal: bool = False
    notice_days: int = Field(90, ge=0)
    value: Decimal = Field(Decimal(0), ge=0)
    currency: str = Field("EUR", min_length=3, max_length=3)
    owner: str | None = Field(None, description="username of the contract owner")
    status: ContractStatus = ContractStatus.ACTIVE


class ContractOut(Stamped):
    ref: str
    supplier_id: int
    supplier_ref: str
    title: str
    start_date: dt.date
    end_date: dt.date | None
    auto_renewal: bool
    notice_days: int
    value: Decimal
    currency: str
    owner: str | None = None
    status: str

    @staticmethod
    def resolve_supplier_ref(obj):
        return obj.supplier.ref

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.username if obj.owner_id else None


class ContractFilter(ListQuery):
    supplier_id: int | None = None
    status: str = ""
    country: str = Field("", description="the supplier's country")


# --- sites ---------------------------------------------------------------------------------------

class SiteIn(StrictSchema):
    ref: str
    owner_supplier: Ref | None = Field(None, description=f"the supplier owning the site, blank = our own company; {REF_OR_ID}")
    name: str
    kind: SiteKind
    country: str
    subdivision: str = Field("", description="ISO 3166-2")
    city: str = ""
    latitude: float = Field(..., ge=-90, le=90)
    longitude: float = Field(..., ge=-180, le=180)
    ttr_days: float | None = Field(None, gt=0, description="time to recover in days if the site is lost")
    notes: str = ""


class SiteOut(Stamped):
    ref: str
    owner_supplier_id: int | None
    owner_supplier_ref: str | None = None
    name: str
    kind: str
    country: str
    subdivision: str
    city: str
    latitude: float
    longitude: float
    ttr_days: float | None
    notes: str

    @staticmethod
    def resolve_owner_supplier_ref(obj):
        return _ref(obj, "owner_supplier")


class SiteFilter(ListQuery):
    country: str = ""
    kind: str = ""
    supplier_id: int | None = None
    tier: int | None = Field(None, description="the owning supplier's tier")
    own: bool | None = Field(None, description="true: only our own company's sites")


# --- items, sources, BOM -------------------------------------------------------------------------

class ItemIn(StrictSchema):
    ref: str
    name: str
    kind: ItemKind
    unit: str = "each"
    unit_cost: Decimal = Field(Decimal(0), ge=0)
    demand_per_day: float = Field(0, ge=0, description="products only")
    margin_per_unit: Decimal = Field(Decimal(0), ge=0, description="products only")


def _commercial(obj, context, name: str):
    """Our costs, demand and margins; null for supplier respondents and customer viewers."""
    from steadfast.network.selectors.items import shows_commercials

    request = (context or {}).get("request")
    return getattr(obj, name) if request is None or shows_commercials(request.user) else None


class ItemOut(Stamped):
    ref: str
    name: str
    kind: str
    unit: str
    unit_cost: Decimal | None = Field(description="null for supplier respondents and customer viewers")
    demand_per_day: float | None = Field(description="products only; null for scoped accounts")
    margin_per_unit: Decimal | None = Field(description="products only; null for scoped accounts")

    @staticmethod
    def resolve_unit_cost(obj, context):
        return _commercial(obj, context, "unit_cost")

    @staticmethod
    def resolve_demand_per_day(obj, context):
        return _commercial(obj, context, "demand_per_day")

    @staticmethod
    def resolve_margin_per_unit(obj, context):
        return _commercial(obj, context, "margin_per_unit")


class ItemFilter(ListQuery):
    kind: str = ""
    supplier_id: int | None = Field(None, description="items sourced at this supplier's sites")
    customer_id: int | None = Field(None, description="products deployed in this customer's networks")


class SourceIn(StrictSchema):
    ref: str = Field("", description="defaults to ITEM@SITE")
    item: Ref = Field(..., description=REF_OR_ID)
    site: Ref = Field(..., description=REF_OR_ID)
    capacity_per_day: float | None = Field(None, ge=0, description="blank = unlimited")
    inventory: float = Field(0, ge=0)
    lead_time_days: float = Field(0, ge=0)
    ttr_days: float | None = Field(None, gt=0, description="overrides the site's")
    share: float = Field(1, ge=0, le=1)
    status: ItemSourceStatus = ItemSourceStatus.APPROVED


class SourceOut(Stamped):
    ref: str
    item_id: int
    item_ref: str
    site_id: int
    site_ref: str
    capacity_per_day: float | None
    inventory: float
    lead_time_days: float
    ttr_days: float | None
    share: float
    status: str

    @staticmethod
    def resolve_item_ref(obj):
        return obj.item.ref

    @staticmethod
    def resolve_site_ref(obj):
        return obj.site.ref


class SourceFilter(ListQuery):
    item_id: int | None = None
    site_id: int | None = None
    supplier_id: int | None = None
    status: str = ""
    country: str = Field("", description="the site's country")
    kind: str = Field("", description="the item's kind")


class BomIn(StrictSchema):
    parent: Ref = Field(..., description=REF_OR_ID)
    child: Ref = Field(..., description=REF_OR_ID)
    quantity: float = Field(..., gt=0, description="units of child per unit of parent")


class BomOut(Stamped):
    parent_id: int
    parent_ref: str
    child_id: int
    child_ref: str
    quantity: float

    @staticmethod
    def resolve_parent_ref(obj):
        return obj.parent.ref

    @staticmethod
    def resolve_child_ref(obj):
        return obj.child.ref


class BomFilter(ListQuery):
    parent_id: int | None = None
    child_id: int | None = None


SupplierPatch = patch_of(SupplierIn)
ContactPatch = patch_of(ContactIn)
ContractPatch = patch_of(ContractIn)
SitePatch = patch_of(SiteIn)
ItemPatch = patch_of(ItemIn)
SourcePatch = patch_of(SourceIn)
BomPatch = patch_of(BomIn)
