"""A small business map for the API-wide tests: a few suppliers, sites, items, sources, a BOM and a
customer network, so that generated requests meet real records and not only 404s."""

from __future__ import annotations

import pytest


@pytest.fixture
def api_map(db, admin_user):
    from steadfast.network import services

    actor = admin_user
    nordic = services.create_supplier(actor=actor, ref="SUP-NORDIC", legal_name="Nordic Optics AB", country="SE",
                                      category="components")
    shenzhen = services.create_supplier(actor=actor, ref="SUP-SZPCB", legal_name="Shenzhen Kaifa PCB Co., Ltd.",
                                        country="CN", category="components")
    sites = {
        "SE": services.create_site(actor=actor, ref="SITE-SE-LUND", name="Lund optics plant", kind="factory",
                                   country="SE", latitude=55.7, longitude=13.2, owner_supplier=nordic),
        "CN": services.create_site(actor=actor, ref="SITE-CN-SZ", name="Shenzhen PCB line 3", kind="factory",
                                   country="CN", latitude=22.5, longitude=114.1, owner_supplier=shenzhen),
    }
    optic = services.create_item(actor=actor, ref="SFP-10G-LR", name="10G LR optical transceiver", kind="component")
    board = services.create_item(actor=actor, ref="PCB-RTR-MAIN", name="Router main board", kind="component")
    router = services.create_item(actor=actor, ref="RTR-8800", name="RTR-8800 edge router", kind="product",
                                  demand_per_day=40, margin_per_unit=1200)
    services.create_item_source(actor=actor, item=optic, site=sites["SE"], capacity_per_day=500)
    services.create_item_source(actor=actor, item=board, site=sites["CN"], capacity_per_day=120)
    services.create_bom_line(actor=actor, parent=router, child=optic, quantity=4)
    services.create_bom_line(actor=actor, parent=router, child=board, quantity=1)
    customer = services.create_customer(actor=actor, ref="CUS-IBERIA", name="Iberia Telecom S.A.", country="ES")
    network = services.create_customer_network(actor=actor, ref="NET-ES-MOB", customer=customer,
                                               name="Iberia mobile core", country="ES", kind="mobile",
                                               subscribers=3_400_000)
    services.create_deployment(actor=actor, network=network, product=router, annual_revenue=2_500_000)
    return {"supplier": nordic, "customer": customer}
