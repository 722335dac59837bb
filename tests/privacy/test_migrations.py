"""Upgrading a database whose breaches name incidents by text (privacy 0001 -> latest): 0002 points
a breach at the incident its ref names and keeps a ref that matches no incident as text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("migrations")]

BEFORE = [("privacy", "0001_initial")]


def _latest(executor):
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] == "privacy"]


def test_incident_refs_become_links_where_the_incident_exists():
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        Breach = old.get_model("privacy", "Breach")
        aware = dt.datetime(2026, 1, 5, 8, tzinfo=dt.UTC)
        linked = Breach.objects.create(ref="BR-M1", title="Lost laptop", nature="confidentiality", aware_at=aware,
                                       incident_ref="MI-2026-0001")
        kept = Breach.objects.create(ref="BR-M2", title="Misdirected e-mail", nature="confidentiality", aware_at=aware,
                                     incident_ref="SNOW-INC0042")
        Incident = MigrationExecutor(connection).loader.project_state([("incidents", "0001_initial")]).apps.get_model(
            "incidents", "Incident")
        incident = Incident.objects.create(ref="MI-2026-0001", title="Core outage", kind="security",
                                           impact_started_at=aware, detected_at=aware)
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
    new = MigrationExecutor(connection).loader.project_state(latest).apps
    Breach = new.get_model("privacy", "Breach")
    got = {b.pk: (b.incident_id, b.incident_ref) for b in Breach.objects.all()}
    assert got == {linked.pk: (incident.pk, ""), kept.pk: (None, "SNOW-INC0042")}
