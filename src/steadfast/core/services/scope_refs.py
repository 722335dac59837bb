"""Turn the supplier/customer references people type into records, for scoped accounts.

Core names the map directly: the map (network) is a required base app (docs/architecture.md).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from steadfast.network.models import Customer, Supplier


def resolve_scope(*, supplier_ref: str = "", customer_ref: str = "") -> tuple[Supplier | None, Customer | None]:
    supplier = customer = None
    if supplier_ref:
        supplier = Supplier.objects.filter(ref=supplier_ref).first()
        if supplier is None:
            raise ValidationError({"supplier_ref": f"no supplier with ref {supplier_ref!r}"})
    if customer_ref:
        customer = Customer.objects.filter(ref=customer_ref).first()
        if customer is None:
            raise ValidationError({"customer_ref": f"no customer with ref {customer_ref!r}"})
    return supplier, customer
