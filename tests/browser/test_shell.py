"""The UI shell in a real browser: sign in, navigate, flash messages, sign out, lockout, CSP.

Every click that starts a navigation is followed by a wait for the new page (see conftest.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_navigate_flash_and_sign_out(browser_page, live_url, role_users, login_as, follow, submit):
    page = login_as(role_users["administrator"])
    expect(page).to_have_url(f"{live_url}/")
    expect(page.locator(".flash-success")).to_contain_text("Welcome")
    follow(page, page.get_by_role("link", name="Audit log"), re.compile(r"/audit/$"))
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    follow(page, page.get_by_role("link", name="Verify the chain"), re.compile(r"/audit/verify/$"))
    submit(page, page.get_by_role("button", name="Verify now"))  # a background job, its progress shown
    expect(page.locator(".flash-info")).to_contain_text("Verification started")
    expect(page.locator(".job-progress progress")).to_be_visible()
    follow(page, page.get_by_role("link", name="Users"), re.compile(r"/users/$"))
    expect(page.get_by_role("heading", name="Users")).to_be_visible()
    follow(page, page.get_by_test_id("logout"), re.compile(r"/accounts/login/"))
    expect(page.locator(".flash-info")).to_contain_text("signed out")
    # Signed out for real: a page that needs an account sends us back to the login page.
    page.goto(f"{live_url}/audit/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    assert page.console_errors == []


def test_navigation_follows_the_role(browser_page, live_url, role_users, login_as):
    page = login_as(role_users["supplier_respondent"])
    # The signed-in page is there (login_as waits for it): its menus are the respondent's.
    expect(page.get_by_test_id("logout")).to_be_visible()
    nav = page.get_by_role("navigation", name="Administration")
    expect(nav.get_by_role("link", name="Audit log")).to_have_count(0)
    expect(nav.get_by_role("link", name="Users")).to_have_count(0)
    page.goto(f"{live_url}/audit/")
    expect(page.get_by_role("heading", name=re.compile("Not allowed"))).to_be_visible()


def test_failed_logins_lock_the_account_with_a_clear_message(browser_page, live_url, role_users, settings,
                                                              user_password, submit):
    user = role_users["risk_analyst"]
    page = browser_page
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.goto(f"{live_url}/accounts/login/")
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password", exact=True).fill("not-the-password")
        # Wait for the answer, or the next goto aborts this attempt before the server counts it.
        submit(page, page.get_by_role("button", name="Sign in"))
    expect(page.locator(".form-errors")).to_contain_text("Too many failed sign-in attempts")
    # Even the right password is refused while locked: a fresh form, the answer awaited, still out.
    page.goto(f"{live_url}/accounts/login/")
    expect(page.locator(".form-errors")).to_have_count(0)
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password", exact=True).fill(user_password)
    submit(page, page.get_by_role("button", name="Sign in"))
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.locator(".form-errors")).to_contain_text("locked")
    expect(page.get_by_test_id("logout")).to_have_count(0)


def test_pages_work_under_the_content_security_policy(browser_page, live_url, role_users, login_as, submit):
    violations = []
    browser_page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page = login_as(role_users["administrator"])
    response = page.goto(f"{live_url}/jobs/")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    submit(page, page.get_by_role("button", name="Run a self-check"))
    expect(page.locator(".flash-info")).to_contain_text("Started")
    # htmx (a local script) is running: the job row polls its progress element.
    expect(page.locator(".job-progress").first).to_be_visible()
    assert page.evaluate("typeof window.htmx") == "object"
    for path in ("/", "/audit/", "/users/", "/accounts/profile/", "/map/"):
        page.goto(f"{live_url}{path}")
        page.wait_for_load_state("networkidle")  # scripts that fetch (the map) have run
    assert violations == [] and page.console_errors == []
