"""A small hand-built business map shared by the network tests.

    supplier ACME (tier 1) ── site ACME-F1 ── sources CHIP, PSU
    supplier BETA (tier 1) ── site BETA-F1 ── sources CHIP (a second source), CASE
    supplier GAMMA (tier 2, through ACME) ── site GAMMA-W1 ── sources WAFER
    our own site HQ-F1 ── sources BOARD, ROUTER, SWITCH

    BOM:  ROUTER ← 1 × BOARD ← 2 × CHIP ← 1 × WAFER;  ROUTER ← 1 × PSU;  ROUTER ← 1 × CASE
          SWITCH ← 1 × BOARD;  LAMP (product) ← 1 × CASE
    networks: NET-A (ROUTER, revenue 1000), NET-B (SWITCH, 500), NET-C (LAMP, 10) — customer TEL
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from steadfast.network import services


@dataclass
class Map:
    acme: object
    beta: object
    gamma: object
    tel: object
    items: dict
    sites: dict
    networks: dict


@pytest.fixture
def business_map(db, admin_user) -> Map:
    actor = admin_user
    acme = services.create_supplier(actor=actor, ref="ACME", legal_name="Acme Parts", country="DE", category="components")
    beta = services.create_supplier(actor=actor, ref="BETA", legal_name="Beta Plastics", country="CN", category="components")
    gamma = services.create_supplier(actor=actor, ref="GAMMA", legal_name="Gamma Wafers", country="TW",
                                     category="components", tier=2, parent=acme)
    sites = {
        ref: services.create_site(actor=actor, ref=ref, name=f"{ref} site", kind=kind, country=country,
                                  latitude=lat, longitude=lon, owner_supplier=owner)
        for ref, kind, country, lat, lon, owner in [
            ("ACME-F1", "factory", "DE", 48.1, 11.6, acme), ("BETA-F1", "factory", "CN", 22.5, 114.0, beta),
            ("GAMMA-W1", "factory", "TW", 24.8, 121.0, gamma), ("HQ-F1", "factory", "FI", 60.2, 24.9, None),
        ]
    }
    items = {}
    for ref, kind in [("WAFER", "raw_material"), ("CHIP", "component"), ("PSU", "component"), ("CASE", "component"),
                      ("BOARD", "assembly"), ("ROUTER", "product"), ("SWITCH", "product"), ("LAMP", "product")]:
        extra = {"demand_per_day": 10, "margin_per_unit": 100} if kind == "product" else {}
        items[ref] = services.create_item(actor=actor, ref=ref, name=ref.title(), kind=kind, **extra)
    for item_ref, site_ref in [("CHIP", "ACME-F1"), ("PSU", "ACME-F1"), ("CHIP", "BETA-F1"), ("CASE", "BETA-F1"),
                               ("WAFER", "GAMMA-W1"), ("BOARD", "HQ-F1"), ("ROUTER", "HQ-F1"), ("SWITCH", "HQ-F1")]:
        services.create_item_source(actor=actor, item=items[item_ref], site=sites[site_ref], capacity_per_day=100)
    for parent, child, qty in [("ROUTER", "BOARD", 1), ("BOARD", "CHIP", 2), ("CHIP", "WAFER", 1), ("ROUTER", "PSU", 1),
                               ("ROUTER", "CASE", 1), ("SWITCH", "BOARD", 1), ("LAMP", "CASE", 1)]:
        services.create_bom_line(actor=actor, parent=items[parent], child=items[child], quantity=qty)
    tel = services.create_customer(actor=actor, ref="TEL", name="Telco", country="FR")
    networks = {}
    for ref, product, revenue, subscribers in [("NET-A", "ROUTER", 1000, 1_000_000), ("NET-B", "SWITCH", 500, 200_000),
                                               ("NET-C", "LAMP", 10, 5)]:
        networks[ref] = services.create_customer_network(actor=actor, ref=ref, customer=tel, name=f"{ref} network",
                                                         country="FR", kind="mobile", subscribers=subscribers)
        services.create_deployment(actor=actor, network=networks[ref], product=items[product], annual_revenue=revenue)
    return Map(acme, beta, gamma, tel, items, sites, networks)
