"""Lifecycle, reminders, documents and signing through the services, each move audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from steadfast.core.models import AuditEvent
from steadfast.network.models import SupplierContact
from steadfast.privacy import services
from steadfast.privacy.models import ClauseFinding, Dpa, DpaStatus

D = dt.date


def _events(instance, verb=None):
    qs = AuditEvent.objects.filter(object_type=instance._meta.label_lower, object_id=str(instance.pk))
    return qs.filter(verb=verb) if verb else qs


def test_create_refuses_expiry_before_signing_and_changes_nothing(dpa_factory):
    dpa = dpa_factory()
    with pytest.raises(ValidationError) as error:
        services.update_dpa(actor=None, dpa=dpa, signed_on=D(2025, 3, 1), expires_on=D(2025, 2, 1))
    assert "expires_on" in error.value.message_dict
    dpa.refresh_from_db()
    assert dpa.signed_on is None and dpa.expires_on is None


def test_full_lifecycle_is_audited(dpa_factory, agreement_bytes, privacy_officer, today):
    dpa = dpa_factory(expires_on=D(2029, 6, 30))
    assert dpa.ref.startswith("DPA-") and dpa.status == DpaStatus.DRAFT
    with pytest.raises(ValidationError, match="attach the agreement"):
        services.send_dpa(actor=privacy_officer, dpa=dpa)
    document = services.add_document(actor=privacy_officer, dpa=dpa, data=agreement_bytes("vendor"), name="dpa.pdf",
                                     purpose="sent")
    services.send_dpa(actor=privacy_officer, dpa=dpa)
    dpa.refresh_from_db()
    assert dpa.status == DpaStatus.SENT and dpa.current_document == document
    services.record_signature(actor=privacy_officer, dpa=dpa, signed_on=D(2026, 6, 1), today=today)
    assert dpa.status == DpaStatus.ACTIVE and dpa.effective_on == D(2026, 6, 1)
    services.terminate_dpa(actor=privacy_officer, dpa=dpa, terminated_on=today, reason="supplier exited")
    assert dpa.status == DpaStatus.TERMINATED
    with pytest.raises(ValidationError, match="cannot become"):
        services.record_signature(actor=privacy_officer, dpa=dpa, signed_on=today, today=today)
    statuses = [e.changes.get("status") for e in _events(dpa, "update").order_by("seq") if "status" in e.changes]
    assert statuses == [["draft", "sent"], ["sent", "active"], ["active", "terminated"]]


def test_document_is_versioned_hashed_and_checked(dpa_factory, agreement_bytes, privacy_officer):
    import hashlib

    dpa = dpa_factory()
    first = agreement_bytes("supplier_paper", omit={"28(3)(g)"}, fmt="docx")
    doc1 = services.add_document(actor=privacy_officer, dpa=dpa, data=first, name="addendum.docx")
    assert (doc1.version, doc1.kind, doc1.sha256) == (1, "docx", hashlib.sha256(first).hexdigest())
    assert doc1.file.read() == first
    missing = set(ClauseFinding.objects.filter(document=doc1, found="missing").values_list("clause", flat=True))
    assert missing == {"28(3)(g)"}
    doc2 = services.add_document(actor=privacy_officer, dpa=dpa, data=agreement_bytes("vendor"), name="v2.pdf")
    assert doc2.version == 2
    dpa.refresh_from_db()
    assert dpa.current_document == doc2
    assert _events(doc2, "check").get().changes["28(3)(g)"] == [None, "present"]


def test_bad_document_changes_nothing(dpa_factory, privacy_officer):
    dpa = dpa_factory()
    with pytest.raises(ValidationError) as error:
        services.add_document(actor=privacy_officer, dpa=dpa, data=b"\x89PNG" + b"\x00" * 400, name="scan.png")
    assert "scan.png: not a PDF" in error.value.message_dict["file"][0]
    assert dpa.documents.count() == 0


def test_confirming_an_override_needs_a_reason_and_is_audited(dpa_factory, agreement_bytes, privacy_officer):
    dpa = dpa_factory()
    doc = services.add_document(actor=privacy_officer, dpa=dpa, data=agreement_bytes(omit={"28(4)"}), name="a.pdf")
    finding = doc.findings.get(clause="28(4)")
    with pytest.raises(ValidationError, match="say why"):
        services.confirm_finding(actor=privacy_officer, finding=finding, status="present")
    services.confirm_finding(actor=privacy_officer, finding=finding, status="present", note="Schedule 4 covers it")
    finding.refresh_from_db()
    assert finding.status == "present" and finding.confirmed_by == privacy_officer
    assert _events(finding, "update").get().changes["confirmed"] == ["", "present"]


def test_supplier_accepts_the_exact_version(dpa_factory, agreement_bytes, make_user, today):
    dpa = dpa_factory()
    respondent = make_user("supplier_respondent", supplier=dpa.supplier)
    doc = services.add_document(actor=None, dpa=dpa, data=agreement_bytes(), name="dpa.pdf", purpose="sent")
    services.send_dpa(actor=None, dpa=dpa)
    with pytest.raises(ValidationError, match="changed since you opened it"):
        services.accept_dpa(actor=respondent, dpa=dpa, sha256="0" * 64, signatory_name="Ana", signatory_email="a@x.io")
    acceptance = services.accept_dpa(actor=respondent, dpa=dpa, sha256=doc.sha256, signatory_name="Ana Ruiz",
                                     signatory_email="ana@kestrel.example", ip_address="203.0.113.9", today=today)
    dpa.refresh_from_db()
    assert dpa.status == DpaStatus.ACTIVE and dpa.signed_on == today
    assert (acceptance.sha256, acceptance.accepted_by, acceptance.ip_address) == (doc.sha256, respondent, "203.0.113.9")
    assert _events(acceptance, "create").exists()
    with pytest.raises(ValidationError, match="not waiting for signature"):
        services.accept_dpa(actor=respondent, dpa=dpa, sha256=doc.sha256, signatory_name="A", signatory_email="a@x.io")


def test_reminders_at_90_and_30_days_then_expiry_and_renewal(dpa_factory, supplier_factory):
    supplier = supplier_factory(category="software")
    SupplierContact.objects.create(supplier=supplier, name="Dana", email="dana@kestrel.example")
    ending = dpa_factory(supplier=supplier, expires_on=D(2026, 12, 31))
    renewing = dpa_factory(expires_on=D(2026, 12, 31), auto_renews=True, renewal_months=12)
    for dpa in (ending, renewing):
        services.record_signature(actor=None, dpa=dpa, signed_on=D(2024, 1, 1), today=D(2024, 1, 1))
    assert services.sweep_expiry(today=D(2026, 10, 1))["reminded_90"] == 0  # 91 days before
    counts = services.sweep_expiry(today=D(2026, 10, 2))
    assert counts["reminded_90"] == 1 and len(mail.outbox) == 1 and "expires on 2026-12-31" in mail.outbox[0].subject
    assert services.sweep_expiry(today=D(2026, 10, 3))["reminded_90"] == 0  # never twice
    ending.refresh_from_db()
    assert ending.status == DpaStatus.EXPIRING
    assert services.sweep_expiry(today=D(2026, 12, 1))["reminded_30"] == 1
    counts = services.sweep_expiry(today=D(2026, 12, 31))
    assert (counts["expired"], counts["renewed"]) == (1, 1)
    ending.refresh_from_db()
    renewing.refresh_from_db()
    assert ending.status == DpaStatus.EXPIRED
    assert (renewing.status, renewing.expires_on) == (DpaStatus.ACTIVE, D(2027, 12, 31))
    assert list(Dpa.objects.filter(pk=ending.pk).values_list("reminded_30_on", flat=True)) == [D(2026, 12, 1)]


def test_activity_validates_categories_and_countries(db):
    with pytest.raises(ValidationError) as error:
        services.create_activity(actor=None, ref="PA-1", name="HR", purpose="p", legal_basis="6.1.b", retention="1y",
                                 countries=["DE", "ZZ"])
    assert "ZZ" in error.value.message_dict["countries"][0]
    with pytest.raises(ValidationError) as error:
        services.create_activity(actor=None, ref="PA-1", name="HR", purpose="p", legal_basis="6.1.b", retention="1y",
                                 data_categories=["health"])
    assert "special_condition" in error.value.message_dict
    activity = services.create_activity(actor=None, ref="PA-1", name="HR", purpose="p", legal_basis="6.1.b",
                                        retention="1y", data_categories=["health", "employment"],
                                        special_condition="9.2.b", countries=["de", "IE"])
    assert activity.processes_special_categories and activity.countries == ["DE", "IE"]


def test_transfer_to_unknown_country_names_the_field(db, supplier_factory):
    with pytest.raises(ValidationError) as error:
        services.create_transfer(actor=None, ref="T-1", origin_country="DE", destination_country="QQ",
                                 mechanism="scc_m2", recipient=supplier_factory())
    assert "destination_country" in error.value.message_dict


def test_clause_count_follows_findings_and_decisions(dpa_factory, agreement_bytes, privacy_officer):
    dpa = dpa_factory()
    document = services.add_document(actor=None, dpa=dpa, data=agreement_bytes(omit={"28(4)", "28(2)"}), name="a.pdf")
    assert document.clauses_present == 9
    services.confirm_finding(actor=privacy_officer, finding=document.findings.get(clause="28(4)"), status="present",
                             note="clause 14 of the MSA covers it")
    document.refresh_from_db()
    assert document.clauses_present == 10
    services.confirm_finding(actor=privacy_officer, finding=document.findings.get(clause="28(3)(a)"), status="missing",
                             note="refers to an annex that is not attached")
    document.refresh_from_db()
    assert document.clauses_present == 9
