"""Request and response bodies of /customers, /networks and /deployments (conventions in
schemas.py: references take a ref or an id; responses give both)."""

from __future__ import annotations

from decimal import Decimal

from ninja import Field

from steadfast.core.api.schemas import ListQuery, StrictSchema
from steadfast.network.api.base import REF_OR_ID
from steadfast.network.api.schemas import Ref, Stamped, patch_of
from steadfast.network.models import CustomerNetworkKind, CustomerSegment


class CustomerIn(StrictSchema):
    ref: str
    name: str
    country: str
    segment: CustomerSegment = CustomerSegment.REGIONAL_OPERATOR


class CustomerOut(Stamped):
    ref: str
    name: str
    country: str
    segment: str


class CustomerFilter(ListQuery):
    country: str = ""
    segment: str = ""


class NetworkIn(StrictSchema):
    ref: str
    customer: Ref = Field(..., description=REF_OR_ID)
    name: str
    country: str
    kind: CustomerNetworkKind
    subscribers: int = Field(0, ge=0)
    criticality: int = Field(2, ge=1, le=4, description="1 low … 4 critical (national infrastructure)")
    restore_target_hours: float = Field(4, gt=0)


class NetworkOut(Stamped):
    ref: str
    customer_id: int
    customer_ref: str
    name: str
    country: str
    kind: str
    subscribers: int
    criticality: int
    restore_target_hours: float

    @staticmethod
    def resolve_customer_ref(obj):
        return obj.customer.ref


class NetworkFilter(ListQuery):
    country: str = ""
    kind: str = ""
    customer_id: int | None = None
    criticality: int | None = None
    product_id: int | None = Field(None, description="networks running this product")


class DeploymentIn(StrictSchema):
    network: Ref = Field(..., description=REF_OR_ID)
    product: Ref = Field(..., description=f"an item of kind product; {REF_OR_ID}")
    installed_quantity: int = Field(1, ge=0)
    annual_revenue: Decimal = Field(Decimal(0), ge=0)


class DeploymentOut(Stamped):
    network_id: int
    network_ref: str
    product_id: int
    product_ref: str
    installed_quantity: int
    annual_revenue: Decimal

    @staticmethod
    def resolve_network_ref(obj):
        return obj.network.ref

    @staticmethod
    def resolve_product_ref(obj):
        return obj.product.ref


class DeploymentFilter(ListQuery):
    network_id: int | None = None
    product_id: int | None = None
    customer_id: int | None = None



CustomerPatch = patch_of(CustomerIn)
NetworkPatch = patch_of(NetworkIn)
DeploymentPatch = patch_of(DeploymentIn)
