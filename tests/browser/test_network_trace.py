"""Follow a supplier to the customer networks it exposes, in a real browser; the map draws its sites."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from steadfast.network.testing import sample_chain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supplier_to_exposed_customer_networks(browser_page, live_url, role_users, login_as):
    chain = sample_chain("BRW")
    page = login_as(role_users["risk_analyst"])
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Suppliers").click()
    page.locator("input[name=q]").fill("BRW supplier")
    page.get_by_role("button", name="Filter").click()
    # The filtered page must have loaded, or the click lands on the unfiltered list mid-navigation.
    expect(page).to_have_url(re.compile(r"[?&]q=BRW\+supplier"))
    page.get_by_role("link", name="BRW-SUP").click()
    expect(page.get_by_role("heading", name=re.compile("BRW supplier"))).to_be_visible()
    exposed = page.get_by_test_id("exposed-networks")
    expect(exposed).to_contain_text("BRW network")
    expect(page.get_by_test_id("supplier-trace")).to_contain_text("BRW-PART → BRW-PROD")
    exposed.get_by_role("link", name="BRW network").click()
    expect(page).to_have_url(re.compile(rf"/networks/{chain['network_id'].pk}/$"))
    page.get_by_role("link", name="Trace suppliers").click()
    expect(page.get_by_role("link", name="BRW supplier")).to_be_visible()
    assert page.console_errors == []


def test_map_draws_sites_without_csp_errors(browser_page, live_url, role_users, login_as):
    sample_chain("MAP")
    page = login_as(role_users["administrator"])
    page.goto(f"{live_url}/map/")
    expect(page.locator("#world-map svg path.country")).to_have_count(177)
    expect(page.locator("#world-map svg circle.site")).to_have_count(1)
    page.select_option("select[name=colour]", "tier")
    expect(page.locator("#map-legend")).to_contain_text("tier 1")
    assert page.console_errors == []
