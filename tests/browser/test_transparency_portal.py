"""The gated portal in a real browser: a customer requests a document, accepts the NDA, the owner
approves, the customer downloads a watermarked copy, and the owner sees the download in the log."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gated_pdf(role_users, settings, tmp_path):
    from steadfast.transparency.services import portal
    from steadfast.transparency.services.watermark import sample_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    portal.create_nda(actor=None, version="2.0", title="Stakeholder portal NDA", effective_on=dt.date(2025, 3, 1),
                      text="The recipient keeps the document confidential and does not remove the watermark.")
    data = sample_pdf(["RAN Baseband 24.1 penetration-test summary", "Critical: 0, High: 1 (fixed)"])
    return portal.upload_document(actor=role_users["administrator"], title="RAN Baseband 24.1 penetration-test summary",
                                  kind="pentest", data=data, filename="ran-pentest.pdf", access_days=30)


def _logout(page):
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_customer_requests_accepts_nda_is_approved_downloads_and_owner_sees_it(
        browser_page, live_url, role_users, login_as, gated_pdf, submit, follow):
    customer, owner = role_users["customer_viewer"], role_users["administrator"]
    document_url = f"{live_url}/transparency/portal/documents/{gated_pdf.pk}/"
    page = login_as(customer)
    page.goto(f"{live_url}/transparency/portal/")
    follow(page, page.get_by_role("link", name=gated_pdf.title), re.compile(rf"/documents/{gated_pdf.pk}/$"))
    expect(page.get_by_test_id("my-access")).to_contain_text("no access")
    page.get_by_label("Reason").fill("Supplier due diligence before our 5G RAN tender")
    page.get_by_role("button", name="Request access").click()
    expect(page).to_have_url(re.compile(r"/requests/\d+/nda/$"))
    expect(page.get_by_test_id("nda-text")).to_contain_text("does not remove the watermark")
    page.get_by_label("I have read and accept").check()
    submit(page, page.get_by_role("button", name="Accept the NDA"))
    expect(page.locator(".flash-success")).to_contain_text("NDA accepted")
    expect(page.get_by_test_id("my-access")).to_contain_text("NDA accepted")
    _logout(page)

    page = login_as(owner)
    page.goto(document_url)
    expect(page.get_by_test_id("requests")).to_contain_text(customer.username)
    submit(page, page.get_by_role("button", name="Approve"))
    expect(page.get_by_test_id("requests")).to_contain_text("Approved")
    _logout(page)

    page = login_as(customer)
    page.goto(document_url)
    with page.expect_download() as download_info:
        page.get_by_test_id("download").click()
    path = download_info.value.path()
    text = PdfReader(io.BytesIO(open(path, "rb").read())).pages[0].extract_text()
    assert f"provided to {customer.username}" in text or customer.username in text
    assert "penetration-test summary" in text
    _logout(page)

    page = login_as(owner)
    page.goto(document_url)
    log = page.get_by_test_id("access-log")
    expect(log).to_contain_text("Downloaded")
    expect(log).to_contain_text(customer.username)
    expect(log).to_contain_text(gated_pdf.sha256[:16])
    assert not page.console_errors
