"""The incident board's filters (severity, kind, status, country, region, customer, commander,
open/closed), kept in the URL; customer viewers filter only within what they may see."""

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


@pytest.fixture
def spread(make_incident, manager, make_user):
    """An open US outage commanded by imogen, an open German security incident, a resolved Brazilian one."""
    us = make_incident(title="Atlantic LTE core outage", shares={"us": 0.5})
    services.assign_role(actor=manager, incident=us, role="commander", person=manager, at=T0 + dt.timedelta(minutes=10))
    de = make_incident(title="Rhein ransomware on OSS", kind="security", shares={"de": 0.02})
    other = make_user("incident_manager", username="oskar")
    services.assign_role(actor=manager, incident=de, role="commander", person=other, at=T0 + dt.timedelta(minutes=20))
    br = make_incident(title="Brasil fibre cut", shares={"br": 0.3}, resolved=T0 + dt.timedelta(hours=3))
    return {"us": us, "de": de, "br": br}


def cards(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("", ["us", "de"], ["br"]),                                    # open ones by default
    ("?state=closed", ["br"], ["us", "de"]),
    ("?state=all", ["us", "de", "br"], []),
    ("?kind=security", ["de"], ["us", "br"]),
    ("?country=us", ["us"], ["de", "br"]),
    ("?region=Europe", ["de"], ["us", "br"]),
    ("?region=South+America&state=all", ["br"], ["us", "de"]),
    ("?customer=Rhein&state=all", ["de", "br"], ["us"]),
    ("?commander=imogen", ["us"], ["de", "br"]),
    ("?status=declared&state=all", ["us", "de"], ["br"]),
    ("?status=resolved&state=all", ["br"], ["us", "de"]),
])
def test_board_filters(spread, manager, query, shown, hidden):
    page = cards(client_for(manager).get(f"/incidents/board/{query}"))
    for key in shown:
        assert spread[key].ref in page, (query, key)
    for key in hidden:
        assert spread[key].ref not in page, (query, key)


def test_board_severity_filter_and_the_filter_stays_in_the_url(spread, manager):
    severities = {k: i.severity for k, i in spread.items()}
    page = cards(client_for(manager).get(f"/incidents/board/?severity={severities['de']}&state=all"))
    assert spread["de"].ref in page
    assert all(spread[k].ref not in page for k, s in severities.items() if s != severities["de"])
    # the form shows the filter it was given, and the list link carries it
    page = cards(client_for(manager).get("/incidents/board/?kind=security&region=Europe"))
    assert 'value="security" selected' in page and 'value="Europe" selected' in page
    assert "/incidents/?kind=security&amp;region=Europe" in page
    assert "IC oskar" in page


def test_board_bad_filter_is_named_and_shows_the_default(spread, manager):
    page = cards(client_for(manager).get("/incidents/board/?country=Germany&kind=security"))
    assert "two-letter ISO 3166" in page
    assert spread["de"].ref in page and spread["us"].ref not in page  # the valid filters still apply


def test_customer_viewer_filters_only_within_own_networks(make_incident, manager, networks, make_user):
    shared = make_incident(title="Shared transport outage", shares={"us": 0.1, "de": 0.1})
    viewer = client_for(make_user("customer_viewer", customer=networks["us"].customer))
    assert shared.ref in cards(viewer.get("/incidents/board/"))
    # the incident also touches Rhein's German network: the viewer cannot find that out
    assert shared.ref not in cards(viewer.get("/incidents/board/?customer=Rhein"))
    assert shared.ref not in cards(viewer.get("/incidents/board/?country=DE"))
    assert shared.ref not in cards(viewer.get("/incidents/?region=Europe"))
    assert shared.ref in cards(viewer.get("/incidents/?region=North+America"))
    page = cards(viewer.get("/incidents/board/"))
    assert 'name="commander"' not in page and "subscribers ·" not in page


def test_list_api_takes_the_new_filters(spread, admin_user):
    client = client_for(admin_user)
    refs = [row["ref"] for row in client.get("/api/v1/incidents?region=Europe").json()["items"]]
    assert refs == [spread["de"].ref]
    refs = [row["ref"] for row in client.get("/api/v1/incidents?commander=imogen").json()["items"]]
    assert refs == [spread["us"].ref]
    bad = client.get("/api/v1/incidents?region=Atlantis")
    assert bad.status_code == 422 and "region" in bad.content.decode()
