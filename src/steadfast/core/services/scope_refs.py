"""Turn the supplier/customer references people type into records, for scoped accounts."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError


def resolve_scope(*, supplier_ref: str = "", customer_ref: str = ""):
    supplier = customer = None
    if supplier_ref:
        Supplier = apps.get_model("network", "Supplier")
        supplier = Supplier.objects.filter(ref=supplier_ref).first()
        if supplier is None:
            raise ValidationError({"supplier_ref": f"no supplier with ref {supplier_ref!r}"})
    if customer_ref:
        Customer = apps.get_model("network", "Customer")
        customer = Customer.objects.filter(ref=customer_ref).first()
        if customer is None:
            raise ValidationError({"customer_ref": f"no customer with ref {customer_ref!r}"})
    return supplier, customer
