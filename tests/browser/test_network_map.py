"""The world map past STEADFAST_MAP_SITE_LIMIT draws one circle per grid cell; filters change the totals."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from steadfast.network import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_map_groups_sites_into_cells_past_the_limit(browser_page, live_url, role_users, login_as, settings):
    settings.STEADFAST_MAP_SITE_LIMIT = 2  # the live server runs in this process
    admin = role_users["administrator"]
    supplier = services.create_supplier(actor=admin, ref="CLU", legal_name="Cluster Parts", country="DE",
                                        category="components")
    for ref, kind, country, lat, lon, owner in [
        ("CLU-F1", "factory", "DE", 48.1, 11.6, supplier), ("CLU-F2", "factory", "DE", 48.4, 11.1, supplier),
        ("CLU-F3", "factory", "DE", 48.9, 11.9, supplier), ("CLU-W1", "warehouse", "CL", -33.9, -70.6, None),
        ("CLU-O1", "office", "SE", 59.3, 18.1, None),
    ]:
        services.create_site(actor=admin, ref=ref, name=f"{ref} site", kind=kind, country=country,
                             latitude=lat, longitude=lon, owner_supplier=owner)
    page = login_as(admin)
    page.goto(f"{live_url}/map/")
    clusters = page.locator("#world-map svg circle.cluster")
    expect(clusters).to_have_count(3)
    expect(page.locator("#world-map svg circle.site")).to_have_count(0)
    count = page.locator("#map-legend .map-count")
    expect(count).to_have_text("5 sites in 3 cells (grouped: more than 2 sites)")
    # Largest cell first: three factories in one 1° cell, titled with what it holds.
    expect(clusters.first.locator("title")).to_have_text("3 sites: 3 factories")
    assert float(clusters.first.get_attribute("r")) > float(clusters.last.get_attribute("r"))

    page.select_option("select[name=kind]", label="Factory")
    expect(clusters).to_have_count(1)
    expect(count).to_have_text("3 sites in 1 cell (grouped: more than 2 sites)")
    page.select_option("select[name=kind]", "")
    page.select_option("select[name=tier]", "0")
    expect(count).to_have_text("2 sites in 2 cells (grouped: more than 2 sites)")
    page.select_option("select[name=tier]", "")
    page.locator("input[name=country]").fill("cl")
    page.locator("input[name=country]").press("Enter")
    expect(count).to_have_text("1 site in 1 cell (grouped: more than 2 sites)")
    expect(clusters.first.locator("title")).to_have_text("1 site: 1 warehouse")
    page.locator("input[name=country]").fill("")
    page.locator("input[name=country]").press("Enter")
    page.select_option("select[name=colour]", "tier")
    expect(clusters.first.locator("title")).to_have_text("3 sites: 3 factories; 3 tier 1")
    expect(clusters.first).to_have_attribute("fill", "#ff7f0e")  # tier 1's colour
    assert page.console_errors == []
