"""Playwright driving Debian's Chromium against a live server. Never downloads a browser.

Browser tests are skipped with a clear reason when Chromium is missing, unless
STEADFAST_REQUIRE_BROWSER=1 (CI), which turns a missing browser into a failure.
"""

from __future__ import annotations

import os
import re
import shutil

import pytest

CHROMIUM = os.environ.get("STEADFAST_CHROMIUM", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in this thread; Django's ORM is still used synchronously.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium_missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' package)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (make install)"
    return None


@pytest.fixture(scope="session")
def _browser():
    reason = _chromium_missing()
    if reason:
        if os.environ.get("STEADFAST_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser required (STEADFAST_REQUIRE_BROWSER=1) but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def browser_page(_browser, live_server):
    """A fresh page; console errors and CSP violations are collected on page.console_errors."""
    context = _browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: page.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.set_default_timeout(15000)
    yield page
    context.close()


# Timing rule for every browser test: a click that starts a navigation returns before the new page
# is there. Wait for something only the new page has (its URL, a heading, a message) before touching
# an element that the old page may also have (navigation links, search boxes, buttons), or the action
# lands on the old page mid-navigation. `follow` and `submit` below do that.


def follow(page, locator, url) -> None:
    """Click a link (or a GET form's button) and wait until the page at `url` (a regex) has loaded."""
    from playwright.sync_api import expect

    locator.click()
    expect(page).to_have_url(url)
    page.wait_for_load_state()


def submit(page, button) -> None:
    """Click a button that posts a form and wait for the page that answers it, whatever its URL
    (a form that answers with itself keeps the URL, so the URL cannot say when it arrived)."""
    with page.expect_navigation():
        button.click()


def login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    from playwright.sync_api import expect

    page.get_by_role("button", name="Sign in").click()
    # Signed in once the login page is left (for home, the page asked for, or the two-factor step);
    # a goto or click before that would abort the sign-in request.
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))
    page.wait_for_load_state()


@pytest.fixture
def login_as(browser_page, live_url, user_password):
    """login_as(user) signs the page in through the real form (test users share one password)."""

    def go(user, password: str | None = None):
        login(browser_page, live_url, user.username, password or user_password)
        return browser_page

    return go


@pytest.fixture(name="follow")
def follow_fixture():
    """follow(page, locator, url_regex): click, then wait for the new page (see the timing rule above)."""
    return follow


@pytest.fixture(name="submit")
def submit_fixture():
    """submit(page, button): post a form, then wait for the page that answers it."""
    return submit
