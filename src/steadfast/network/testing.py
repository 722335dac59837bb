"""Sample objects for the role × route matrix (tests/test_route_matrix.py).

`route_sample(kwarg, user=, foreign=, other_user=)` answers the pk of an object `user` may see (a
small chain supplier → site → item → product → network is created on demand), or with
foreign=True one outside a scoped user's scope (None for roles that see everything).
"""

from __future__ import annotations

import datetime as dt

from steadfast.core.roles import Role

KWARGS = ("supplier_id", "site_id", "item_id", "source_id", "bom_id", "customer_id", "network_id",
          "deployment_id", "contract_id", "contact_id")


def sample_chain(tag: str, *, supplier=None, customer=None) -> dict:
    """Create (once) a supplier's site making a component that goes into a product deployed in a
    customer's network; returns the objects by kind."""
    from steadfast.network.models import (
        BomLine,
        Contract,
        Customer,
        CustomerNetwork,
        Deployment,
        Item,
        ItemSource,
        Site,
        Supplier,
        SupplierContact,
    )

    if supplier is None:
        supplier, _ = Supplier.objects.get_or_create(
            ref=f"{tag}-SUP", defaults={"legal_name": f"{tag} supplier", "country": "DE", "category": "components"})
    if customer is None:
        customer, _ = Customer.objects.get_or_create(ref=f"{tag}-CUS", defaults={"name": f"{tag} customer", "country": "FR"})
    site, _ = Site.objects.get_or_create(ref=f"{tag}-SITE", defaults={
        "owner_supplier": supplier, "name": f"{tag} factory", "kind": "factory", "country": "DE",
        "latitude": 50.0, "longitude": 8.0})
    part, _ = Item.objects.get_or_create(ref=f"{tag}-PART", defaults={"name": f"{tag} part", "kind": "component"})
    product, _ = Item.objects.get_or_create(ref=f"{tag}-PROD", defaults={"name": f"{tag} product", "kind": "product"})
    source, _ = ItemSource.objects.get_or_create(ref=f"{tag}-PART@{tag}-SITE", defaults={"item": part, "site": site})
    bom, _ = BomLine.objects.get_or_create(parent=product, child=part, defaults={"quantity": 2})
    network, _ = CustomerNetwork.objects.get_or_create(ref=f"{tag}-NET", defaults={
        "customer": customer, "name": f"{tag} network", "country": "FR", "kind": "mobile", "subscribers": 1000})
    deployment, _ = Deployment.objects.get_or_create(network=network, product=product)
    contract, _ = Contract.objects.get_or_create(ref=f"{tag}-CON", defaults={
        "supplier": supplier, "title": f"{tag} supply agreement", "start_date": dt.date(2024, 1, 1)})
    contact, _ = SupplierContact.objects.get_or_create(supplier=supplier, email=f"{tag.lower()}@example.com",
                                                       defaults={"name": f"{tag} contact"})
    return {"supplier_id": supplier, "site_id": site, "item_id": part, "product": product, "source_id": source,
            "bom_id": bom, "customer_id": customer, "network_id": network, "deployment_id": deployment,
            "contract_id": contract, "contact_id": contact}


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    role = user.role
    scoped = role in (Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER)
    if foreign:
        if not scoped:
            return None
        return sample_chain("FOREIGN")[kwarg].pk
    if role == Role.SUPPLIER_RESPONDENT:
        chain = sample_chain(f"S{user.supplier_id}", supplier=user.supplier)
    elif role == Role.CUSTOMER_VIEWER:
        chain = sample_chain(f"C{user.customer_id}", customer=user.customer)
        if kwarg == "item_id":  # what a customer sees of the items: the products in its networks
            return chain["product"].pk
    else:
        chain = sample_chain("MATRIX")
    return chain[kwarg].pk
