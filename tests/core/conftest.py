"""Tests that only mean something on PostgreSQL (`@pytest.mark.postgresql_only`) are deselected,
not skipped, when the suite runs on SQLite: a skip fails CI (tests/conftest.py), and a SQLite run
has nothing to say about them (SQLite serialises writers by design)."""

from __future__ import annotations

from django.conf import settings


def pytest_configure(config):
    config.addinivalue_line("markers", "postgresql_only: runs only when the suite's database is PostgreSQL")


def pytest_collection_modifyitems(config, items):
    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    deselected = [item for item in items if item.get_closest_marker("postgresql_only")]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not item.get_closest_marker("postgresql_only")]
