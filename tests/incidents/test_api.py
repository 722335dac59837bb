"""The incidents API: create, bad input, obligations, optimistic locking, alerts, scope."""

from __future__ import annotations

import json

import pytest

from steadfast.incidents.models import Alert, Incident

pytestmark = pytest.mark.django_db


def post(client, path, body, method="post"):
    return getattr(client, method)(path, data=json.dumps(body), content_type="application/json")


BODY = {"title": "LTE core outage", "kind": "outage", "networks": [{"network": "NET-US-1", "share": 0.4}],
        "impact_started": "2026-03-28T08:00:00Z", "detected": "2026-03-28T08:05:00Z",
        "resolved": "2026-03-28T10:00:00Z", "personal_data": True}


def test_create_and_read_obligations(networks, role_users, api_client_for):
    client = api_client_for(role_users["incident_manager"])
    response = post(client, "/api/v1/incidents", BODY)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["subscribers_affected"] == 800_000 and created["severity"] == "SEV1"
    assert created["user_minutes"] == 800_000 * 120
    obligations = client.get(f"/api/v1/incidents/{created['id']}/obligations").json()
    rules = {item["rule"]: item for item in obligations["items"]}
    assert obligations["count"] == len(obligations["items"]) == 5  # 3 FCC, GDPR, restore target
    assert any("FCC" in r for r in rules) and any("GDPR" in r for r in rules) and any("restore target" in r for r in rules)
    fcc = rules["FCC Part 4 notification"]
    # 800,000 subscribers: 30 minutes is the binding threshold; the clock starts at 08:30
    assert fcc["due"].startswith("2026-03-28T10:30:00") and set(fcc) >= {"rule", "authority", "due", "submitted", "status"}
    assert rules["restore target of NET-US-1 (4 h)"]["status"] == "met"
    assert rules["GDPR Art. 33 personal data breach notification"]["status"] == "missed"  # due 2026-03-31, never sent


@pytest.mark.parametrize("change,field", [
    ({"networks": [{"network": "NOPE", "share": 0.4}]}, "networks.0.network"),
    ({"networks": [{"network": "NET-US-1", "share": 1.5}]}, "networks.0.share"),
    ({"resolved": "2026-03-28T08:01:00Z"}, "resolved"),
    ({"detected": "2099-01-01T00:00:00Z", "resolved": None}, "detected"),
    ({"impact_started": "2026-03-28T08:00:00"}, "impact_started"),
    ({"kind": "meteor"}, "kind"),
    ({"colour": "red"}, "colour"),
])
def test_bad_input_names_the_field_and_changes_nothing(networks, admin_api, change, field):
    response = post(admin_api, "/api/v1/incidents", {**BODY, **change})
    assert response.status_code == 422, response.content
    assert field in [e["field"] for e in response.json()["errors"]], response.json()
    assert not Incident.objects.exists()


def test_malformed_json_is_a_400(networks, admin_api):
    response = admin_api.post("/api/v1/incidents", data="{not json", content_type="application/json")
    assert response.status_code == 400


def test_patch_moves_on_and_refuses_skips_and_stale_versions(networks, admin_api):
    created = post(admin_api, "/api/v1/incidents", {**BODY, "resolved": None}).json()
    url = f"/api/v1/incidents/{created['id']}"
    skip = post(admin_api, url, {"status": "resolved"}, method="patch")
    assert skip.status_code == 422 and skip.json()["errors"][0]["field"] == "status"
    moved = post(admin_api, url, {"status": "investigating", "version": created["version"]}, method="patch")
    assert moved.status_code == 200 and moved.json()["status"] == "investigating"
    stale = post(admin_api, url, {"title": "mine", "version": created["version"]}, method="patch")
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "investigating" and stale.json()["current"]["title"] == "LTE core outage"


def test_alerts_open_a_candidate_attach_and_dedupe(networks, admin_user):
    from django.test import Client

    from steadfast.incidents.services import create_alert_source

    _, secret = create_alert_source(actor=admin_user, name="Zabbix NOC")
    monitor = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    alert = {"dedup_key": "us-core-bgp", "source": "zabbix", "network": "NET-US-1", "severity": "critical",
             "summary": "BGP sessions down on core router"}
    first = post(monitor, "/api/v1/alerts", alert)
    assert first.status_code == 201 and first.json()["created"]
    again = post(monitor, "/api/v1/alerts", alert)
    assert again.status_code == 200 and again.json() == {**first.json(), "created": False}
    later = post(monitor, "/api/v1/alerts", {**alert, "summary": "packet loss 40% on core"})
    assert later.status_code == 201 and later.json()["incident_id"] == first.json()["incident_id"]
    assert Incident.objects.get().status == "candidate" and Alert.objects.count() == 2
    unknown = post(monitor, "/api/v1/alerts", {**alert, "network": "NET-XX-9", "summary": "x"})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "network"
    # the monitoring token opens nothing else
    assert monitor.get("/api/v1/incidents").status_code == 401


