"""The processing activity's links (processors, items, Art. 30(1)(g) controls) and the DPA's
(contracts, activities) through the forms' ref pickers; the pickers' suggestions; the breach's major
incident shown on its page; the controls in the Art. 30 export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client

from steadfast.incidents.models import Incident
from steadfast.network.models import Contract, Item
from steadfast.privacy import services
from steadfast.privacy.models import ProcessingActivity
from steadfast.security.models import Control, Framework


@pytest.fixture
def officer(privacy_officer):
    client = Client()
    client.force_login(privacy_officer)
    return client


@pytest.fixture
def nist(db):
    framework = Framework.objects.create(name="NIST SP 800-53", version="5.1.1")
    other = Framework.objects.create(name="NIST CSF", version="2.0")
    Control.objects.create(framework=other, control_id="sc-8", title="Not this one", sort_order=0)
    for n, (cid, title) in enumerate((("ac-2", "Account Management"), ("sc-8", "Transmission Confidentiality and Integrity"),
                                      ("sc-28", "Protection of Information at Rest"))):
        Control.objects.create(framework=framework, control_id=cid, label=cid.upper(), title=title, sort_order=n)
    return framework


BASE = {"ref": "ROPA-1", "name": "Subscriber analytics", "our_role": "controller", "purpose": "network planning",
        "legal_basis": "6.1.f", "retention": "13 months", "data_categories": ["traffic", "location"], "countries": "DE"}


def test_activity_form_links_processors_items_and_controls(officer, nist, supplier_factory):
    supplier_factory(ref="PRC-00007", legal_name="Kestrel Analytics GmbH", category="software")
    Item.objects.create(ref="PRD-OLT-1", name="GPON OLT", kind="product")
    refused = officer.post("/privacy/activities/new/", {**BASE, "processors": "PRC-00007, PRC-99999",
                                                        "items": "PRD-OLT-1", "framework": nist.pk, "controls": "sc-8"})
    assert refused.status_code == 422 and "PRC-99999" in refused.content.decode()
    no_framework = officer.post("/privacy/activities/new/", {**BASE, "controls": "sc-8"})
    assert no_framework.status_code == 422 and "choose the framework" in no_framework.content.decode()
    wrong = officer.post("/privacy/activities/new/", {**BASE, "framework": nist.pk, "controls": "sc-8, zz-1"})
    assert wrong.status_code == 422 and "zz-1" in wrong.content.decode()
    assert not ProcessingActivity.objects.exists()

    ok = officer.post("/privacy/activities/new/", {**BASE, "processors": "PRC-00007", "items": "PRD-OLT-1",
                                                   "framework": nist.pk, "controls": "sc-8, sc-28"})
    assert ok.status_code == 302
    activity = ProcessingActivity.objects.get()
    assert [c.control_id for c in activity.controls.order_by("sort_order")] == ["sc-8", "sc-28"]
    assert {c.framework_id for c in activity.controls.all()} == {nist.pk}
    assert [s.ref for s in activity.processors.all()] == ["PRC-00007"]
    assert [i.ref for i in activity.items.all()] == ["PRD-OLT-1"]

    page = officer.get(f"/privacy/activities/{activity.pk}/").content.decode()
    assert "SC-28 Protection of Information at Rest" in page and "Kestrel Analytics GmbH" in page and "PRD-OLT-1" in page
    edit = officer.get(f"/privacy/activities/{activity.pk}/edit/").content.decode()
    assert 'value="sc-8, sc-28"' in edit and 'value="PRC-00007"' in edit and "privacy/lookup.js" in edit

    rows = list(csv.reader(io.StringIO(officer.get("/privacy/activities/export.csv").content.decode("utf-8-sig"))))
    column = rows[0].index("(g) Controls implementing the measures (framework: control)")
    assert "NIST SP 800-53 5.1.1: SC-28 Protection of Information at Rest" in rows[1][column]


def test_dpa_form_links_the_suppliers_contracts(officer, supplier_factory, dpa_factory):
    supplier = supplier_factory(legal_name="Kestrel Payroll GmbH", category="software")
    Contract.objects.create(ref="CTR-K-1", supplier=supplier, title="Payroll services", start_date=dt.date(2025, 1, 1))
    Contract.objects.create(ref="CTR-X-1", supplier=supplier_factory(), title="Other", start_date=dt.date(2025, 1, 1))
    services.create_activity(actor=None, ref="ROPA-PAY", name="Payroll", purpose="pay", legal_basis="6.1.b", retention="10y")
    dpa = dpa_factory(supplier=supplier)
    form = {"relationship": "controller_processor", "renewal_months": 12, "breach_notice_hours": 48,
            "subprocessor_authorisation": "general", "objection_window_days": 30, "audit_rights": "on",
            "return_or_delete": "controller_choice"}
    refused = officer.post(f"/privacy/dpas/{dpa.pk}/edit/", {**form, "contracts": "CTR-X-1"})
    assert refused.status_code == 422 and "not contracts with Kestrel Payroll GmbH: CTR-X-1" in refused.content.decode()
    ok = officer.post(f"/privacy/dpas/{dpa.pk}/edit/", {**form, "contracts": "CTR-K-1", "activities": "ROPA-PAY"})
    assert ok.status_code == 302
    assert [c.ref for c in dpa.contracts.all()] == ["CTR-K-1"] and [a.ref for a in dpa.activities.all()] == ["ROPA-PAY"]
    assert "CTR-K-1 Payroll services" in officer.get(f"/privacy/dpas/{dpa.pk}/").content.decode()


def test_lookup_suggests_a_few_scoped_refs(officer, nist, supplier_factory, role_users):
    for n in range(30):
        supplier_factory(ref=f"PRC-{n:05d}", legal_name=f"Kestrel Cloud {n} Ltd")
    items = officer.get("/privacy/lookup/?kind=suppliers&q=kestrel").json()["items"]
    assert len(items) == 20 and items[0] == {"value": "PRC-00000", "label": "Kestrel Cloud 0 Ltd (DE)"}
    controls = officer.get(f"/privacy/lookup/?kind=controls&q=sc-&framework={nist.pk}").json()["items"]
    assert [c["value"] for c in controls] == ["sc-28", "sc-8"]
    assert officer.get("/privacy/lookup/?kind=secrets&q=ab").status_code == 400
    respondent = Client()
    respondent.force_login(role_users["supplier_respondent"])
    assert respondent.get("/privacy/lookup/?kind=suppliers&q=kestrel").status_code == 403


def test_breach_page_links_its_major_incident(officer):
    incident = Incident.objects.create(ref="MI-2026-0007", title="Billing platform intrusion", kind="security",
                                       impact_started_at=dt.datetime(2026, 2, 1, 8, tzinfo=dt.UTC),
                                       detected_at=dt.datetime(2026, 2, 1, 9, tzinfo=dt.UTC))
    unknown = officer.post("/privacy/breaches/new/", {
        "ref": "BR-7", "title": "Invoices exposed", "nature": "confidentiality", "aware_at": "2026-02-01 10:00",
        "risk": "risk", "subjects_approx": "900", "records_approx": "900", "incident": "MI-2026-9999"})
    assert unknown.status_code == 422 and "no incident MI-2026-9999" in unknown.content.decode()
    officer.post("/privacy/breaches/new/", {
        "ref": "BR-7", "title": "Invoices exposed", "nature": "confidentiality", "aware_at": "2026-02-01 10:00",
        "risk": "risk", "subjects_approx": "900", "records_approx": "900", "incident": "MI-2026-0007"})
    breach = incident.privacy_breaches.get()
    page = officer.get(f"/privacy/breaches/{breach.pk}/").content.decode()
    assert f'href="{incident.get_absolute_url()}"' in page and "MI-2026-0007 Billing platform intrusion" in page
