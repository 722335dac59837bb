"""Incident pages: the war room for staff, the portal view for customers, figures, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from steadfast.incidents import services

from .conftest import T0

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_war_room_walk_through(make_incident, manager):
    incident = make_incident(personal_data=True)
    client = client_for(manager)
    page = client.get(incident.get_absolute_url())
    assert page.status_code == 200 and b"GDPR Art. 33" in page.content and b'hx-trigger="every 5s"' in page.content
    response = client.post(f"/incidents/{incident.pk}/status/", {"to": "investigating", "version": incident.version})
    assert response.status_code == 302
    stale = client.post(f"/incidents/{incident.pk}/status/", {"to": "mitigated", "version": incident.version}, follow=True)
    assert b"someone else changed it" in stale.content
    client.post(f"/incidents/{incident.pk}/roles/", {"role": "commander", "person": manager.username})
    client.post(f"/incidents/{incident.pk}/updates/", {"kind": "tactical", "conditions": "LTE down in the north",
                                                       "actions": "Rolling back the upgrade"})
    timeline = client.get(f"/incidents/{incident.pk}/timeline/").content.decode()
    assert "Investigating" in timeline and "imogen is incident commander" in timeline and "Update published" in timeline


def test_declare_form_errors_name_the_row(networks, manager):
    response = client_for(manager).post("/incidents/new/", {
        "title": "x", "kind": "outage", "networks": "NET-US-1 0.5\nNET-NOPE 0.2", "service_impact": "unknown",
        "impact_started": "2026-03-28T08:00", "detected": "2026-03-28T08:05"})
    assert response.status_code == 422 and b"networks.1.network" in response.content


def test_customer_sees_only_own_incidents_and_published_updates(make_incident, manager, make_user, networks):
    own = make_incident(shares={"us": 0.2})
    foreign = make_incident(shares={"de": 0.2})
    services.publish_update(actor=manager, incident=own, conditions="Core restored", actions="Monitoring")
    viewer = client_for(make_user("customer_viewer", customer=networks["us"].customer))
    listing = viewer.get("/incidents/").content.decode()
    assert own.ref in listing and foreign.ref not in listing
    page = viewer.get(own.get_absolute_url()).content.decode()
    assert "Core restored" in page and "Regulators" not in page and "Timeline" not in page
    assert viewer.get(foreign.get_absolute_url()).status_code == 404
    assert viewer.get(f"/incidents/{own.pk}/timeline/").status_code == 404


def test_list_and_figures_query_counts(make_incident, manager, django_assert_max_num_queries):
    for hours in (1, 3, 9):
        make_incident(resolved=T0 + dt.timedelta(hours=hours), service_impact="major")
    client = client_for(manager)
    with django_assert_max_num_queries(12):
        assert client.get("/incidents/?severity=1").status_code == 200
    with django_assert_max_num_queries(12):
        page = client.get("/incidents/figures/")
    assert page.status_code == 200 and b"mttr-plot" in page.content and page.content.count(b"<img class=\"chart\"") == 4
    figures = page.context["figures"]
    assert figures["count"] == 3 and figures["per_year"] == [(2026, 3)]


def test_demo_is_plausible_at_small_scale(db):
    from django.core.management import call_command
    from django.utils import timezone

    from steadfast.incidents.models import Incident, Obligation

    call_command("demo", scale=0.02, audit="summary")
    call_command("incidents_demo", scale=0.05)
    _check_supply_disruptions()
    past = Incident.objects.exclude(status__in=["declared", "investigating", "mitigated"]).exclude(kind="supply_disruption")
    # 230 a year at scale 1.0 over the current calendar year and the two before it
    assert round(230 * 0.05 * 2) <= past.count() <= round(230 * 0.05 * 3)
    assert past.filter(impact_started_at__year=timezone.now().year - 2).count() >= round(230 * 0.05 * 0.8)
    assert Incident.objects.filter(status__in=["declared", "investigating", "mitigated"]).exclude(
        kind="supply_disruption").count() == 3
    assert not past.filter(resolved_at__isnull=True).exists()
    assert Obligation.objects.filter(regime="restore target").count() >= past.count()
    assert set(past.values_list("cause_category", flat=True)) - {""}


def _check_supply_disruptions():
    """Supply disruptions at suppliers' sites, on the map, one still open; the queued job fills in
    their time to survive with the engine's answers."""
    from steadfast.core.models import Job
    from steadfast.core.services.jobs import run
    from steadfast.incidents.models import Incident, SupplyImpact

    disruptions = Incident.objects.filter(kind="supply_disruption")
    assert disruptions.count() >= 3
    assert disruptions.filter(resolved_at__isnull=True).count() == 1
    assert disruptions.exclude(status__in=["investigating", "resolved", "closed"]).count() == 0
    for incident in disruptions:
        site = incident.sites.get()
        assert site.owner_supplier_id and incident.items.exists() and incident.role_assignments.filter(
            role="supplier_liaison").exists()
        assert site.city in incident.title or site.name in incident.title or incident.suppliers.exists()
    job = Job.objects.get(kind="incidents.supply_tts")
    assert sorted(job.params["incidents"]) == sorted(disruptions.values_list("pk", flat=True))
    run(job.pk)
    impacts = SupplyImpact.objects.filter(incident__in=disruptions)
    assert impacts.count() == disruptions.count()
    assert all(i.nodes >= 1 and i.expected_recovery_days > 0 for i in impacts)
    job.refresh_from_db()
    assert len(job.result["incidents"]) == disruptions.count()


