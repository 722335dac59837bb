"""Follow a supplier to the customer networks it exposes, in a real browser; the map draws its sites."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from steadfast.network.testing import sample_chain

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_supplier_to_exposed_customer_networks(browser_page, live_url, role_users, login_as, follow):
    chain = sample_chain("BRW")
    page = login_as(role_users["risk_analyst"])
    follow(page, page.get_by_role("navigation", name="Main").get_by_role("link", name="Suppliers"),
           re.compile(r"/suppliers/$"))
    page.locator("input[name=q]").fill("BRW supplier")
    # The filtered list must be in (htmx swaps it, then pushes its URL, spaces as %20), or the
    # click lands on the unfiltered list.
    follow(page, page.get_by_role("button", name="Filter"), re.compile(r"[?&]q=BRW(\+|%20)supplier"))
    follow(page, page.get_by_role("link", name="BRW-SUP"), re.compile(r"/suppliers/\d+/$"))
    expect(page.get_by_role("heading", name=re.compile("BRW supplier"))).to_be_visible()
    exposed = page.get_by_test_id("exposed-networks")
    expect(exposed).to_contain_text("BRW network")
    expect(page.get_by_test_id("supplier-trace")).to_contain_text("BRW-PART → BRW-PROD")
    network = chain["network_id"]
    follow(page, exposed.get_by_role("link", name="BRW network"), re.compile(rf"/networks/{network.pk}/$"))
    follow(page, page.get_by_role("link", name="Trace suppliers"), re.compile(rf"/networks/{network.pk}/trace/$"))
    expect(page.get_by_role("link", name="BRW supplier")).to_be_visible()
    assert page.console_errors == []


def test_map_draws_sites_and_shades_network_countries_without_csp_errors(browser_page, live_url, role_users,
                                                                         login_as):
    chain = sample_chain("MAP")
    page = login_as(role_users["administrator"])
    page.goto(f"{live_url}/map/")
    expect(page.locator("#world-map svg path.country")).to_have_count(177)
    expect(page.locator("#world-map svg circle.site")).to_have_count(1)
    # The one customer network's country is shaded darkest, visibly (the stylesheet's fill for .country
    # once hid every shade), and no other country is.
    country = chain["network_id"].country
    shaded = page.locator("#world-map svg path.country.s5")
    expect(shaded.first).to_have_attribute("data-iso", country)
    assert {p.get_attribute("data-iso") for p in shaded.all()} == {country}
    assert shaded.first.evaluate("p => getComputedStyle(p).fill") == "rgb(8, 81, 156)"
    expect(page.locator("#map-legend")).to_contain_text("networks per country")
    page.select_option("select[name=shade]", "")
    expect(page.locator("#world-map svg path.country.s5")).to_have_count(0)
    page.select_option("select[name=colour]", "tier")
    expect(page.locator("#map-legend")).to_contain_text("tier 1")
    assert page.console_errors == []


def test_a_long_trace_table_shows_its_first_rows_then_the_rest_on_demand(browser_page, live_url, role_users, login_as,
                                                                          monkeypatch):
    """Pages of one row (the live server runs in this process): the sourcing tree shows the product,
    "Show next" swaps the next line in place of the button row, within the CSP."""
    from steadfast.network.views import traces

    monkeypatch.setattr(traces, "PAGE_SIZE", 1)
    chain = sample_chain("MORE")
    page = login_as(role_users["risk_analyst"])
    page.goto(f"{live_url}/items/{chain['product'].pk}/trace/")
    tree = page.get_by_test_id("sourcing-tree")
    expect(tree).to_contain_text("MORE product")
    expect(tree).not_to_contain_text("MORE part")
    expect(page.get_by_test_id("more-nodes")).to_contain_text("Showing 1 of 2.")
    page.get_by_role("button", name="Show next 1").click()
    expect(tree).to_contain_text("MORE part")
    expect(page.get_by_test_id("more-nodes")).to_have_count(0)
    expect(tree.locator("tbody tr")).to_have_count(2)
    assert page.console_errors == []
