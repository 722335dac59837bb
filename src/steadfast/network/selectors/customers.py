"""Reads of customers, their networks and deployments, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from steadfast.core.scoping import scoped
from steadfast.network.models import Customer, CustomerNetwork, Deployment
from steadfast.network.selectors.common import filtered, require_view, search_q


def customers(*, user, search: str = "", country: str = "", segment: str = "") -> QuerySet[Customer]:
    require_view(user)
    qs = scoped(Customer.objects.all(), user=user, customer="id")
    qs = filtered(qs, country=country.upper(), segment=segment)
    if search:
        qs = qs.filter(search_q(search, "ref", "name"))
    return qs


def customer(*, user, customer_id: int) -> Customer:
    return get_object_or_404(customers(user=user), pk=customer_id)


def customer_networks(*, user, search: str = "", country: str = "", kind: str = "", customer_id: int | None = None,
                      criticality: int | None = None, product_id: int | None = None) -> QuerySet[CustomerNetwork]:
    require_view(user)
    qs = scoped(CustomerNetwork.objects.select_related("customer"), user=user, customer="customer", country="country")
    qs = filtered(qs, country=country.upper(), kind=kind, customer_id=customer_id, criticality=criticality)
    if product_id:
        deployed = scoped(Deployment.objects.filter(product_id=product_id), user=user, customer="network__customer")
        qs = qs.filter(pk__in=deployed.values("network_id"))  # through the scope, as items() reads them
    if search:
        qs = qs.filter(search_q(search, "ref", "name", "customer__name"))
    return qs


def customer_network(*, user, network_id: int) -> CustomerNetwork:
    return get_object_or_404(customer_networks(user=user), pk=network_id)


def deployments(*, user, network_id: int | None = None, product_id: int | None = None,
                customer_id: int | None = None, search: str = "") -> QuerySet[Deployment]:
    require_view(user)
    qs = scoped(Deployment.objects.select_related("network", "network__customer", "product"), user=user,
                customer="network__customer", country="network__country")
    qs = filtered(qs, network_id=network_id, product_id=product_id, network__customer_id=customer_id)
    if search:
        qs = qs.filter(search_q(search, "network__ref", "network__name", "product__ref", "product__name"))
    return qs


def deployment(*, user, deployment_id: int) -> Deployment:
    return get_object_or_404(deployments(user=user), pk=deployment_id)
