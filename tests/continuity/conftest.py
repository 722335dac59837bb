"""The hand-built map of the continuity tests: see steadfast.continuity.testing.SMALL_MAP."""

from __future__ import annotations

import pytest

from steadfast.continuity.testing import SmallMap, build_small_map
from steadfast.network.models import BomLine, CustomerNetwork, Deployment, Item, ItemSource, Site, Supplier


@pytest.fixture
def small_map(db) -> SmallMap:
    return build_small_map()


@pytest.fixture
def two_products(small_map):
    """The small map plus SWITCH (2/day, margin 50, 20 on hand at HQ-F1) made of FAN, from FANCO-F1 only
    (no stock), run by the network NET-SWITCH-1 (8,000 subscribers)."""
    fanco = Supplier.objects.create(ref="FANCO", legal_name="Fan Company Ltd", country="JP", category="components")
    site = Site.objects.create(ref="FANCO-F1", owner_supplier=fanco, name="Fan plant", kind="factory", country="JP",
                               latitude=35.0, longitude=136.0, ttr_days=30)
    fan = Item.objects.create(ref="FAN", name="Cooling fan", kind="component")
    switch = Item.objects.create(ref="SWITCH", name="Access switch AS-2", kind="product", demand_per_day=2,
                                 margin_per_unit=50)
    ItemSource.objects.create(ref="FAN@FANCO-F1", item=fan, site=site, capacity_per_day=10, inventory=0, ttr_days=30)
    ItemSource.objects.create(ref="SWITCH@HQ-F1", item=switch, site=small_map.sites["HQ-F1"], capacity_per_day=10,
                              inventory=20)
    BomLine.objects.create(parent=switch, child=fan, quantity=1)
    campus = CustomerNetwork.objects.create(ref="NET-SWITCH-1", customer=small_map.networks["NET-ROUTER-1"].customer,
                                            name="Nordtel campus LAN", country="FI", kind="enterprise", subscribers=8_000)
    Deployment.objects.create(network=campus, product=switch, annual_revenue=12_000)
    small_map.networks["NET-SWITCH-1"] = campus
    return small_map
