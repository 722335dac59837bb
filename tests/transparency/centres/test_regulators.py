"""The regulator role: scoped to the countries it oversees in the network and incidents selectors,
countries assigned by administrators (audited)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role
from steadfast.incidents import selectors as incident_selectors
from steadfast.incidents.models import AffectedNetwork, Incident
from steadfast.network import selectors as network_selectors
from steadfast.network.models import CustomerNetwork, Deployment, Item
from steadfast.transparency.models import RegulatorCountry
from steadfast.transparency.services import regulators as services


@pytest.fixture
def networks(customer_factory):
    german = customer_factory(name="Deutsche Telekom AG", country="DE")
    french = customer_factory(name="Orange SA", country="FR")
    made = {}
    # a French operator's network in Germany counts for Germany: the network's country decides
    for ref, customer, country in (("NET-DE-1", german, "DE"), ("NET-FR-1", french, "FR"), ("NET-FR-DE", french, "DE")):
        made[ref] = CustomerNetwork.objects.create(ref=ref, customer=customer, name=ref, country=country, kind="mobile",
                                                   subscribers=1_000_000)
    product = Item.objects.create(ref="P-RAN", name="RAN Baseband", kind="product")
    for network in made.values():
        Deployment.objects.create(network=network, product=product)
    return made


def _incident(ref, *networks):
    start = dt.datetime(2026, 5, 4, 3, tzinfo=dt.UTC)
    incident = Incident.objects.create(ref=ref, title=f"Outage {ref}", kind="outage", impact_started_at=start,
                                       detected_at=start)
    for network in networks:
        AffectedNetwork.objects.create(incident=incident, network=network, share=0.5)
    return incident


def test_regulator_sees_networks_and_incidents_of_its_countries_only(regulator, networks):
    assert set(network_selectors.customer_networks(user=regulator).values_list("ref", flat=True)) == {"NET-DE-1", "NET-FR-DE"}
    assert set(network_selectors.deployments(user=regulator).values_list("network__ref", flat=True)) == {"NET-DE-1", "NET-FR-DE"}
    assert not network_selectors.customers(user=regulator).exists()  # the map beyond networks: no path, nothing
    german = _incident("INC-1", networks["NET-DE-1"], networks["NET-FR-1"])
    _incident("INC-2", networks["NET-FR-1"])
    seen = list(incident_selectors.incidents(user=regulator))
    assert seen == [german]  # once, although it touches two networks
    impacts = incident_selectors.affected_networks(user=regulator, incident=german)
    assert [a.network.ref for a in impacts] == ["NET-DE-1"]
    with pytest.raises(Http404):  # the war room stays hidden
        incident_selectors.staff_incident(user=regulator, incident_id=german.pk)


def test_a_regulator_without_a_country_sees_nothing(make_user, networks):
    lonely = make_user(Role.REGULATOR, username="reg-none")
    _incident("INC-3", networks["NET-DE-1"])
    assert not network_selectors.customer_networks(user=lonely).exists()
    assert not incident_selectors.incidents(user=lonely).exists()


def test_regulator_pages_show_its_country(regulator, networks):
    client = Client()
    client.force_login(regulator)
    page = client.get(reverse("network:networks"))
    assert page.status_code == 200 and b"NET-DE-1" in page.content and b"NET-FR-1<" not in page.content
    assert client.get(reverse("network:network", args=[networks["NET-FR-1"].pk])).status_code == 404
    assert client.get(reverse("network:suppliers")).status_code == 200


def test_administrator_assigns_and_removes_countries_audited(admin_user, make_user):
    regulator = make_user(Role.REGULATOR, username="reg-it")
    client = Client()
    client.force_login(admin_user)
    response = client.post(reverse("transparency:regulators"), {"user": regulator.pk, "country": "IT",
                                                                "authority": "Agenzia per la Cybersicurezza Nazionale"})
    assert response.status_code == 302
    assignment = RegulatorCountry.objects.get(user=regulator)
    assert assignment.country == "IT"
    assert AuditEvent.objects.filter(verb="create", object_type__icontains="regulatorcountry").exists()
    again = client.post(reverse("transparency:regulators"), {"user": regulator.pk, "country": "IT"})
    assert again.status_code == 422 and b"already oversees IT" in again.content
    client.post(reverse("transparency:regulators"), {"remove": assignment.pk})
    assert not RegulatorCountry.objects.filter(user=regulator).exists()
    assert AuditEvent.objects.filter(verb="delete", object_type__icontains="regulatorcountry").exists()


def test_only_regulators_oversee_countries(admin_user, role_users):
    with pytest.raises(ValidationError, match="not a regulator"):
        services.assign_country(actor=admin_user, user=role_users[Role.CUSTOMER_VIEWER], country="FR")
