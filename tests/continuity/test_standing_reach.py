"""The continuity card on supplier, site and item pages names the products and customer networks the
record's loss hits (at-risk scenarios of the latest run, walked up the map's BOM), or what it feeds
when none of its scenarios is at risk. Map: conftest.py `two_products` (ROUTER and SWITCH)."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from steadfast.continuity.selectors import reach as reach_module
from steadfast.continuity.selectors.reach import reach
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.core.roles import Role
from steadfast.core.services import jobs


@pytest.fixture
def run(two_products, admin_user):
    run = start_analysis_run(actor=admin_user, label="reach", default_ttr_days=14)
    jobs.run(run.job.pk)
    run.refresh_from_db()
    return run


def _refs(answer) -> tuple[bool, list[str], list[str], int]:
    return answer.at_risk, [ref for _, ref, _ in answer.products], [ref for _, ref, _, _ in answer.networks], answer.subscribers


def test_what_each_record_hits(run, two_products):
    m = two_products
    # KOBE's fab (4 days of chips for a 30-day recovery) hits the routers and both router networks
    assert _refs(reach(run, supplier_id=m.suppliers["KOBE"].pk)) == (
        True, ["ROUTER"], ["NET-ROUTER-1", "NET-ROUTER-2"], 1_050_000)
    # the fans (no stock, 30 days) hit the switches: 20 on hand last 10 days
    assert _refs(reach(run, item_id=item_id_of(m, "FAN"))) == (True, ["SWITCH"], ["NET-SWITCH-1"], 8_000)
    # our own assembly site makes both products
    assert _refs(reach(run, site_id=m.sites["HQ-F1"].pk)) == (
        True, ["ROUTER", "SWITCH"], ["NET-ROUTER-1", "NET-ROUTER-2", "NET-SWITCH-1"], 1_058_000)
    # HSIN is covered by KOBE (unbounded) and RHEIN's cases last its TTR: what they feed, not hit
    assert _refs(reach(run, supplier_id=m.suppliers["HSIN"].pk)) == (
        False, ["ROUTER"], ["NET-ROUTER-1", "NET-ROUTER-2"], 1_050_000)
    assert reach(run, source_id=m.sources["CASE@RHEIN-W1"].pk).at_risk is False


def item_id_of(m, ref: str) -> int:
    from steadfast.network.models import Item

    return Item.objects.get(ref=ref).pk


def test_the_card_on_the_pages(run, two_products, make_user, monkeypatch):
    manager = make_user(Role.CONTINUITY_MANAGER, username="bcm-lead")
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("network:site", args=[two_products.sites["HQ-F1"].pk])).content.decode()
    assert "Products it hits" in page and "Customer networks it hits" in page
    assert "3 networks, 1,058,000 subscribers" in page and "NET-SWITCH-1</a> (8,000)" in page
    assert reverse("network:item", args=[item_id_of(two_products, "SWITCH")]) in page
    supplier = client.get(reverse("network:supplier", args=[two_products.suppliers["HSIN"].pk])).content.decode()
    assert "Products it feeds" in supplier and "none runs short before recovery" in supplier
    # beyond the first few, a count of the rest
    monkeypatch.setattr(reach_module, "SHOWN_PRODUCTS", 1)
    monkeypatch.setattr(reach_module, "SHOWN_NETWORKS", 1)
    page = client.get(reverse("network:site", args=[two_products.sites["HQ-F1"].pk])).content.decode()
    assert "ROUTER</a> and 1 more" in page and "NET-ROUTER-1</a> (1,000,000) and 2 more" in page


def test_roles_without_continuity_see_no_card(run, two_products, make_user):
    template = Template("{% load continuity_tags %}{% continuity_standing user=user site=site %}")
    privacy = make_user(Role.PRIVACY_OFFICER, username="dpo")
    assert "Products it" not in template.render(Context({"user": privacy, "site": two_products.sites["HQ-F1"]}))
