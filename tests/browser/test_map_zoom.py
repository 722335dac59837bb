"""The world map zooms and pans: buttons, wheel, drag and keyboard, from a static file (CSP-safe)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from steadfast.network import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _view(svg) -> list[float]:
    return [float(v) for v in svg.get_attribute("viewBox").split()]


def test_the_world_map_zooms_and_pans(browser_page, live_url, role_users, login_as):
    admin = role_users["administrator"]
    supplier = services.create_supplier(actor=admin, ref="ZM", legal_name="Zoom Optics GmbH", country="DE",
                                        category="components")
    services.create_site(actor=admin, ref="ZM-F1", name="Jena optics plant", kind="factory", country="DE",
                         latitude=50.93, longitude=11.59, owner_supplier=supplier)
    page = login_as(admin)
    page.goto(f"{live_url}/map/")
    svg = page.locator("#world-map svg")
    expect(svg).to_have_attribute("data-zoom-level", "1.00")
    whole = _view(svg)
    zoom_out = page.get_by_role("button", name="Zoom out")
    expect(zoom_out).to_be_disabled()
    site = page.locator("#world-map svg circle.site")
    r_before = float(site.get_attribute("r"))

    page.get_by_role("button", name="Zoom in").click()
    expect(svg).to_have_attribute("data-zoom-level", "1.50")
    expect(zoom_out).to_be_enabled()
    assert _view(svg)[2] == pytest.approx(whole[2] / 1.5)
    assert float(site.get_attribute("r")) < r_before  # dots keep about their size on screen

    box = svg.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    expect(svg).not_to_have_attribute("data-zoom-level", "1.50")
    before = _view(svg)
    page.mouse.move(box["x"] + 200, box["y"] + 150)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 110, steps=5)
    page.mouse.up()
    after = _view(svg)
    assert after[0] > before[0] and after[2] == pytest.approx(before[2])  # dragged left: the view moved east
    expect(page).to_have_url(f"{live_url}/map/")  # a drag does not open a site

    svg.focus()
    page.keyboard.press("ArrowLeft")
    assert _view(svg)[0] < after[0]
    page.keyboard.press("0")
    expect(svg).to_have_attribute("data-zoom-level", "1.00")
    assert _view(svg) == pytest.approx(whole)
    page.keyboard.press("+")
    expect(svg).to_have_attribute("data-zoom-level", "1.50")
    assert page.console_errors == []
