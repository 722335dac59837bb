"""Shared fixtures: people in every role, scoped to real suppliers/customers, and API clients."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client

from steadfast.core.roles import Role

PASSWORD = "correct-horse-battery-9"
_counter = itertools.count(1)


@pytest.fixture
def supplier_factory(db):
    from steadfast.network.models import Supplier

    def make(**fields):
        n = next(_counter)
        defaults = {"ref": f"SUP-{n:05d}", "legal_name": f"Supplier {n} Ltd", "country": "DE", "category": "components"}
        defaults.update(fields)
        return Supplier.objects.create(**defaults)

    return make


@pytest.fixture
def customer_factory(db):
    from steadfast.network.models import Customer

    def make(**fields):
        n = next(_counter)
        defaults = {"ref": f"CUS-{n:05d}", "name": f"Customer {n}", "country": "FR"}
        defaults.update(fields)
        return Customer.objects.create(**defaults)

    return make


@pytest.fixture
def make_user(db):
    from steadfast.core.services.accounts import create_user

    def make(role: str, *, username: str | None = None, supplier=None, customer=None):
        return create_user(actor=None, username=username or f"{role}-{next(_counter)}", role=role,
                           password=PASSWORD, supplier=supplier, customer=customer)

    return make


@pytest.fixture
def home_supplier(supplier_factory):
    return supplier_factory(legal_name="Home Supplier GmbH")


@pytest.fixture
def home_customer(customer_factory):
    return customer_factory(name="Home Telecom SA")


@pytest.fixture
def role_users(make_user, home_supplier, home_customer) -> dict[str, object]:
    """One user per role; the scoped ones belong to home_supplier / home_customer (the regulator oversees
    the home customer's country)."""
    users = {}
    for role in Role:
        scope = {}
        if role == Role.SUPPLIER_RESPONDENT:
            scope["supplier"] = home_supplier
        if role == Role.CUSTOMER_VIEWER:
            scope["customer"] = home_customer
        users[role.value] = make_user(role, username=role.value.replace("_", "-"), **scope)
        if role == Role.REGULATOR:  # a regulator oversees the home customer's country (FR)
            from steadfast.transparency.models import RegulatorCountry

            RegulatorCountry.objects.create(user=users[role.value], country=home_customer.country,
                                            authority="Agence nationale de la sécurité des systèmes d'information")
    return users


@pytest.fixture
def admin_user(role_users):
    return role_users[Role.ADMINISTRATOR]


def bearer_client(user) -> Client:
    from steadfast.core.services.tokens import create_token

    _, secret = create_token(actor=None, user=user, name="test", scope="write")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def api_client_for():
    return bearer_client


@pytest.fixture
def admin_api(admin_user) -> Client:
    return bearer_client(admin_user)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is deliberately slow; tests create many accounts. test_settings checks production uses it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_api_rate_limits(settings):
    """Each test starts with no API request counted, in this process's memory: parallel test
    processes never share counts."""
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                       "LOCATION": "throttle-tests"}}
    caches["throttle"].clear()


@pytest.fixture
def user_password() -> str:
    """The password every test account gets from make_user / role_users."""
    return PASSWORD


# --- no silent skips in CI ---------------------------------------------------------------------
# A skipped test proves nothing. In CI (CI=true, or STEADFAST_REQUIRE_BROWSER=1 as .ci/run sets)
# the run fails on any skip except the one the browser tests take when Chromium is not installed.
ALLOWED_SKIP_REASONS = ("Chromium not found at ",)  # tests/browser/conftest.py


def _skips_fail_the_run() -> bool:
    import os

    return (os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
            or os.environ.get("STEADFAST_REQUIRE_BROWSER") == "1")


def _skip_reason(report) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
    return reason.removeprefix("Skipped: ")


_SESSION = []


def pytest_sessionstart(session):
    _SESSION[:] = [session]


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Runs once, in the controlling process (also under xdist), after every report is in."""
    if not _skips_fail_the_run():
        return
    unexpected = [(report.nodeid, _skip_reason(report)) for report in terminalreporter.stats.get("skipped", [])
                  if not _skip_reason(report).startswith(ALLOWED_SKIP_REASONS)]
    if unexpected:
        terminalreporter.section("skips are failures in CI", red=True)
        for nodeid, reason in unexpected:
            terminalreporter.line(f"SKIPPED {nodeid}: {reason}", red=True)
        _SESSION[0].exitstatus = pytest.ExitCode.TESTS_FAILED  # read after this hook, when pytest exits
