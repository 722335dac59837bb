"""The GDPR Art. 33 obligation of an incident with personal data shows the privacy app's breach
register entries linked to it, through `steadfast.privacy.selectors.breaches_for_incident`.

That selector comes with the privacy app's own change (the breach's incident becomes a foreign
key). Where it does not exist yet, this test stands one in that reads the register the way the
privacy app did before (by the incident's ref), so the incident page's part is exercised either way."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from steadfast.privacy import selectors as privacy_selectors
from steadfast.privacy.models import Breach

from .conftest import T0

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def breach_link(monkeypatch):
    if not hasattr(privacy_selectors, "breaches_for_incident"):
        def breaches_for_incident(*, user, incident):
            return Breach.objects.filter(incident_ref=incident.ref).order_by("ref")

        monkeypatch.setattr(privacy_selectors, "breaches_for_incident", breaches_for_incident, raising=False)


def record_breach(incident, ref):
    fields = {f.name for f in Breach._meta.get_fields()}
    link = {"incident": incident} if "incident" in fields else {"incident_ref": incident.ref}
    return Breach.objects.create(ref=ref, title="Subscriber CDRs exposed on a staging OSS host",
                                 nature="confidentiality", aware_at=T0 + dt.timedelta(hours=2), **link)


def test_gdpr_obligation_shows_the_linked_breach(make_incident, role_users, breach_link):
    incident = make_incident(personal_data=True, kind="security")
    admin = client_for(role_users["administrator"])
    page = admin.get(incident.get_absolute_url()).content.decode()
    assert "No entry in the breach register names this incident yet" in page
    breach = record_breach(incident, "BR-2026-0007")
    page = admin.get(incident.get_absolute_url()).content.decode()
    assert "BR-2026-0007" in page and breach.get_absolute_url() in page


def test_no_breach_line_without_personal_data_or_for_customers(make_incident, role_users, networks, make_user,
                                                                breach_link):
    plain = make_incident()
    page = client_for(role_users["administrator"]).get(plain.get_absolute_url()).content.decode()
    assert 'data-testid="gdpr-breach"' not in page
    personal = make_incident(personal_data=True)
    record_breach(personal, "BR-2026-0008")
    viewer = client_for(make_user("customer_viewer", customer=networks["us"].customer))
    assert "BR-2026-0008" not in viewer.get(personal.get_absolute_url()).content.decode()


def test_without_the_privacy_selector_the_incident_keeps_its_own_reference(make_incident, role_users, monkeypatch):
    monkeypatch.delattr(privacy_selectors, "breaches_for_incident", raising=False)
    incident = make_incident(personal_data=True, privacy_breach_ref="DPO-2026-114")
    page = client_for(role_users["administrator"]).get(incident.get_absolute_url()).content.decode()
    assert "Breach register: DPO-2026-114" in page
