"""A continuity manager edits a contingency plan in Chromium: picks an alternate site by clicking the
world map near Hsinchu, adds it as a resource, and moves a step up."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_an_alternate_site_on_the_map_and_reorder_steps(browser_page, live_url, make_user, login_as, submit):
    from django.urls import reverse

    from steadfast.continuity.models import PlanResource
    from steadfast.continuity.services.plans import create_plan
    from steadfast.continuity.testing import build_small_map
    from steadfast.core.roles import Role

    reverse("continuity:plans")  # load the URL conf here, not in the first request
    build_small_map()
    manager = make_user(Role.CONTINUITY_MANAGER, username="bcm-lead")
    plan = create_plan(actor=manager, ref="BCP-KOBE-EQ", title="Kobe fab earthquake", hazard="earthquake", scope="site",
                       site="KOBE-F1", activation_criteria="JMA intensity 6- or stronger in Hyogo",
                       steps=[{"action": "Account for staff", "owner_role": "Site emergency lead", "within_hours": 2},
                              {"action": "Activate the Hsinchu fab", "owner_role": "Commodity manager", "within_hours": 48}])
    page = login_as(manager)
    page.goto(f"{live_url}{plan.page_url()}")
    world = page.get_by_test_id("resource-map-svg")
    expect(world).to_be_visible()
    world.scroll_into_view_if_needed()  # the map sits below the steps: clicks land in the viewport
    box = world.bounding_box()
    # equirectangular 360 × 180: Hsinchu at 24.80 N, 120.97 E
    page.mouse.click(box["x"] + box["width"] * (120.97 + 180) / 360, box["y"] + box["height"] * (90 - 24.80) / 180)
    nearest = page.get_by_test_id("nearest-sites").get_by_role("button").first
    expect(nearest).to_contain_text("HSIN-F1")
    nearest.click()
    expect(page.get_by_label("Site ref")).to_have_value("HSIN-F1")
    expect(page.get_by_label("Kind")).to_have_value("alternate_site")
    page.get_by_label("Note").fill("Hsinchu fab takes the ASIC")
    submit(page, page.get_by_role("button", name="Add resource"))
    expect(page.get_by_test_id("resources")).to_contain_text("HSIN-F1")
    assert PlanResource.objects.get(plan=plan).site.ref == "HSIN-F1"
    submit(page, page.get_by_test_id("steps").get_by_role("button", name="↑"))
    expect(page.get_by_test_id("steps").locator("tbody tr").first).to_contain_text("Activate the Hsinchu fab")
    assert not page.console_errors, page.console_errors
