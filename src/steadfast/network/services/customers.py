"""Customers, their networks and the products deployed in them."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from steadfast.core.services import crud
from steadfast.network.models import Customer, CustomerNetwork, Deployment, Item, ItemKind
from steadfast.network.services.common import delete_unless_used, known_fields, resolve

CUSTOMER_FIELDS = {"ref", "name", "country", "segment"}
NETWORK_FIELDS = {"ref", "customer", "name", "country", "kind", "subscribers", "criticality", "restore_target_hours"}
DEPLOYMENT_FIELDS = {"network", "product", "installed_quantity", "annual_revenue"}


def _upper_country(fields: dict) -> dict:
    if isinstance(fields.get("country"), str):
        fields["country"] = fields["country"].strip().upper()
    return fields


def create_customer(*, actor, **fields) -> Customer:
    return crud.create(actor=actor, model=Customer, **_upper_country(known_fields(Customer, fields, allowed=CUSTOMER_FIELDS)))


def update_customer(*, actor, customer: Customer, **fields) -> Customer:
    fields = _upper_country(known_fields(Customer, fields, allowed=CUSTOMER_FIELDS))
    return crud.update(actor=actor, instance=customer, **fields)


def delete_customer(*, actor, customer: Customer) -> None:
    delete_unless_used(actor=actor, instance=customer)


def _normalise_network(fields: dict) -> dict:
    if "customer" in fields:
        fields["customer"] = resolve(Customer, fields["customer"], field="customer")
    return _upper_country(fields)


def create_customer_network(*, actor, **fields) -> CustomerNetwork:
    fields = _normalise_network(known_fields(CustomerNetwork, fields, allowed=NETWORK_FIELDS))
    if fields.get("customer") is None:
        raise ValidationError({"customer": "a customer is required"})
    return crud.create(actor=actor, model=CustomerNetwork, **fields)


def update_customer_network(*, actor, network: CustomerNetwork, **fields) -> CustomerNetwork:
    fields = _normalise_network(known_fields(CustomerNetwork, fields, allowed=NETWORK_FIELDS))
    return crud.update(actor=actor, instance=network, **fields)


def delete_customer_network(*, actor, network: CustomerNetwork) -> None:
    """Deletes the network's deployments with it (they describe nothing else)."""
    crud.delete(actor=actor, instance=network)


def _normalise_deployment(fields: dict) -> dict:
    if "network" in fields:
        fields["network"] = resolve(CustomerNetwork, fields["network"], field="network")
    if "product" in fields:
        product = resolve(Item, fields["product"], field="product")
        if product.kind != ItemKind.PRODUCT:
            raise ValidationError({"product": f"{product.ref} is a {product.get_kind_display().lower()}, "
                                              "not a product: only products are deployed in networks"})
        fields["product"] = product
    return fields


def create_deployment(*, actor, **fields) -> Deployment:
    fields = _normalise_deployment(known_fields(Deployment, fields, allowed=DEPLOYMENT_FIELDS))
    for required in ("network", "product"):
        if fields.get(required) is None:
            raise ValidationError({required: f"a {required} is required"})
    return crud.create(actor=actor, model=Deployment, **fields)


def update_deployment(*, actor, deployment: Deployment, **fields) -> Deployment:
    fields = _normalise_deployment(known_fields(Deployment, fields, allowed=DEPLOYMENT_FIELDS))
    return crud.update(actor=actor, instance=deployment, **fields)


def delete_deployment(*, actor, deployment: Deployment) -> None:
    crud.delete(actor=actor, instance=deployment)
