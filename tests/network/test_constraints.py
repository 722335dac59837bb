"""Each database constraint rejects a bad row on its own (no Python validation in the way)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

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


@pytest.fixture
def base(db):
    supplier = Supplier.objects.create(ref="S", legal_name="S", country="DE", category="components")
    site = Site.objects.create(ref="SITE", name="Site", kind="factory", country="DE", latitude=1, longitude=1)
    item = Item.objects.create(ref="I", name="I", kind="component")
    product = Item.objects.create(ref="P", name="P", kind="product")
    customer = Customer.objects.create(ref="C", name="C", country="FR")
    network = CustomerNetwork.objects.create(ref="N", customer=customer, name="N", country="FR", kind="mobile")
    return {"supplier": supplier, "site": site, "item": item, "product": product, "customer": customer, "network": network}


BAD_ROWS = {
    "supplier_country_iso": lambda b: Supplier(ref="X", legal_name="X", country="ZZ", category="components"),
    "supplier_tier_range": lambda b: Supplier(ref="X", legal_name="X", country="DE", category="components", tier=10, parent=b["supplier"]),
    "supplier_tier_parent": lambda b: Supplier(ref="X", legal_name="X", country="DE", category="components", tier=2),
    "supplier_category_valid": lambda b: Supplier(ref="X", legal_name="X", country="DE", category="toys"),
    "supplier_status_valid": lambda b: Supplier(ref="X", legal_name="X", country="DE", category="components", status="gone"),
    "supplier_ref_unique": lambda b: Supplier(ref="S", legal_name="X", country="DE", category="components"),
    "contact_unique_email_per_supplier": lambda b: [SupplierContact.objects.create(supplier=b["supplier"], name="a", email="a@x.org"),
                                                    SupplierContact(supplier=b["supplier"], name="b", email="a@x.org")][1],
    "site_country_iso": lambda b: Site(ref="X", name="X", kind="factory", country="XX", latitude=0, longitude=0),
    "site_latitude_range": lambda b: Site(ref="X", name="X", kind="factory", country="DE", latitude=91, longitude=0),
    "site_longitude_range": lambda b: Site(ref="X", name="X", kind="factory", country="DE", latitude=0, longitude=-181),
    "site_ttr_positive": lambda b: Site(ref="X", name="X", kind="factory", country="DE", latitude=0, longitude=0, ttr_days=0),
    "site_kind_valid": lambda b: Site(ref="X", name="X", kind="castle", country="DE", latitude=0, longitude=0),
    "item_kind_valid": lambda b: Item(ref="X", name="X", kind="gadget"),
    "item_unit_cost_nonnegative": lambda b: Item(ref="X", name="X", kind="component", unit_cost=-1),
    "item_demand_only_products": lambda b: Item(ref="X", name="X", kind="component", demand_per_day=1),
    "source_item_site_unique": lambda b: [ItemSource.objects.create(ref="A", item=b["item"], site=b["site"]),
                                          ItemSource(ref="B", item=b["item"], site=b["site"])][1],
    "source_capacity_nonnegative": lambda b: ItemSource(ref="A", item=b["item"], site=b["site"], capacity_per_day=-1),
    "source_share_range": lambda b: ItemSource(ref="A", item=b["item"], site=b["site"], share=1.5),
    "bom_quantity_positive": lambda b: BomLine(parent=b["product"], child=b["item"], quantity=0),
    "bom_no_self_loop": lambda b: BomLine(parent=b["item"], child=b["item"], quantity=1),
    "network_criticality_range": lambda b: CustomerNetwork(ref="X", customer=b["customer"], name="X", country="FR", kind="mobile", criticality=5),
    "network_kind_valid": lambda b: CustomerNetwork(ref="X", customer=b["customer"], name="X", country="FR", kind="pigeon"),
    "deployment_network_product_unique": lambda b: [Deployment.objects.create(network=b["network"], product=b["product"]),
                                                    Deployment(network=b["network"], product=b["product"])][1],
    "deployment_revenue_nonnegative": lambda b: Deployment(network=b["network"], product=b["product"], annual_revenue=-1),
    "contract_dates_ordered": lambda b: Contract(ref="X", supplier=b["supplier"], title="X", start_date=dt.date(2025, 2, 1),
                                                 end_date=dt.date(2025, 1, 1)),
    "contract_value_nonnegative": lambda b: Contract(ref="X", supplier=b["supplier"], title="X", start_date=dt.date(2025, 1, 1), value=-5),
}


@pytest.mark.parametrize("name", sorted(BAD_ROWS))
def test_database_rejects(base, name):
    row = BAD_ROWS[name](base)
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()
