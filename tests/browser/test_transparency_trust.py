"""A visitor opens the public trust page without logging in; the charts (matplotlib SVG as data:
images) render with no CSP violation; a signed-in manager sees the incident figures' charts too."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published(settings, tmp_path, customer_factory):
    from steadfast.core import charts
    from steadfast.network.models import CustomerNetwork
    from steadfast.transparency.selectors.figures import Period
    from steadfast.transparency.services.publications import publish

    settings.STEADFAST_SIGNING_KEY = tmp_path / "keys" / "ed25519.pem"
    rhein = customer_factory(name="Rhein Telekom AG", country="DE")
    CustomerNetwork.objects.create(ref="NET-DE-1", customer=rhein, name="Rhein Mobil", country="DE", kind="mobile",
                                   subscribers=10_000_000)
    year = dt.date.today().year
    publish(actor=None, period=Period.year(year - 2))
    CustomerNetwork.objects.create(ref="NET-AT-1", customer=rhein, name="Rhein Austria", country="AT", kind="fixed",
                                   subscribers=350_000)
    latest = publish(actor=None, period=Period.year(year - 1))
    charts.bar_chart([("a", 1)], title="warm-up", y_label="n").svg()  # matplotlib loaded before the clock runs
    return latest


def _charts_drawn(page) -> int:
    return page.evaluate("() => [...document.querySelectorAll('img.chart')].filter(i => i.complete && i.naturalWidth > 0).length")


def test_a_visitor_opens_the_trust_page_without_logging_in(browser_page, live_url, published, follow):
    page = browser_page
    page.goto(f"{live_url}/trust/", timeout=60_000)  # a shared CI machine may be slow to draw the charts
    expect(page).to_have_url(f"{live_url}/trust/")  # not sent to the login page
    expect(page.get_by_role("heading", name="Trust and transparency")).to_be_visible()
    expect(page.get_by_test_id("trust-figures")).to_contain_text("10,350,000")
    expect(page.get_by_test_id("publications")).to_contain_text(published.sha256)
    expect(page.get_by_test_id("public-key")).to_contain_text("BEGIN PUBLIC KEY")
    expect(page.get_by_test_id("no-centres")).to_be_visible()
    figures = len(published.snapshot["figures"])
    page.wait_for_function(f"() => document.querySelectorAll('img.chart').length === {figures}")
    assert _charts_drawn(page) == figures
    follow(page, page.get_by_role("link", name=f"Trust report {published.period_label}"), re.compile(r"/trust/reports/\d+/$"))
    expect(page.get_by_test_id("report-figure")).to_have_count(figures)
    assert _charts_drawn(page) == figures
    assert page.console_errors == [], page.console_errors


def test_retired_plots_render_as_charts_without_csp_violations(browser_page, live_url, role_users, login_as):
    page = login_as(role_users["incident_manager"])
    page.goto(f"{live_url}/incidents/figures/", timeout=60_000)
    expect(page.get_by_test_id("mttr-plot")).to_be_visible()
    assert _charts_drawn(page) == 4
    assert page.console_errors == [], page.console_errors
