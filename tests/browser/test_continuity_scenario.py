"""A continuity manager draws a circle on the world map around Kobe, runs the scenario, sees the
products and customer networks it hits and the TTS-vs-TTR chart (one bar per product), saves it and links a plan."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_circle_scenario_save_and_link_a_plan(browser_page, live_url, make_user, login_as, submit):
    from django.urls import reverse

    from steadfast.continuity.services.plans import add_step, create_plan
    from steadfast.continuity.testing import build_small_map
    from steadfast.core.models import Job
    from steadfast.core.roles import Role
    from steadfast.core.services import jobs

    reverse("continuity:builder")  # load the URL conf (every app's views) here, not in the first request
    build_small_map()
    manager = make_user(Role.CONTINUITY_MANAGER, username="bcm-lead")
    plan = create_plan(actor=manager, ref="BCP-JP-EQ", title="Kansai earthquake response", hazard="earthquake",
                       scope="country", country="JP", activation_criteria="Magnitude 6.0+ near a covered site")
    add_step(actor=manager, plan=plan, action="Account for staff", owner_role="Site emergency lead", within_hours=2)
    page = login_as(manager)
    page.goto(f"{live_url}/continuity/scenarios/builder/")
    world = page.get_by_test_id("scenario-map-svg")
    expect(world).to_be_visible()
    box = world.bounding_box()
    # equirectangular 360 × 180: Kobe at 34.69 N, 135.19 E
    page.mouse.click(box["x"] + box["width"] * (135.19 + 180) / 360, box["y"] + box["height"] * (90 - 34.69) / 180)
    expect(page.get_by_label("Latitude")).to_have_value(re.compile(r"^3[45]\."))
    page.get_by_label("Radius (km)").fill("250")
    expect(page.get_by_test_id("footprint")).not_to_have_attribute("rx", "0")
    page.get_by_label("TTR (days)").fill("30")
    submit(page, page.get_by_test_id("run-scenario"))
    expect(page).to_have_url(re.compile(r"/continuity/scenarios/jobs/\d+/$"))
    jobs.run(Job.objects.get(kind="continuity.scenario").pk)  # what the worker does
    expect(page.get_by_test_id("products")).to_contain_text("ROUTER", timeout=20000)
    expect(page.get_by_test_id("networks")).to_contain_text("2 networks, 1,050,000 subscribers")
    expect(page.get_by_test_id("pi")).to_contain_text("13,000")
    expect(page.get_by_test_id("tts-chart").locator("img.chart")).to_be_visible()
    # the TTS-vs-TTR chart per product: one bar per product against the scenario's TTR, and the table row
    chart = page.get_by_test_id("product-tts-chart")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("alt", "Each product's TTS against the TTR")
    expect(page.get_by_test_id("products").get_by_role("row", name=re.compile("ROUTER"))).to_contain_text("4.0 days")
    page.get_by_label("Name").fill("Kansai earthquake M7")
    page.get_by_label("Hazard").select_option("earthquake")
    submit(page, page.get_by_test_id("save-scenario").get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", name="Kansai earthquake M7")).to_be_visible()
    page.get_by_test_id("link-plan").get_by_label("Plan").select_option(label="BCP-JP-EQ Kansai earthquake response")
    submit(page, page.get_by_role("button", name="Link the plan"))
    expect(page.get_by_test_id("linked-plans")).to_contain_text("BCP-JP-EQ")
    assert not page.console_errors, page.console_errors
