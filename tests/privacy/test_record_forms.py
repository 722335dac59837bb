"""The privacy officer keeps the records through forms: activity, transfer + TIA, breach + notice."""

from __future__ import annotations

from django.test import Client

from steadfast.privacy.models import Breach, ProcessingActivity, Transfer


def test_forms_create_and_refuse_with_the_field_named(db, privacy_officer, supplier_factory):
    supplier_factory(ref="SUP-00042")
    client = Client()
    client.force_login(privacy_officer)
    bad = client.post("/privacy/activities/new/", {
        "ref": "ROPA-9", "name": "Badges", "our_role": "controller", "purpose": "Security", "legal_basis": "6.1.f",
        "retention": "90 days", "data_categories": ["biometric"], "countries": "FI"})
    assert bad.status_code == 422 and "Art. 9(2) condition" in bad.content.decode()
    assert not ProcessingActivity.objects.exists()
    ok = client.post("/privacy/activities/new/", {
        "ref": "ROPA-9", "name": "Badges", "our_role": "controller", "purpose": "Security", "legal_basis": "6.1.f",
        "special_condition": "9.2.b", "retention": "90 days", "data_categories": ["biometric"], "countries": "fi, se"})
    assert ok.status_code == 302
    assert ProcessingActivity.objects.get().countries == ["FI", "SE"]
    response = client.post("/privacy/transfers/new/", {"ref": "TR-9", "origin_country": "DE", "destination_country": "QQ",
                                                      "mechanism": "scc_m2", "recipient": "SUP-00042"})
    assert response.status_code == 422 and not Transfer.objects.exists()
    response = client.post("/privacy/transfers/new/", {"ref": "TR-9", "origin_country": "DE", "destination_country": "IN",
                                                      "mechanism": "scc_m2", "recipient": "SUP-00042"})
    transfer = Transfer.objects.get()
    assert response.status_code == 302 and transfer.recipient.ref == "SUP-00042"
    response = client.post(f"/privacy/transfers/{transfer.pk}/assessments/new/", {
        "assessed_on": "2026-01-10", "destination_law": "IT Act 2000 s. 69", "outcome": "proceed_with_measures",
        "next_review_on": "2027-01-10"})
    assert response.status_code == 302 and transfer.assessments.count() == 1
    response = client.post("/privacy/breaches/new/", {
        "ref": "BR-9", "title": "Lost laptop", "nature": "confidentiality", "aware_at": "2026-03-02 09:00",
        "risk": "risk", "subjects_approx": "40", "records_approx": "40"})
    breach = Breach.objects.get()
    assert response.status_code == 302
    late = client.post(f"/privacy/breaches/{breach.pk}/notify/", {"authority": "BfDI", "notified_at": "2026-03-06 09:00"})
    assert late.status_code == 422 and "Art. 33(1) requires the reasons" in late.content.decode()
    client.post(f"/privacy/breaches/{breach.pk}/notify/", {"authority": "BfDI", "notified_at": "2026-03-06 09:00",
                                                          "late_reason": "scope unclear until forensics"})
    breach.refresh_from_db()
    assert breach.notified_late and breach.hours_to_authority == 96
