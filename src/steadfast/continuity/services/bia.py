"""Business impact analyses per product and per service kind of the customer networks, and their flags against the latest full analysis."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from steadfast.continuity.models import ImpactAnalysis, ServiceImpactAnalysis
from steadfast.core.services import crud
from steadfast.network.models import CustomerNetworkKind, Item, ItemKind
from steadfast.network.services.common import known_fields, resolve

BIA_FIELDS = {"product", "mtpd_days", "rto_days", "rpo_hours", "mbco_percent", "priority", "owner", "owner_name",
              "reviewed_on", "review_months", "notes"}


def _normalise(fields: dict) -> dict:
    if "product" in fields:
        product = resolve(Item, fields["product"], field="product")
        if product.kind != ItemKind.PRODUCT:
            raise ValidationError({"product": f"{product.ref} is a {product.get_kind_display().lower()}, not a product"})
        fields["product"] = product
    return fields


def create_bia(*, actor, **fields) -> ImpactAnalysis:
    return crud.create(actor=actor, model=ImpactAnalysis, **_normalise(known_fields(ImpactAnalysis, fields, allowed=BIA_FIELDS)))


def update_bia(*, actor, bia: ImpactAnalysis, **fields) -> ImpactAnalysis:
    fields = _normalise(known_fields(ImpactAnalysis, fields, allowed=BIA_FIELDS - {"product"}))
    return crud.update(actor=actor, instance=bia, **fields)


def delete_bia(*, actor, bia: ImpactAnalysis) -> None:
    crud.delete(actor=actor, instance=bia)


# --- per service kind of the customer networks ---------------------------------------------------

SERVICE_BIA_FIELDS = {"service_kind", "mtpd_days", "rto_days", "rpo_hours", "mbco_percent", "priority", "owner_name",
                      "reviewed_on", "review_months", "notes"}


def create_service_bia(*, actor, **fields) -> ServiceImpactAnalysis:
    fields = known_fields(ServiceImpactAnalysis, fields, allowed=SERVICE_BIA_FIELDS)
    kind = fields.get("service_kind")
    if kind not in CustomerNetworkKind.values:
        raise ValidationError({"service_kind": f"{kind!r} is not a service kind of the customer networks "
                                               f"({', '.join(CustomerNetworkKind.values)})"})
    return crud.create(actor=actor, model=ServiceImpactAnalysis, **fields)


def update_service_bia(*, actor, bia: ServiceImpactAnalysis, **fields) -> ServiceImpactAnalysis:
    fields = known_fields(ServiceImpactAnalysis, fields, allowed=SERVICE_BIA_FIELDS - {"service_kind"})
    return crud.update(actor=actor, instance=bia, **fields)
