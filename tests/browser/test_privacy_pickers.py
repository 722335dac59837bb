"""In Chromium: the ref pickers of the processing-activity form suggest suppliers as one types (a
datalist filled from /privacy/lookup/), choosing one keeps the refs typed before it, and the saved
record shows the processor."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_processor_picker_suggests_and_keeps_earlier_refs(browser_page, live_url, role_users, login_as, submit,
                                                          supplier_factory):
    supplier_factory(ref="PRC-00001", legal_name="Kestrel Payroll GmbH", category="software")
    supplier_factory(ref="PRC-00002", legal_name="Osprey Cloud Hosting BV", category="cloud_it_services")
    page = login_as(role_users["privacy_officer"])
    page.goto(f"{live_url}/privacy/activities/new/")
    picker = page.get_by_label("Processors (supplier refs)")
    picker.fill("PRC-00001, osprey")
    options = page.locator("#id_processors_options option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "PRC-00001, PRC-00002")
    expect(options.first).to_have_attribute("label", "Osprey Cloud Hosting BV (DE)")
    picker.fill(options.first.get_attribute("value"))
    page.get_by_label("Ref", exact=True).fill("ROPA-0001")
    page.get_by_label("Name", exact=True).fill("Payroll")
    page.get_by_label("Purpose", exact=True).fill("Paying staff")
    page.get_by_label("Legal basis", exact=True).select_option("6.1.b")
    page.get_by_label("Retention", exact=True).fill("10 years after employment ends")
    submit(page, page.get_by_role("button", name="Save"))
    expect(page.locator("h1")).to_contain_text("Payroll")
    expect(page.locator("dl.facts")).to_contain_text("Kestrel Payroll GmbH")
    expect(page.locator("dl.facts")).to_contain_text("Osprey Cloud Hosting BV")
    assert page.console_errors == []