def test_export_follows_the_filters_and_hides_others_impact_from_customers(make_incident, manager, make_user, networks):
    import io

    from openpyxl import load_workbook

    make_incident(shares={"us": 0.2}, title="Atlantic core outage")
    make_incident(shares={"de": 0.2}, title="Rhein fibre cut")
    staff = client_for(manager).get("/incidents/export.csv?country=DE").content.decode().splitlines()
    assert staff[0].startswith("ref,title,kind,severity") and "subscribers_affected" in staff[0]
    assert len(staff) == 2 and "Rhein fibre cut" in staff[1]
    workbook = load_workbook(io.BytesIO(client_for(manager).get("/incidents/export.xlsx").content))
    assert workbook.active.max_row == 3
    viewer = client_for(make_user("customer_viewer", customer=networks["us"].customer))
    mine = viewer.get("/incidents/export.csv").content.decode().splitlines()
    assert len(mine) == 2 and "Atlantic core outage" in mine[1] and "subscribers_affected" not in mine[0]


def test_administrator_edits_a_national_user_base(role_users):
    from steadfast.core.models import AuditEvent
    from steadfast.incidents.models import NationalUserBase

    admin = client_for(role_users["administrator"])
    bad = admin.post("/incidents/user-bases/", {"country": "DE", "kind": "mobile", "users": "0"})
    assert bad.status_code == 422 and not NationalUserBase.objects.exists()
    admin.post("/incidents/user-bases/", {"country": "de", "kind": "mobile", "users": "107000000", "source": "BNetzA 2025"})
    assert NationalUserBase.objects.get(country="DE", kind="mobile").users == 107_000_000
    assert AuditEvent.objects.filter(object_type="incidents.nationaluserbase").exists()
    manager = client_for(role_users["incident_manager"])
    assert manager.get("/incidents/user-bases/").status_code == 200
    assert manager.post("/incidents/user-bases/", {"country": "DE", "kind": "mobile", "users": "1"}).status_code == 403


def test_edit_page_saves_with_the_version_and_refuses_a_stale_form(make_incident, manager):
    incident = make_incident(shares={"de": 0.5}, service_impact="total")
    client = client_for(manager)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert 'data-testid="nis2-suggestion"' in page  # SEV1 in Germany
    form = client.get(f"/incidents/{incident.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v not in (None, False)}
    data.update({"impact_started": "2026-03-28T08:00", "detected": "2026-03-28T08:05", "nis2_significant": "on",
                 "cause_category": "human_error", "networks": "NET-DE-1 0.5\nNET-BR-1 0.2"})
    assert client.post(f"/incidents/{incident.pk}/edit/", data).status_code == 302
    incident.refresh_from_db()
    assert incident.nis2_significant and incident.cause_category == "human_error" and incident.networks.count() == 2
    assert incident.obligations.filter(regime="NIS2").count() == 3
    stale = client.post(f"/incidents/{incident.pk}/edit/", {**data, "title": "mine"})
    assert stale.status_code == 409 and b"someone else changed it" in stale.content


def test_webhook_pages_create_and_show_the_delivery_log(role_users, networks, make_incident, manager):
    from steadfast.incidents.models import CustomerWebhook

    admin = client_for(role_users["administrator"])
    bad = admin.post("/incidents/webhooks/", {"customer": "NOPE", "url": "https://hooks.example.net/x"})
    assert bad.status_code == 422 and not CustomerWebhook.objects.exists()
    created = admin.post("/incidents/webhooks/", {"customer": networks["us"].customer.ref,
                                                  "url": "https://hooks.example.net/x"}, follow=True)
    assert b"whsec_" in created.content
    webhook = CustomerWebhook.objects.get()
    services.publish_update(actor=manager, incident=make_incident(), conditions="Core down", actions="Rolling back")
    log = admin.get(f"/incidents/webhooks/{webhook.pk}/")
    assert log.status_code == 200 and b"Pending" in log.content
    assert client_for(manager).post("/incidents/webhooks/", {"customer": "x", "url": "https://a.b/"}).status_code == 403


def test_war_room_queries_do_not_grow_with_its_contents(make_incident, manager, make_user, api_client_for,
                                                       django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    incident = make_incident(shares={"us": 0.2, "de": 0.1, "br": 0.3}, personal_data=True,
                             resolved=T0 + dt.timedelta(hours=9))
    client = client_for(manager)

    def add_work(n):
        person = make_user("incident_manager")
        services.assign_role(actor=manager, incident=incident, role=["commander", "scribe", "technical_lead"][n],
                             person=person, at=T0 + dt.timedelta(minutes=10 + n))
        services.add_task(actor=manager, incident=incident, title=f"task {n}", owner=person)
        services.publish_update(actor=manager, incident=incident, conditions=f"update {n}", actions="working")
        services.add_review_action(actor=manager, review=incident.review, title=f"action {n}", owner=person,
                                   due_date=dt.date(2026, 6, 1))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(incident.get_absolute_url()).status_code == 200
        return len(queries)

    count()  # the first page after sign-in also records the session's activity (idle timeout)
    add_work(0)
    with_one = count()
    add_work(1)
    add_work(2)
    assert count() == with_one
    api = api_client_for(manager)
    for _ in range(5):
        make_incident(shares={"us": 0.1, "de": 0.1})
    with django_assert_max_num_queries(8):
        assert api.get("/api/v1/incidents?limit=100").json()["count"] == 6
