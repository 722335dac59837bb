"""Sub-processor changes: the supplier announces under its own DPA, we object within the window,
silence authorises under general authorisation; the supplier cannot touch another's DPA."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from steadfast.privacy import services
from steadfast.privacy.models import SubProcessor

D = dt.date


@pytest.fixture
def signed_dpa(dpa_factory, home_supplier):
    dpa = dpa_factory(supplier=home_supplier, objection_window_days=14)
    services.record_signature(actor=None, dpa=dpa, signed_on=D(2026, 1, 10), today=D(2026, 1, 10))
    return dpa


def test_announce_object_and_lapse(signed_dpa, supplier_factory, privacy_officer):
    host = supplier_factory(legal_name="Fjordcloud AS", country="NO", category="cloud_it_services")
    sub = services.announce_subprocessor(actor=None, dpa=signed_dpa, supplier=host.ref, service="hosting",
                                         countries=["no", "SE"], announced_on=D(2026, 3, 1))
    assert (sub.status, sub.objection_deadline, sub.countries) == ("proposed", D(2026, 3, 15), ["NO", "SE"])
    with pytest.raises(ValidationError, match="window closed"):
        services.decide_subprocessor(actor=privacy_officer, subprocessor=sub, accept=False, today=D(2026, 3, 16))
    services.decide_subprocessor(actor=privacy_officer, subprocessor=sub, accept=False, today=D(2026, 3, 15))
    assert sub.status == "objected"
    other = services.announce_subprocessor(actor=None, dpa=signed_dpa, name="Mailjet SAS", service="e-mail",
                                           announced_on=D(2026, 3, 1))
    assert services.authorise_unopposed(today=D(2026, 3, 15)) == 0
    assert services.authorise_unopposed(today=D(2026, 3, 16)) == 1
    other.refresh_from_db()
    assert other.status == "authorised"
    with pytest.raises(ValidationError) as error:
        services.announce_subprocessor(actor=None, dpa=signed_dpa, supplier="NOPE-1", service="x")
    assert "no supplier with ref 'NOPE-1'" in error.value.message_dict["supplier"][0]


def test_supplier_announces_in_the_portal_only_for_its_own_dpa(signed_dpa, dpa_factory, role_users):
    foreign = dpa_factory()
    services.record_signature(actor=None, dpa=foreign, signed_on=D(2026, 1, 10), today=D(2026, 1, 10))
    client = Client()
    client.force_login(role_users["supplier_respondent"])
    response = client.post(f"/privacy/dpas/{signed_dpa.pk}/subprocessors/",
                           {"name": "Kestrel Analytics BV", "service": "payroll analytics", "countries": "NL, IN"},
                           follow=True)
    assert "objections are possible until" in response.content.decode()
    assert SubProcessor.objects.get(dpa=signed_dpa).countries == ["IN", "NL"]
    assert client.post(f"/privacy/dpas/{foreign.pk}/subprocessors/",
                       {"name": "X", "service": "y"}).status_code == 404
    assert not SubProcessor.objects.filter(dpa=foreign).exists()
