"""In Chromium: the privacy officer creates a DPA, uploads its PDF and sends it; the supplier opens
it, reviews and accepts it; the register shows it active with the accepted document's SHA-256."""

from __future__ import annotations

import hashlib
import re

import pytest
from playwright.sync_api import expect

from steadfast.privacy.demo.documents import render_pdf
from steadfast.privacy.demo.wordings import agreement_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _logout(page):
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_officer_sends_supplier_accepts_register_shows_hash(browser_page, live_url, role_users, login_as, submit,
                                                            home_supplier, tmp_path):
    officer, respondent = role_users["privacy_officer"], role_users["supplier_respondent"]
    pdf = tmp_path / "kestrel-dpa.pdf"
    pdf.write_bytes(render_pdf(agreement_text(omit={"28(3)(h)"}, controller="Northwind Networks SE",
                                              supplier=home_supplier.legal_name, service="payroll", ref="new")))
    sha256 = hashlib.sha256(pdf.read_bytes()).hexdigest()

    page = login_as(officer)
    page.goto(f"{live_url}/privacy/dpas/new/")
    page.get_by_label("Supplier (ref)").fill(home_supplier.ref)
    page.get_by_label("Objection window days").fill("30")
    submit(page, page.get_by_role("button", name="Save"))
    expect(page.locator("h1")).to_contain_text(home_supplier.legal_name)
    dpa_url = page.url
    page.get_by_test_id("upload").locator("input[type=file]").set_input_files(str(pdf))
    submit(page, page.get_by_role("button", name="Upload and check"))
    expect(page.locator(".flash-success")).to_contain_text("as version 1")
    expect(page.get_by_test_id("clause-28(3)(h)")).to_contain_text("missing")
    expect(page.get_by_test_id("clause-28(3)(a)")).to_contain_text("present")
    submit(page, page.get_by_role("button", name="Send to supplier"))
    expect(page.get_by_test_id("dpa-status")).to_have_text("Sent for signature")
    _logout(page)

    page = login_as(respondent)
    page.goto(dpa_url)
    submit(page, page.get_by_role("link", name="Review and accept"))
    expect(page.get_by_test_id("accept-sha256")).to_have_text(sha256)
    page.get_by_label("Your full name").fill("Dana Whitfield")
    page.get_by_label("Your position").fill("General Counsel")
    page.get_by_label("Your e-mail").fill("dana@kestrel.example")
    page.get_by_label("I am authorised").check()
    submit(page, page.get_by_role("button", name="Accept this agreement"))
    expect(page.get_by_test_id("dpa-status")).to_have_text("Active")
    _logout(page)

    page = login_as(officer)
    page.goto(f"{live_url}/privacy/dpas/?status=active")
    row = page.locator("#table tbody tr")
    expect(row).to_have_count(1)
    submit(page, row.get_by_role("link").first)
    expect(page.get_by_test_id("acceptance")).to_contain_text("Dana Whitfield")
    expect(page.get_by_test_id("acceptance")).to_contain_text(sha256)
    expect(page.get_by_test_id("current-sha256")).to_contain_text(sha256)
    assert page.console_errors == []
