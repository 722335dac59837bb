"""The GDPR Art. 33 obligation of an incident with personal data shows the privacy app's breach
register entries linked to it, through `steadfast.privacy.selectors.breaches_for_incident`.

A breach points at its incident with a foreign key (privacy 0002); a role that may not read the
breach register sees the incident's own reference instead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from steadfast.privacy.models import Breach

from .conftest import T0

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def record_breach(incident, ref):
    return Breach.objects.create(ref=ref, title="Subscriber CDRs exposed on a staging OSS host",
                                 nature="confidentiality", aware_at=T0 + dt.timedelta(hours=2), incident=incident)


def test_gdpr_obligation_shows_the_linked_breach(make_incident, role_users):
    incident = make_incident(personal_data=True, kind="security")
    admin = client_for(role_users["administrator"])
    page = admin.get(incident.get_absolute_url()).content.decode()
    assert "No entry in the breach register names this incident yet" in page
    breach = record_breach(incident, "BR-2026-0007")
    page = admin.get(incident.get_absolute_url()).content.decode()
    assert "BR-2026-0007" in page and breach.get_absolute_url() in page


def test_no_breach_line_without_personal_data_or_for_customers(make_incident, role_users, networks, make_user):
    plain = make_incident()
    page = client_for(role_users["administrator"]).get(plain.get_absolute_url()).content.decode()
    assert 'data-testid="gdpr-breach"' not in page
    personal = make_incident(personal_data=True)
    record_breach(personal, "BR-2026-0008")
    viewer = client_for(make_user("customer_viewer", customer=networks["us"].customer))
    assert "BR-2026-0008" not in viewer.get(personal.get_absolute_url()).content.decode()


def test_a_role_without_the_breach_register_sees_the_incident_own_reference(make_incident, role_users):
    # A continuity manager reads incidents but not the privacy app's breach register (core/policy.py).
    incident = make_incident(personal_data=True, privacy_breach_ref="DPO-2026-114")
    record_breach(incident, "BR-2026-0009")
    page = client_for(role_users["continuity_manager"]).get(incident.get_absolute_url()).content.decode()
    assert "Breach register: DPO-2026-114" in page
    assert "BR-2026-0009" not in page
