"""Alert tokens page (create, list with last use, revoke; secret once; audited) and the customer
webhooks' off switch (by hand with a reason, and automatically after failures in a row)."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.test import Client

from steadfast.core.models import AuditEvent
from steadfast.incidents import services
from steadfast.incidents.models import AlertSource, CustomerWebhook, WebhookDelivery
from steadfast.incidents.services.notify import set_webhook_active

pytestmark = pytest.mark.django_db

ALERT = {"dedup_key": "fra-core-1", "source": "alertmanager", "network": "NET-DE-1", "severity": "major",
         "summary": "S1 links down on MME pool"}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_incident_manager_creates_lists_and_revokes_an_alert_token(networks, manager, role_users):
    page = client_for(manager)
    created = page.post("/incidents/alert-sources/", {"name": "Prometheus Alertmanager, Frankfurt NOC"})
    assert created.status_code == 200
    secret = re.search(r"sfa_[A-Za-z0-9_\-]+", created.content.decode()).group(0)
    source = AlertSource.objects.get()
    assert source.key_hash != secret and secret not in json.dumps(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert AuditEvent.objects.filter(object_type="incidents.alertsource", verb="create", actor=manager).exists()
    # the list shows it, never used, and not the secret again
    listing = page.get("/incidents/alert-sources/").content.decode()
    assert "Prometheus Alertmanager, Frankfurt NOC" in listing and secret not in listing and "never" in listing
    monitor = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    answer = monitor.post("/api/v1/alerts", data=json.dumps(ALERT), content_type="application/json")
    assert answer.status_code == 201
    source.refresh_from_db()
    assert source.last_used_at is not None
    assert source.last_used_at.strftime("%Y-%m-%d %H:%M") in page.get("/incidents/alert-sources/").content.decode()
    # the token opens nothing but the alert endpoints
    assert monitor.get("/api/v1/incidents").status_code == 401
    # a second token with the same name: a clear error, nothing added
    duplicate = page.post("/incidents/alert-sources/", {"name": "Prometheus Alertmanager, Frankfurt NOC"})
    assert duplicate.status_code == 422 and b"exists already" in duplicate.content and AlertSource.objects.count() == 1
    assert page.post("/incidents/alert-sources/", {"name": "  "}).status_code == 422
    # revoke: audited; the token stops working
    assert page.post(f"/incidents/alert-sources/{source.pk}/revoke/").status_code == 302
    source.refresh_from_db()
    assert source.revoked_at is not None
    assert AuditEvent.objects.filter(object_type="incidents.alertsource", verb="update", actor=manager).exists()
    again = monitor.post("/api/v1/alerts", data=json.dumps({**ALERT, "summary": "again"}), content_type="application/json")
    assert again.status_code == 401
    assert "revoked" in page.get("/incidents/alert-sources/").content.decode()


def test_alert_tokens_page_is_for_incident_managers_and_administrators(role_users):
    assert client_for(role_users["administrator"]).get("/incidents/alert-sources/").status_code == 200
    for role in ("auditor", "risk_analyst", "customer_viewer"):
        client = client_for(role_users[role])
        assert client.get("/incidents/alert-sources/").status_code == 403
        assert client.post("/incidents/alert-sources/", {"name": "sneaky"}).status_code == 403
    assert not AlertSource.objects.exists()


def test_the_cli_and_the_page_share_the_service(networks, manager, capsys):
    from django.core.management import call_command

    client_for(manager).post("/incidents/alert-sources/", {"name": "Zabbix APAC"})
    call_command("incidents_alert_source", list=True)
    listed = capsys.readouterr().out
    assert "Zabbix APAC" in listed and "active, never used" in listed


@pytest.fixture
def hook(networks, manager):
    webhook, _ = services.create_webhook(actor=manager, customer=networks["us"].customer,
                                         url="https://noc.atlantic.example/steadfast")
    return webhook


def test_administrator_switches_a_webhook_off_with_a_reason_and_on_again(hook, make_incident, manager, role_users):
    admin = client_for(role_users["administrator"])
    refused = admin.post(f"/incidents/webhooks/{hook.pk}/switch/", {"active": "off", "reason": ""})
    assert refused.status_code == 422 and b"say why" in refused.content
    hook.refresh_from_db()
    assert hook.active
    assert admin.post(f"/incidents/webhooks/{hook.pk}/switch/",
                      {"active": "off", "reason": "customer migrating its NOC tooling until Friday"}).status_code == 302
    hook.refresh_from_db()
    assert not hook.active and hook.disabled_at and "migrating" in hook.disabled_reason
    event = AuditEvent.objects.filter(object_type="incidents.customerwebhook", verb="update").latest("seq")
    assert event.changes["active"] == [True, False]
    assert "migrating" in admin.get("/incidents/webhooks/").content.decode()
    # while off, nothing is queued for it
    services.publish_update(actor=manager, incident=make_incident(), conditions="Core down", actions="Rolling back")
    assert not WebhookDelivery.objects.exists()
    assert admin.post(f"/incidents/webhooks/{hook.pk}/switch/", {"active": "on"}).status_code == 302
    hook.refresh_from_db()
    assert hook.active and hook.disabled_at is None and hook.disabled_reason == ""
    # incident managers read the log but do not switch
    manager_page = client_for(role_users["incident_manager"])
    assert manager_page.get(f"/incidents/webhooks/{hook.pk}/").status_code == 200
    assert manager_page.post(f"/incidents/webhooks/{hook.pk}/switch/", {"active": "off", "reason": "x"}).status_code == 403


def test_webhook_switches_off_after_failures_in_a_row_and_pending_wait(hook, make_incident, manager, settings):
    settings.STEADFAST_INCIDENT_WEBHOOK_MAX_FAILURES = 3
    incident = make_incident()
    for text in ("Core down", "Rolling back", "Restored"):
        services.publish_update(actor=manager, incident=incident, conditions=text, actions="Monitoring")
    now = WebhookDelivery.objects.order_by("next_attempt_at").first().next_attempt_at

    def refused(*args):
        raise OSError("connection refused")

    counts = services.deliver_due(now=now + dt.timedelta(seconds=1), post=refused)
    assert counts == {"delivered": 0, "retrying": 3, "failed": 0, "switched_off": 1}
    hook.refresh_from_db()
    assert not hook.active and "3 failed attempts in a row" in hook.disabled_reason
    assert "connection refused" in hook.disabled_reason
    assert AuditEvent.objects.filter(object_type="incidents.customerwebhook", verb="update", actor=None).exists()
    # off: nothing is attempted however late it is
    later = now + dt.timedelta(days=2)
    assert services.deliver_due(now=later, post=refused)["retrying"] == 0
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"pending"}
    # on again: the waiting deliveries go at once, the count starts from zero
    set_webhook_active(actor=manager, webhook=hook, active=True)
    delivered = services.deliver_due(now=later + dt.timedelta(seconds=1), post=lambda *a: 204)
    assert delivered["delivered"] == 3
    hook.refresh_from_db()
    assert hook.active and hook.consecutive_failures == 0


def test_a_success_resets_the_run_of_failures(hook, make_incident, manager, settings):
    settings.STEADFAST_INCIDENT_WEBHOOK_MAX_FAILURES = 2
    services.publish_update(actor=manager, incident=make_incident(), conditions="Core down", actions="Rolling back")
    now = WebhookDelivery.objects.get().next_attempt_at

    def refused(*args):
        raise OSError("connection refused")

    services.deliver_due(now=now, post=refused)
    hook.refresh_from_db()
    assert hook.consecutive_failures == 1
    services.deliver_due(now=now + dt.timedelta(minutes=1), post=lambda *a: 200)
    hook.refresh_from_db()
    assert hook.active and hook.consecutive_failures == 0
    assert CustomerWebhook.objects.get().active
