"""An alert opens a candidate; the incident manager declares it, assigns the commander, publishes an
update; the customer viewer sees it in the portal; resolution settles the restore-target obligation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_alert_to_resolution(browser_page, live_url, role_users, login_as, home_customer):
    from steadfast.incidents.models import Incident
    from steadfast.incidents.services import create_alert_source
    from steadfast.network.models import CustomerNetwork

    CustomerNetwork.objects.create(ref="NET-HOME-1", customer=home_customer, name="Home LTE", country="FR", kind="mobile",
                                   subscribers=3_000_000, restore_target_hours=6)
    manager, viewer = role_users["incident_manager"], role_users["customer_viewer"]
    _, secret = create_alert_source(actor=None, name="NOC monitoring")
    page = browser_page
    answer = page.request.post(f"{live_url}/api/v1/alerts", headers={"Authorization": f"Bearer {secret}"}, data={
        "dedup_key": "home-lte-s1", "source": "prometheus", "network": "NET-HOME-1", "severity": "critical",
        "summary": "S1 links down on Home LTE MME pool"})
    assert answer.status == 201, answer.text()
    incident = Incident.objects.get()
    assert incident.status == "candidate"

    login_as(manager)
    page.goto(f"{live_url}/incidents/{incident.pk}/")
    expect(page.get_by_test_id("status")).to_have_text("Candidate")
    page.get_by_test_id("to-declared").click()
    expect(page.get_by_test_id("status")).to_have_text("Declared")
    page.get_by_test_id("role-form").locator("select").select_option("commander")
    page.get_by_test_id("role-form").locator("input[name=person]").fill(manager.username)
    page.get_by_test_id("role-form").get_by_role("button", name="Assign").click()
    expect(page.get_by_test_id("roles")).to_contain_text(manager.username)
    page.get_by_text("Publish an update").click()
    form = page.get_by_test_id("update-form")
    form.get_by_label("Conditions").fill("S1 links to the MME pool are down; 4G attach fails in the west")
    form.get_by_label("Actions").fill("Failing over to the standby MME pool")
    form.get_by_role("button", name="Publish").click()
    expect(page.get_by_test_id("update")).to_contain_text("standby MME pool")
    expect(page.get_by_test_id("timeline")).to_contain_text("update published")
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    login_as(viewer)
    page.goto(f"{live_url}/incidents/")
    page.get_by_role("link", name=incident.ref).click()
    expect(page.get_by_test_id("update")).to_contain_text("standby MME pool")
    expect(page.get_by_test_id("obligations")).to_have_count(0)
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))

    login_as(manager)
    page.goto(f"{live_url}/incidents/{incident.pk}/")
    for step, label in (("investigating", "Investigating"), ("mitigated", "Mitigated"), ("resolved", "Resolved")):
        page.get_by_test_id(f"to-{step}").click()
        expect(page.get_by_test_id("status")).to_have_text(label)
    restore = page.get_by_test_id("obligations").locator("tr", has_text="restore target")
    expect(restore.get_by_test_id("obligation-state")).to_have_text("met")
    assert not page.console_errors, page.console_errors
