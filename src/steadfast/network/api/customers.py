"""/customers, /networks and /deployments."""

from __future__ import annotations

from ninja import Query, Status

from steadfast.core.api.schemas import Page, order, ordered, paginate
from steadfast.network import selectors, services
from steadfast.network.api.base import CHANGE, VIEW, router
from steadfast.network.api.schemas_customers import (
    CustomerFilter,
    CustomerIn,
    CustomerOut,
    CustomerPatch,
    DeploymentFilter,
    DeploymentIn,
    DeploymentOut,
    DeploymentPatch,
    NetworkFilter,
    NetworkIn,
    NetworkOut,
    NetworkPatch,
)

CUSTOMER_ORDER = ("ref", "name", "country", "segment", "created_at")
NETWORK_ORDER = ("ref", "name", "country", "kind", "subscribers", "criticality", "created_at")
DEPLOYMENT_ORDER = {"network": "network__ref", "product": "product__ref", "annual_revenue": "annual_revenue",
    "installed_quantity": "installed_quantity", "created_at": "created_at"}


@router.get("/customers", response=Page[CustomerOut], auth=VIEW, tags=["customers"])
def list_customers(request, query: Query[ordered(CustomerFilter, CUSTOMER_ORDER)]):
    qs = selectors.customers(user=request.user, search=query.search, country=query.country, segment=query.segment)
    return paginate(order(qs, query.ordering, CUSTOMER_ORDER, "ref"), query)


@router.post("/customers", response={201: CustomerOut}, auth=CHANGE, tags=["customers"])
def create_customer(request, body: CustomerIn):
    return Status(201, services.create_customer(actor=request.user, **body.model_dump()))


@router.get("/customers/{customer_id}", response=CustomerOut, auth=VIEW, tags=["customers"])
def get_customer(request, customer_id: int):
    return selectors.customer(user=request.user, customer_id=customer_id)


@router.patch("/customers/{customer_id}", response=CustomerOut, auth=CHANGE, tags=["customers"])
def update_customer(request, customer_id: int, body: CustomerPatch):
    customer = selectors.customer(user=request.user, customer_id=customer_id)
    return services.update_customer(actor=request.user, customer=customer, **body.model_dump(exclude_unset=True))


@router.delete("/customers/{customer_id}", response={204: None}, auth=CHANGE, tags=["customers"])
def delete_customer(request, customer_id: int):
    services.delete_customer(actor=request.user, customer=selectors.customer(user=request.user, customer_id=customer_id))
    return Status(204, None)


@router.get("/networks", response=Page[NetworkOut], auth=VIEW, tags=["networks"])
def list_networks(request, query: Query[ordered(NetworkFilter, NETWORK_ORDER)]):
    qs = selectors.customer_networks(user=request.user, search=query.search, country=query.country, kind=query.kind,
                                     customer_id=query.customer_id, criticality=query.criticality,
                                     product_id=query.product_id)
    return paginate(order(qs, query.ordering, NETWORK_ORDER, "ref"), query)


@router.post("/networks", response={201: NetworkOut}, auth=CHANGE, tags=["networks"])
def create_network(request, body: NetworkIn):
    return Status(201, services.create_customer_network(actor=request.user, **body.model_dump()))


@router.get("/networks/{network_id}", response=NetworkOut, auth=VIEW, tags=["networks"])
def get_network(request, network_id: int):
    return selectors.customer_network(user=request.user, network_id=network_id)


@router.patch("/networks/{network_id}", response=NetworkOut, auth=CHANGE, tags=["networks"])
def update_network(request, network_id: int, body: NetworkPatch):
    network = selectors.customer_network(user=request.user, network_id=network_id)
    return services.update_customer_network(actor=request.user, network=network, **body.model_dump(exclude_unset=True))


@router.delete("/networks/{network_id}", response={204: None}, auth=CHANGE, tags=["networks"])
def delete_network(request, network_id: int):
    network = selectors.customer_network(user=request.user, network_id=network_id)
    services.delete_customer_network(actor=request.user, network=network)
    return Status(204, None)


@router.get("/deployments", response=Page[DeploymentOut], auth=VIEW, tags=["deployments"])
def list_deployments(request, query: Query[ordered(DeploymentFilter, DEPLOYMENT_ORDER)]):
    qs = selectors.deployments(user=request.user, search=query.search, network_id=query.network_id,
                               product_id=query.product_id, customer_id=query.customer_id)
    return paginate(order(qs, query.ordering, DEPLOYMENT_ORDER, "network__ref"), query)


@router.post("/deployments", response={201: DeploymentOut}, auth=CHANGE, tags=["deployments"])
def create_deployment(request, body: DeploymentIn):
    return Status(201, services.create_deployment(actor=request.user, **body.model_dump()))


@router.get("/deployments/{deployment_id}", response=DeploymentOut, auth=VIEW, tags=["deployments"])
def get_deployment(request, deployment_id: int):
    return selectors.deployment(user=request.user, deployment_id=deployment_id)


@router.patch("/deployments/{deployment_id}", response=DeploymentOut, auth=CHANGE, tags=["deployments"])
def update_deployment(request, deployment_id: int, body: DeploymentPatch):
    deployment = selectors.deployment(user=request.user, deployment_id=deployment_id)
    return services.update_deployment(actor=request.user, deployment=deployment, **body.model_dump(exclude_unset=True))


@router.delete("/deployments/{deployment_id}", response={204: None}, auth=CHANGE, tags=["deployments"])
def delete_deployment(request, deployment_id: int):
    deployment = selectors.deployment(user=request.user, deployment_id=deployment_id)
    services.delete_deployment(actor=request.user, deployment=deployment)
    return Status(204, None)