def test_customer_viewer_sees_only_own_networks_and_published_updates(networks, make_user, admin_api, api_client_for):
    own = post(admin_api, "/api/v1/incidents", BODY).json()  # NET-US-1 belongs to Atlantic Mobile
    other = post(admin_api, "/api/v1/incidents", {**BODY, "networks": [{"network": "NET-DE-1", "share": 0.1}]}).json()
    post(admin_api, f"/api/v1/incidents/{own['id']}/updates", {"conditions": "Core restored", "actions": "Monitoring"})
    viewer = api_client_for(make_user("customer_viewer", customer=networks["us"].customer))
    listed = viewer.get("/api/v1/incidents").json()
    assert [i["id"] for i in listed["items"]] == [own["id"]]
    assert viewer.get(f"/api/v1/incidents/{other['id']}").status_code == 404
    assert viewer.get(f"/api/v1/incidents/{own['id']}/updates").json()["count"] == 1
    assert viewer.get(f"/api/v1/incidents/{own['id']}/timeline").status_code == 404
    assert viewer.get(f"/api/v1/incidents/{own['id']}/obligations").status_code == 404


def test_alert_batches_are_all_or_nothing_and_idempotent(networks, admin_user):
    from django.test import Client

    from steadfast.incidents.services import create_alert_source

    _, secret = create_alert_source(actor=admin_user, name="Alertmanager")
    monitor = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    alerts = [{"dedup_key": f"k{i % 3}", "source": "alertmanager", "network": "NET-DE-1", "severity": "major",
               "summary": f"alarm {i}"} for i in range(9)]
    bad = post(monitor, "/api/v1/alerts/batch", {"alerts": [*alerts, {**alerts[0], "network": "NET-NOPE", "summary": "x"}]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "alerts.9.network"
    assert not Alert.objects.exists() and not Incident.objects.exists()
    first = post(monitor, "/api/v1/alerts/batch", {"alerts": [*alerts, alerts[0]]}).json()
    assert [i["created"] for i in first["items"]] == [True] * 9 + [False]
    assert Incident.objects.count() == 3 and Alert.objects.count() == 9
    again = post(monitor, "/api/v1/alerts/batch", {"alerts": alerts}).json()
    assert not any(i["created"] for i in again["items"]) and Alert.objects.count() == 9
    assert {i["incident_id"] for i in again["items"]} == {i["incident_id"] for i in first["items"]}


def test_customer_viewer_sees_only_own_networks_of_a_shared_incident(networks, make_user, admin_api, api_client_for):
    body = {**BODY, "networks": [{"network": "NET-US-1", "share": 0.5}, {"network": "NET-DE-1", "share": 0.5}]}
    shared = post(admin_api, "/api/v1/incidents", body).json()
    assert shared["subscribers_affected"] == 6_000_000
    viewer = api_client_for(make_user("customer_viewer", customer=networks["us"].customer))
    seen = viewer.get(f"/api/v1/incidents/{shared['id']}").json()
    assert [n["network"] for n in seen["networks"]] == ["NET-US-1"]
    assert seen["subscribers_affected"] == 1_000_000


def test_alert_source_command_creates_lists_and_revokes(networks, capsys):
    from django.core.management import CommandError, call_command
    from django.test import Client

    call_command("incidents_alert_source", create="Zabbix EU")
    secret = capsys.readouterr().out.strip().splitlines()[-1]
    monitor = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    alert = {"dedup_key": "k", "source": "zabbix", "network": "NET-DE-1", "severity": "minor", "summary": "x"}
    assert post(monitor, "/api/v1/alerts", alert).status_code == 201
    with pytest.raises(CommandError, match="exists already"):
        call_command("incidents_alert_source", create="Zabbix EU")
    call_command("incidents_alert_source", revoke="Zabbix EU")
    assert post(monitor, "/api/v1/alerts", {**alert, "summary": "y"}).status_code == 401
    call_command("incidents_alert_source", list=True)
    assert "revoked" in capsys.readouterr().out
