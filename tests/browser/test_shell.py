"""The UI shell in a real browser: sign in, navigate, flash messages, sign out, lockout, CSP."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_navigate_flash_and_sign_out(browser_page, live_url, role_users, login_as):
    page = login_as(role_users["administrator"])
    expect(page.locator(".flash-success")).to_contain_text("Welcome")
    page.get_by_role("link", name="Audit log").click()
    expect(page).to_have_url(re.compile(r"/audit/"))
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    page.get_by_role("button", name="Verify the chain").click()
    expect(page.locator(".flash-success")).to_contain_text("intact")
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".flash-info")).to_contain_text("signed out")
    assert page.console_errors == []


def test_navigation_follows_the_role(browser_page, role_users, login_as):
    page = login_as(role_users["supplier_respondent"])
    nav = page.get_by_role("navigation", name="Administration")
    expect(nav.get_by_role("link", name="Audit log")).to_have_count(0)
    expect(nav.get_by_role("link", name="Users")).to_have_count(0)
    page.goto(page.url.split("/accounts")[0] + "/audit/")
    expect(page.get_by_role("heading", name=re.compile("Not allowed"))).to_be_visible()


def test_failed_logins_lock_the_account_with_a_clear_message(browser_page, live_url, role_users, settings):
    from steadfast.core.views.auth import SignInForm  # noqa: F401 (the form the page uses)

    user = role_users["risk_analyst"]
    page = browser_page
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password", exact=True).fill("not-the-password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".form-errors")).to_contain_text("Too many failed sign-in attempts")
    # Even the right password is refused while locked.
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill("correct-horse-battery-9")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".form-errors")).to_contain_text("locked")


def test_pages_work_under_the_content_security_policy(browser_page, live_url, role_users, login_as):
    violations = []
    browser_page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page = login_as(role_users["administrator"])
    response = page.goto(f"{live_url}/jobs/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    page.get_by_role("button", name="Run a self-check").click()
    expect(page.locator(".flash-info")).to_contain_text("Started")
    # htmx (a local script) is running: the job row polls its progress element.
    expect(page.locator(".job-progress").first).to_be_visible()
    assert page.evaluate("typeof window.htmx") == "object"
    for path in ("/", "/audit/", "/users/", "/accounts/profile/"):
        page.goto(f"{live_url}{path}")
    assert violations == [] and page.console_errors == []
