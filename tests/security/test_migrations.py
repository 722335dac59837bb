"""Upgrading a database that already holds magic links (security 0002 -> latest): 0003
fills in each link's supplier from its assessment before the column becomes required. A
fresh test database has no rows, so only a migration run over real rows tests that.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("migrations")]

BEFORE = [("security", "0002_magic_link_purpose")]


def _latest(executor):
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "security"]


def test_existing_links_get_their_assessments_supplier():
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        Supplier = old.get_model("network", "Supplier")
        Template = old.get_model("security", "QuestionnaireTemplate")
        Assessment = old.get_model("security", "Assessment")
        MagicLink = old.get_model("security", "MagicLink")
        suppliers = [Supplier.objects.create(ref=f"MIG-{k}", legal_name=f"Migrated {k}", country="DE",
                                            category="components") for k in range(2)]
        template = Template.objects.create(name="Baseline", version=1)
        now = timezone.now()
        links = []
        for k, supplier in enumerate(suppliers):
            assessment = Assessment.objects.create(supplier=supplier, template=template,
                                                   due_date=dt.date.today() + dt.timedelta(days=30))
            links.append(MagicLink.objects.create(assessment=assessment, email=f"c{k}@example.com",
                                                  token_hash=f"{k:064x}", expires_at=now + dt.timedelta(days=7)))
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    new = MigrationExecutor(connection).loader.project_state(latest).apps
    MagicLink = new.get_model("security", "MagicLink")
    got = dict(MagicLink.objects.values_list("pk", "supplier__ref"))
    assert got == {links[0].pk: "MIG-0", links[1].pk: "MIG-1"}
