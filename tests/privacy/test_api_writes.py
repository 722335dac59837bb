"""API writes: processing activities, DPAs with their lifecycle, transfers and breaches, through the
same services as the pages — strict bodies, problem+json errors naming the field, scope, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from steadfast.core.models import AuditEvent
from steadfast.incidents.models import Incident
from steadfast.network.models import Contract, Item
from steadfast.privacy import selectors, services
from steadfast.privacy.models import Breach, Dpa, ProcessingActivity, Transfer
from steadfast.security.models import Control, Framework

JSON = "application/json"


@pytest.fixture
def officer_api(role_users, api_client_for):
    return api_client_for(role_users["privacy_officer"])


@pytest.fixture
def controls(db):
    framework = Framework.objects.create(name="NIST SP 800-53", version="5.1.1")
    return [Control.objects.create(framework=framework, control_id=cid, label=cid.upper(), title=title, sort_order=n)
            for n, (cid, title) in enumerate((("ac-2", "Account Management"), ("sc-8", "Transmission Confidentiality"),
                                              ("sc-28", "Protection of Information at Rest")))]


def _post(client, path, body):
    return client.post(path, body, content_type=JSON)


def _patch(client, path, body):
    return client.patch(path, body, content_type=JSON)


def test_activity_created_with_processors_items_and_controls(officer_api, supplier_factory, controls):
    processor = supplier_factory(ref="PRC-00001", legal_name="Kestrel Payroll GmbH", category="software")
    item = Item.objects.create(ref="ITM-ONT-1", name="Fibre ONT", kind="product")
    before = AuditEvent.objects.count()
    response = _post(officer_api, "/api/v1/processing-activities", {
        "ref": "PA-PAYROLL", "name": "Payroll", "purpose": "pay staff", "legal_basis": "6.1.b", "retention": "10 years",
        "data_categories": ["identification", "health"], "special_condition": "9.2.b", "countries": ["de", "IE"],
        "processors": ["PRC-00001"], "items": [item.pk], "controls": [controls[0].pk, controls[2].pk]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["processor_ids"] == [processor.pk] and body["item_ids"] == [item.pk]
    assert sorted(body["control_ids"]) == sorted([controls[0].pk, controls[2].pk])
    assert body["countries"] == ["DE", "IE"]
    assert AuditEvent.objects.count() > before

    patched = _patch(officer_api, f"/api/v1/processing-activities/{body['id']}", {"controls": [controls[1].pk]})
    assert patched.status_code == 200 and patched.json()["control_ids"] == [controls[1].pk]
    assert patched.json()["processor_ids"] == [processor.pk]  # untouched: only the fields sent change


def test_activity_bad_input_names_the_field_and_changes_nothing(officer_api, controls):
    base = {"ref": "PA-X", "name": "CRM", "purpose": "sell", "legal_basis": "6.1.f", "retention": "3 years"}
    cases = [({**base, "processors": ["SUP-NOPE"]}, "processors", "SUP-NOPE"),
             ({**base, "controls": [999999]}, "controls", "999999"),
             ({**base, "countries": ["XX"]}, "countries", "XX"),
             ({**base, "data_categories": ["health"]}, "special_condition", "Art. 9(2)"),
             ({**base, "colour": "blue"}, "colour", "")]
    for body, field, words in cases:
        response = _post(officer_api, "/api/v1/processing-activities", body)
        assert response.status_code in (400, 422), (field, response.content)
        assert response["Content-Type"].startswith("application/problem+json")
        text = response.content.decode()
        assert field in text and words in text, (field, text)
    assert not ProcessingActivity.objects.exists()


def test_dpa_created_linked_and_taken_through_its_lifecycle(officer_api, supplier_factory, agreement_bytes):
    supplier = supplier_factory(legal_name="Kestrel Payroll GmbH", category="software")
    contract = Contract.objects.create(ref="CTR-K-1", supplier=supplier, title="Payroll services",
                                       start_date=dt.date(2025, 1, 1))
    other = Contract.objects.create(ref="CTR-O-1", supplier=supplier_factory(), title="Other", start_date=dt.date(2025, 1, 1))
    activity = services.create_activity(actor=None, ref="PA-PAY", name="Payroll", purpose="pay", legal_basis="6.1.b",
                                        retention="10 years")
    refused = _post(officer_api, "/api/v1/dpas", {"supplier": supplier.ref, "contracts": [other.ref]})
    assert refused.status_code == 422 and "contracts" in refused.content.decode() and "CTR-O-1" in refused.content.decode()
    assert _post(officer_api, "/api/v1/dpas", {"supplier": "SUP-UNKNOWN"}).status_code == 422
    assert not Dpa.objects.exists()

    created = _post(officer_api, "/api/v1/dpas", {"supplier": supplier.ref, "breach_notice_hours": 24,
                                                  "contracts": [contract.ref], "activities": ["PA-PAY"]})
    assert created.status_code == 201, created.content
    dpa = Dpa.objects.get(pk=created.json()["id"])
    assert list(dpa.contracts.all()) == [contract] and list(dpa.activities.all()) == [activity]
    assert created.json()["status"] == "draft"

    assert _patch(officer_api, f"/api/v1/dpas/{dpa.pk}", {"status": "active"}).status_code == 422  # not a field
    assert _patch(officer_api, f"/api/v1/dpas/{dpa.pk}", {"breach_notice_hours": 0}).status_code == 422
    assert _patch(officer_api, f"/api/v1/dpas/{dpa.pk}", {"breach_notice_hours": 36}).json()["breach_notice_hours"] == 36

    no_document = _post(officer_api, f"/api/v1/dpas/{dpa.pk}/send", {})
    assert no_document.status_code == 422 and "document" in no_document.content.decode()
    services.add_document(actor=None, dpa=dpa, data=agreement_bytes("vendor"), name="dpa.pdf")
    assert _post(officer_api, f"/api/v1/dpas/{dpa.pk}/send", {}).json()["status"] == "sent"

    signed_on = dt.date.today() - dt.timedelta(days=10)
    late_expiry = _post(officer_api, f"/api/v1/dpas/{dpa.pk}/sign",
                        {"signed_on": signed_on.isoformat(), "expires_on": (signed_on - dt.timedelta(days=1)).isoformat()})
    assert late_expiry.status_code == 422 and "expires_on" in late_expiry.content.decode()
    signed = _post(officer_api, f"/api/v1/dpas/{dpa.pk}/sign", {
        "signed_on": signed_on.isoformat(), "expires_on": (signed_on + dt.timedelta(days=3 * 365)).isoformat()})
    assert signed.status_code == 200 and signed.json()["status"] == "active"
    ended = _post(officer_api, f"/api/v1/dpas/{dpa.pk}/terminate",
                  {"terminated_on": dt.date.today().isoformat(), "reason": "service ended"})
    assert ended.json()["status"] == "terminated"
    assert _post(officer_api, f"/api/v1/dpas/{dpa.pk}/send", {}).status_code == 422


def test_supplier_respondent_accepts_only_its_own_dpa(role_users, api_client_for, home_supplier, dpa_factory,
                                                       agreement_bytes):
    own, foreign = dpa_factory(supplier=home_supplier), dpa_factory()
    for dpa in (own, foreign):
        services.add_document(actor=None, dpa=dpa, data=agreement_bytes("vendor"), name="dpa.pdf")
        services.send_dpa(actor=None, dpa=dpa)
    respondent = api_client_for(role_users["supplier_respondent"])
    sha = own.documents.get().sha256
    body = {"sha256": sha, "signatory_name": "Greta Lindqvist", "signatory_email": "greta@home.example"}
    assert _post(respondent, f"/api/v1/dpas/{foreign.pk}/accept", {**body, "sha256": foreign.documents.get().sha256}
                 ).status_code == 404
    assert _patch(respondent, f"/api/v1/dpas/{own.pk}", {"notes": "mine"}).status_code == 403
    assert _post(respondent, "/api/v1/dpas", {"supplier": home_supplier.ref}).status_code == 403
    assert _post(respondent, f"/api/v1/dpas/{own.pk}/accept", {**body, "sha256": "0" * 64}).status_code == 422
    assert _post(respondent, f"/api/v1/dpas/{foreign.pk}/accept", {}).status_code == 404  # scope before the body
    empty = _post(respondent, f"/api/v1/dpas/{own.pk}/accept", {})
    assert empty.status_code == 422
    assert {e["field"] for e in empty.json()["errors"]} == {"sha256", "signatory_name", "signatory_email"}
    accepted = _post(respondent, f"/api/v1/dpas/{own.pk}/accept", body)
    assert accepted.status_code == 200 and accepted.json()["status"] in ("signed", "active")
    assert accepted.json()["document_sha256"] == sha
    foreign.refresh_from_db()
    assert foreign.status == "sent"
    assert _post(api_client_for(role_users["customer_viewer"]), "/api/v1/breaches", {}).status_code == 403


def test_transfer_create_and_update(officer_api, supplier_factory):
    recipient = supplier_factory(ref="PRC-IN-1", legal_name="Bangalore Support Pvt Ltd", country="IN")
    bad = _post(officer_api, "/api/v1/transfers", {"ref": "TR-1", "origin_country": "DE", "destination_country": "ZZ",
                                                   "mechanism": "scc_m2", "recipient": recipient.ref})
    assert bad.status_code == 422 and "destination_country" in bad.content.decode() and not Transfer.objects.exists()
    created = _post(officer_api, "/api/v1/transfers", {"ref": "TR-1", "origin_country": "de", "destination_country": "in",
                                                       "mechanism": "scc_m2", "recipient": recipient.ref})
    assert created.status_code == 201, created.content
    assert created.json()["destination_country"] == "IN" and created.json()["flag"]  # SCC without a TIA
    patched = _patch(officer_api, f"/api/v1/transfers/{created.json()['id']}", {"mechanism": "none"})
    assert patched.status_code == 200 and patched.json()["mechanism"] == "none"
    assert _patch(officer_api, f"/api/v1/transfers/{created.json()['id']}",
                  {"recipient": None}).status_code == 422  # no recipient and no name


def test_breach_links_a_major_incident_and_keeps_the_72_hour_rule(officer_api, role_users):
    incident = Incident.objects.create(ref="MI-2026-0042", title="Core network outage", kind="security",
                                       impact_started_at=dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC),
                                       detected_at=dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    base = {"ref": "BR-1", "title": "Subscriber records exposed", "nature": "confidentiality",
            "aware_at": "2026-03-01T10:00:00+01:00", "incident": "MI-2026-0042"}
    assert _post(officer_api, "/api/v1/breaches", {**base, "incident": "MI-NOPE"}).status_code == 422
    late = _post(officer_api, "/api/v1/breaches", {**base, "authority": "BfDI",
                                                   "authority_notified_at": "2026-03-04T10:00:01+01:00"})
    assert late.status_code == 422 and "late_reason" in late.content.decode()
    assert _post(officer_api, "/api/v1/breaches", {**base, "aware_at": "2026-03-01T10:00:00"}).status_code == 422
    assert not Breach.objects.exists()
    created = _post(officer_api, "/api/v1/breaches", base)
    assert created.status_code == 201 and created.json()["incident_id"] == incident.pk
    breach = Breach.objects.get()
    assert list(selectors.breaches_for_incident(role_users["privacy_officer"], incident)) == [breach]
    assert not selectors.breaches_for_incident(role_users["customer_viewer"], incident).exists()
    assert not selectors.breaches_for_incident(role_users["supplier_respondent"], incident).exists()
    patched = _patch(officer_api, f"/api/v1/breaches/{breach.pk}", {"authority": "BfDI",
                                                                  "authority_notified_at": "2026-03-04T10:00:00+01:00"})
    assert patched.status_code == 200 and patched.json()["notified_late"] is False  # exactly 72 h is in time
    cleared = _patch(officer_api, f"/api/v1/breaches/{breach.pk}", {"incident": None})
    assert cleared.json()["incident_id"] is None
