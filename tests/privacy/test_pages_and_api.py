"""Scope, filters and query counts of the DPA register through the pages and the API."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from steadfast.privacy import services


@pytest.fixture
def register(dpa_factory, supplier_factory, agreement_bytes, home_supplier):
    """Two agreements of the home supplier (one complete, one missing 28(3)(h)) and five of others."""
    own = [dpa_factory(supplier=home_supplier), dpa_factory(supplier=home_supplier)]
    services.add_document(actor=None, dpa=own[0], data=agreement_bytes("vendor"), name="a.pdf")
    services.add_document(actor=None, dpa=own[1], data=agreement_bytes("vendor", omit={"28(3)(h)"}), name="b.pdf")
    others = [dpa_factory() for _ in range(5)]
    for dpa in others:
        services.add_document(actor=None, dpa=dpa, data=agreement_bytes("supplier_paper", fmt="docx"), name="c.docx")
    return own, others


def test_supplier_respondent_sees_only_its_suppliers_dpas(register, role_users, api_client_for):
    own, others = register
    client = api_client_for(role_users["supplier_respondent"])
    body = client.get("/api/v1/dpas").json()
    assert body["count"] == 2 and {i["ref"] for i in body["items"]} == {d.ref for d in own}
    assert client.get(f"/api/v1/dpas/{others[0].pk}").status_code == 404
    assert client.get("/api/v1/transfers").status_code == 403
    assert api_client_for(role_users["customer_viewer"]).get("/api/v1/dpas").status_code == 403


def test_filters_and_checklist_in_the_api(register, role_users, api_client_for):
    own, others = register
    client = api_client_for(role_users["privacy_officer"])
    assert client.get("/api/v1/dpas").json()["count"] == 7
    incomplete = client.get("/api/v1/dpas?clauses=incomplete").json()
    assert [i["ref"] for i in incomplete["items"]] == [own[1].ref]
    assert client.get(f"/api/v1/dpas?supplier={own[0].supplier.ref}").json()["count"] == 2
    assert client.get("/api/v1/dpas?status=draft").json()["count"] == 7
    assert client.get("/api/v1/dpas?status=active").json()["count"] == 0
    detail = client.get(f"/api/v1/dpas/{own[1].pk}").json()
    by_key = {c["key"]: c for c in detail["checklist"]}
    assert by_key["28(3)(h)"]["status"] == "missing" and by_key["28(3)(a)"]["status"] == "present"
    assert detail["document_sha256"] == own[1].documents.get().sha256


def test_list_page_query_count_does_not_grow(register, role_users, django_assert_max_num_queries, dpa_factory):
    client = Client()
    client.force_login(role_users["privacy_officer"])
    with django_assert_max_num_queries(12):
        response = client.get("/privacy/dpas/")
    assert response.status_code == 200
    for _ in range(10):
        dpa_factory()
    with django_assert_max_num_queries(12):
        assert client.get("/privacy/dpas/?clauses=unchecked").status_code == 200


def test_detail_page_shows_the_checklist_and_upload_refusal(register, role_users):
    own, _ = register
    client = Client()
    client.force_login(role_users["privacy_officer"])
    page = client.get(f"/privacy/dpas/{own[1].pk}/").content.decode()
    assert 'data-testid="clause-28(3)(h)"' in page and "not found in the document" in page
    assert "makes available to the controller all information necessary" in page  # the article's text
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(f"/privacy/dpas/{own[1].pk}/documents/", {
        "file": SimpleUploadedFile("photo.png", b"\x89PNG" + b"\x00" * 400), "purpose": "upload"}, follow=True)
    assert "photo.png: not a PDF, DOCX or plain-text" in response.content.decode()
    assert own[1].documents.count() == 1


@pytest.mark.parametrize("url", ["/privacy/activities/", "/privacy/transfers/", "/privacy/breaches/",
                                 "/api/v1/transfers", "/api/v1/processing-activities", "/api/v1/breaches"])
def test_record_lists_do_not_grow_queries_with_rows(db, url, role_users, supplier_factory, django_assert_max_num_queries):
    import datetime as dt

    from steadfast.privacy.models import Breach, ProcessingActivity, Transfer, TransferImpactAssessment

    client = Client()
    client.force_login(role_users["privacy_officer"])

    def add(n):
        supplier = supplier_factory()
        activity = ProcessingActivity.objects.create(ref=f"PA-{n}", name="HR", purpose="p", legal_basis="6.1.b",
                                                     retention="1y")
        activity.processors.add(supplier)
        transfer = Transfer.objects.create(ref=f"T-{n}", activity=activity, origin_country="DE",
                                           destination_country="IN", mechanism="scc_m2", recipient=supplier)
        TransferImpactAssessment.objects.create(transfer=transfer, assessed_on=dt.date(2025, 1, 1), outcome="proceed",
                                                destination_law="x", next_review_on=dt.date(2026, 1, 1))
        Breach.objects.create(ref=f"B-{n}", title="t", nature="n", aware_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))

    add(0)
    with django_assert_max_num_queries(12) as few:
        assert client.get(url).status_code == 200
    for n in range(1, 12):
        add(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_home_cards_are_scoped(register, role_users):
    own, others = register
    client = Client()
    client.force_login(role_users["supplier_respondent"])
    html = client.get("/").content.decode()
    assert re.search(r'<div class="stat">2</div><div class="stat-label">Data processing agreements', html)
    client.force_login(role_users["customer_viewer"])
    assert "Data processing agreements" not in client.get("/").content.decode()
