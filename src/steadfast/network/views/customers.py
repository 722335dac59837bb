"""Customer, customer-network and deployment pages."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from steadfast.core.decorators import policy_required
from steadfast.core.tables import Column
from steadfast.network import forms, selectors, services
from steadfast.network.views.common import can_change, delete_then_redirect, form_page, list_page

VIEW, CHANGE = ("network", "view"), ("network", "change")


@policy_required(*VIEW)
def customer_list(request):
    form = forms.CustomerFilterForm(request.GET or None)
    return list_page(
        request, title="Customers", filter_form=form, default_order="ref", create_url=reverse("network:customer_create"),
        rows=lambda f: selectors.customers(user=request.user, search=f.value("q") or "", country=f.value("country") or "",
                                           segment=f.value("segment") or ""),
        columns=[Column("ref", "Ref", "ref", link="get_absolute_url"), Column("name", "Name", "name"),
                 Column("country", "Country", "country"), Column("get_segment_display", "Segment", "segment")])


@policy_required(*VIEW)
def customer_detail(request, customer_id: int):
    customer = selectors.customer(user=request.user, customer_id=customer_id)
    networks = selectors.customer_networks(user=request.user, customer_id=customer.pk).order_by("ref")
    totals = networks.aggregate(count=Count("id"), subscribers=Sum("subscribers"))
    return render(request, "network/customer_detail.html", {
        "customer": customer, "networks": networks[:200], "totals": totals, "can_change": can_change(request)})


@policy_required(*CHANGE)
def customer_create(request):
    return form_page(request, form_class=forms.CustomerForm, title="New customer", cancel_url=reverse("network:customers"),
                     success="Created {obj}.", save=lambda data: services.create_customer(actor=request.user, **data))


@policy_required(*CHANGE)
def customer_edit(request, customer_id: int):
    customer = selectors.customer(user=request.user, customer_id=customer_id)
    return form_page(request, form_class=forms.CustomerForm, title=f"Edit {customer}", cancel_url=customer.get_absolute_url(),
                     initial=forms.CustomerForm.initial_for(customer), success="Saved {obj}.",
                     save=lambda data: services.update_customer(actor=request.user, customer=customer, **data))


@require_POST
@policy_required(*CHANGE)
def customer_delete(request, customer_id: int):
    customer = selectors.customer(user=request.user, customer_id=customer_id)
    return delete_then_redirect(request, delete=lambda: services.delete_customer(actor=request.user, customer=customer),
                                label=str(customer), done_url=reverse("network:customers"), back_url=customer.get_absolute_url())


@policy_required(*VIEW)
def network_list(request):
    form = forms.NetworkFilterForm(request.GET or None)
    return list_page(
        request, title="Customer networks", filter_form=form, default_order="ref", create_url=reverse("network:network_create"),
        rows=lambda f: selectors.customer_networks(user=request.user, search=f.value("q") or "",
                                                   country=f.value("country") or "", kind=f.value("kind") or ""),
        columns=[Column("ref", "Ref", "ref", link="get_absolute_url"), Column("name", "Name", "name"),
                 Column("customer.name", "Customer", "customer__name"), Column("country", "Country", "country"),
                 Column("get_kind_display", "Kind", "kind"), Column("subscribers", "Subscribers", "subscribers", numeric=True),
                 Column("get_criticality_display", "Criticality", "criticality")])


@policy_required(*VIEW)
def network_detail(request, network_id: int):
    network = selectors.customer_network(user=request.user, network_id=network_id)
    return render(request, "network/network_detail.html", {
        "network": network, "can_change": can_change(request),
        "deployments": selectors.deployments(user=request.user, network_id=network.pk).order_by("product__ref")})


@policy_required(*CHANGE)
def network_create(request):
    return form_page(request, form_class=forms.NetworkForm, title="New customer network", cancel_url=reverse("network:networks"),
                     initial={"customer": request.GET.get("customer", "")}, success="Created {obj}.",
                     save=lambda data: services.create_customer_network(actor=request.user, **data))


@policy_required(*CHANGE)
def network_edit(request, network_id: int):
    network = selectors.customer_network(user=request.user, network_id=network_id)
    return form_page(request, form_class=forms.NetworkForm, title=f"Edit {network}", cancel_url=network.get_absolute_url(),
                     initial=forms.NetworkForm.initial_for(network), success="Saved {obj}.",
                     save=lambda data: services.update_customer_network(actor=request.user, network=network, **data))


@require_POST
@policy_required(*CHANGE)
def network_delete(request, network_id: int):
    network = selectors.customer_network(user=request.user, network_id=network_id)
    return delete_then_redirect(request, delete=lambda: services.delete_customer_network(actor=request.user, network=network),
                                label=str(network), done_url=reverse("network:networks"), back_url=network.get_absolute_url())


@policy_required(*CHANGE)
def deployment_create(request, network_id: int):
    network = selectors.customer_network(user=request.user, network_id=network_id)
    return form_page(request, form_class=forms.DeploymentForm, title=f"Deploy a product in {network}",
                     cancel_url=network.get_absolute_url(), initial={"network": network.ref}, success="Deployed.",
                     save=lambda data: services.create_deployment(actor=request.user, **data),
                     next_url=lambda d: d.network.get_absolute_url())


@policy_required(*CHANGE)
def deployment_edit(request, deployment_id: int):
    deployment = selectors.deployment(user=request.user, deployment_id=deployment_id)
    back = deployment.network.get_absolute_url()
    return form_page(request, form_class=forms.DeploymentForm, title="Edit deployment", cancel_url=back,
                     initial=forms.DeploymentForm.initial_for(deployment), success="Saved the deployment.",
                     save=lambda data: services.update_deployment(actor=request.user, deployment=deployment, **data),
                     next_url=lambda d: d.network.get_absolute_url())


@require_POST
@policy_required(*CHANGE)
def deployment_delete(request, deployment_id: int):
    deployment = selectors.deployment(user=request.user, deployment_id=deployment_id)
    back = deployment.network.get_absolute_url()
    return delete_then_redirect(request, delete=lambda: services.delete_deployment(actor=request.user, deployment=deployment),
                                label="the deployment", done_url=back, back_url=back)
