"""Findings raised by SBOM uploads and KEV imports reach the supplier's contacts: one email per
contact and supplier per run listing the new findings (CVE, required action, due date); account
holders get the portal address, others a single-use "remediate" link to the supplier's findings."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from steadfast.core.models import AuditEvent, User
from steadfast.core.roles import Role
from steadfast.network.models import SupplierContact
from steadfast.security.models import Finding, KevEntry, MagicLink
from steadfast.security.models.assessments import LinkPurpose
from steadfast.security.services.kev import import_kev
from steadfast.security.services.sbom import upload_sbom

from .conftest import KEV, cyclonedx

LOG4J_CORE = {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core", "version": "2.14.1",
              "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}
FORTIOS = {"type": "operating-system", "name": "FortiOS", "version": "6.0.4",
           "cpe": "cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*"}
HARMLESS = {"type": "library", "name": "left-pad", "version": "1.3.0", "purl": "pkg:npm/left-pad@1.3.0"}


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _link_in(body: str) -> str:
    return body[body.index("/security/portal/link/"):].split()[0]


@pytest.fixture
def software_supplier(supplier_factory, make_user):
    """A supplier with two contacts: one with a respondent account, one without."""
    supplier = supplier_factory(legal_name="Firmware Works AG")
    SupplierContact.objects.create(supplier=supplier, name="Ada Account", email="ada@firmware.example")
    SupplierContact.objects.create(supplier=supplier, name="Ben Link", email="ben@firmware.example")
    account = make_user(Role.SUPPLIER_RESPONDENT, username="ada-fw", supplier=supplier)
    User.objects.filter(pk=account.pk).update(email="ada@firmware.example")
    return supplier


def test_sbom_upload_emails_each_contact_one_list_of_the_new_findings(kev, software_supplier):
    upload_sbom(actor=None, supplier=software_supplier, content=cyclonedx([LOG4J_CORE, FORTIOS, HARMLESS]),
                filename="fw.cdx.json")
    findings = list(Finding.objects.filter(supplier=software_supplier).order_by("cve"))
    assert len(findings) >= 3  # log4j (several CVEs) and FortiOS
    assert len(mail.outbox) == 2  # batched: one email per contact, not one per finding
    by_to = {m.to[0]: m for m in mail.outbox}
    for message in by_to.values():
        assert f"{len(findings)} to answer" in message.subject and "Firmware Works AG" in message.subject
        for finding in findings:
            assert finding.cve in message.body and finding.due_date.isoformat() in message.body
        log4shell = KevEntry.objects.get(cve_id="CVE-2021-44228")
        assert f"Required action: {' '.join(log4shell.required_action.split())}" in message.body
    account_mail, link_mail = by_to["ada@firmware.example"], by_to["ben@firmware.example"]
    assert "Sign in as ada-fw" in account_mail.body and "/security/portal/link/" not in account_mail.body
    assert "/security/portal/link/" in link_mail.body

    link = MagicLink.objects.get()
    assert (link.email, link.purpose, link.supplier, link.assessment) == (
        "ben@firmware.example", LinkPurpose.REMEDIATE, software_supplier, None)
    event = AuditEvent.objects.get(verb="notify_findings")
    assert (event.object_type, event.object_id) == ("network.supplier", str(software_supplier.pk))
    assert event.changes["emails"] == [None, 2] and event.changes["findings"] == [None, len(findings)]


def test_reupload_and_kev_reimport_without_new_findings_send_nothing(kev, software_supplier):
    content = cyclonedx([LOG4J_CORE])
    upload_sbom(actor=None, supplier=software_supplier, content=content, filename="a.json")
    assert len(mail.outbox) == 2
    mail.outbox.clear()
    upload_sbom(actor=None, supplier=software_supplier, content=content, filename="a.json")  # same file
    upload_sbom(actor=None, supplier=software_supplier, content=cyclonedx([LOG4J_CORE, HARMLESS]), filename="b.json")
    import_kev(actor=None, path=KEV)  # re-import: matching re-runs, no new finding
    assert mail.outbox == []
    assert AuditEvent.objects.filter(verb="notify_findings").count() == 1

    before = set(Finding.objects.values_list("cve", flat=True))
    upload_sbom(actor=None, supplier=software_supplier, content=cyclonedx([FORTIOS]), filename="c.json")
    new = list(Finding.objects.exclude(cve__in=before).values_list("cve", flat=True))
    assert new and len(mail.outbox) == 2
    assert all(f"{len(new)} to answer" in m.subject and all(cve in m.body for cve in new) for m in mail.outbox)
    assert not any(cve in mail.outbox[0].body for cve in before)  # only the new finding is listed


def test_kev_import_batches_the_emails_per_supplier(db, supplier_factory):
    suppliers = []
    for n, components in enumerate(([LOG4J_CORE, FORTIOS], [FORTIOS], [HARMLESS])):
        supplier = supplier_factory(legal_name=f"Vendor {n}")
        SupplierContact.objects.create(supplier=supplier, name=f"C{n}", email=f"c{n}@vendor.example")
        upload_sbom(actor=None, supplier=supplier, content=cyclonedx(components), filename="s.json")
        suppliers.append(supplier)
    assert not Finding.objects.exists() and mail.outbox == []  # no KEV catalog yet

    import_kev(actor=None, path=KEV)
    assert sorted(m.to[0] for m in mail.outbox) == ["c0@vendor.example", "c1@vendor.example"]
    first = next(m for m in mail.outbox if m.to == ["c0@vendor.example"])
    assert "CVE-2021-44228" in first.body and "CVE-2019-6693" in first.body
    assert AuditEvent.objects.filter(verb="notify_findings").count() == 2
    assert MagicLink.objects.filter(supplier=suppliers[2]).count() == 0


def test_supplier_without_contacts_still_gets_its_findings(kev, supplier_factory):
    supplier = supplier_factory()
    upload_sbom(actor=None, supplier=supplier, content=cyclonedx([FORTIOS]), filename="s.json")
    assert Finding.objects.filter(supplier=supplier).exists()
    assert mail.outbox == [] and not AuditEvent.objects.filter(verb="notify_findings").exists()


def test_remediate_link_without_assessment_opens_only_that_suppliers_findings(kev, software_supplier,
                                                                              supplier_factory):
    other = supplier_factory()
    upload_sbom(actor=None, supplier=other, content=cyclonedx([FORTIOS]), filename="o.json")
    foreign = Finding.objects.filter(supplier=other).first()
    mail.outbox.clear()
    upload_sbom(actor=None, supplier=software_supplier, content=cyclonedx([FORTIOS]), filename="s.json")
    mine = Finding.objects.filter(supplier=software_supplier).order_by("due_date", "pk").first()
    url = _link_in(next(m for m in mail.outbox if m.to == ["ben@firmware.example"]).body)

    client = Client()
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Open the findings" in confirm.content.decode()
    assert client.post(url).status_code == 302
    page = client.get(reverse("security:guest"))
    body = page.content.decode()
    assert page.status_code == 200 and mine.cve in body
    assert 'data-testid="guest-findings"' in body and reverse("security:guest_finding", args=[mine.pk]) in body
    assert reverse("security:guest_finding", args=[foreign.pk]) not in body
    # no questionnaire behind this link, and nothing of another supplier
    assert client.post(reverse("security:guest_save"), {}).status_code == 404
    assert client.get(reverse("security:guest_xlsx")).status_code == 404
    assert client.get(reverse("security:guest_finding", args=[foreign.pk])).status_code == 404

    response = client.post(reverse("security:guest_finding_plan", args=[mine.pk]),
                           {"remediation_plan": "Upgrade FortiOS to 7.2.8", "remediation_due": "2099-01-31"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == "remediation_planned" and mine.remediation_plan == "Upgrade FortiOS to 7.2.8"
    event = AuditEvent.objects.filter(object_type="security.finding", object_id=str(mine.pk), verb="update").get()
    assert event.actor_label == "link:ben@firmware.example"
    assert client.post(url).status_code == 410  # single use
