"""Core and the map reference each other (an account's supplier/customer scope; a contract's owning
account), so their first migrations interleave in one fixed order, which this test pins down:
core 0001 (accounts) -> network 0001 (the map) -> core 0002 (the scope links into the map)."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader


def test_core_and_network_migrate_in_one_acyclic_order(db):
    loader = MigrationLoader(connection, ignore_no_migrations=True)
    loader.graph.ensure_not_cyclic()
    plan = [key for leaf in sorted(loader.graph.leaf_nodes()) for key in loader.graph.forwards_plan(leaf)]
    order = list(dict.fromkeys(plan))
    first = {key: order.index(key) for key in order}
    assert first[("core", "0001_initial")] < first[("network", "0001_initial")] < first[("core", "0002_initial")]
    assert first[("network", "0001_initial")] < first[("security", "0001_initial")]
    # network 0001 needs the account table only, never the scope links that core 0002 adds on top.
    assert ("core", "0002_initial") not in loader.graph.forwards_plan(("network", "0001_initial"))


def test_models_and_migrations_agree(db):
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()
