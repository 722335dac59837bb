"""Findings reach the supplier however its contacts were invited: accepting an assessment that left
gaps emails every contact (a "remediate" magic link for contacts without an account), and the
link visitor answers the supplier's findings with a plan and evidence — never another supplier's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from steadfast.core.file_checks import plain_pdf
from steadfast.core.models import AuditEvent
from steadfast.network.models import SupplierContact
from steadfast.security.models import Evidence, Finding, MagicLink
from steadfast.security.models.assessments import LinkPurpose
from steadfast.security.services.invitations import invite_assessment, issue_magic_link
from steadfast.security.services.portal import submit_assessment
from steadfast.security.services.remediation import close_finding
from steadfast.security.services.review import accept_assessment

ROLLOUT_PDF = plain_pdf("MFA rollout report")


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _link_in(body: str) -> str:
    return body[body.index("/security/portal/link/"):].split()[0]


@pytest.fixture
def accepted_with_gaps(home_assessment, answer_all, analyst):
    """The home supplier's assessment answered by its magic-link contact with two gaps, accepted."""
    invite_assessment(actor=None, assessment=home_assessment)
    answer_all(home_assessment, actor=None, mfa="no", irp="partial")
    submit_assessment(actor=None, assessment=home_assessment)
    mail.outbox.clear()
    accept_assessment(actor=analyst, assessment=home_assessment)
    home_assessment.refresh_from_db()
    return home_assessment


def _guest(url: str) -> Client:
    client = Client()
    confirm = client.get(url)
    assert confirm.status_code == 200 and "Open the findings" in confirm.content.decode()
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("security:guest")
    return client


def test_acceptance_emails_a_remediate_link_that_opens_the_findings(accepted_with_gaps):
    findings = list(Finding.objects.filter(assessment=accepted_with_gaps).order_by("pk"))
    assert len(findings) == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["sec@home.example"] and "2 to answer" in message.subject
    assert all(f.title in message.body for f in findings)
    link = MagicLink.objects.get(used_at__isnull=True, revoked_at__isnull=True)
    assert link.purpose == LinkPurpose.REMEDIATE and link.assessment == accepted_with_gaps
    assert AuditEvent.objects.filter(verb="notify_findings", object_id=str(accepted_with_gaps.pk)).exists()

    client = _guest(_link_in(message.body))  # the assessment is accepted, yet the link opens
    page = client.get(reverse("security:guest")).content.decode()
    assert 'data-testid="guest-findings"' in page
    assert all(reverse("security:guest_finding", args=[f.pk]) in page for f in findings)
    assert "can no longer be changed" in page  # the answers stay locked


def test_link_visitor_plans_remediation_and_attaches_evidence(accepted_with_gaps):
    finding = Finding.objects.filter(assessment=accepted_with_gaps).order_by("pk").first()
    client = _guest(_link_in(mail.outbox[0].body))
    page = client.get(reverse("security:guest_finding", args=[finding.pk]))
    assert page.status_code == 200 and finding.title in page.content.decode()

    bad = client.post(reverse("security:guest_finding_plan", args=[finding.pk]),
                      {"remediation_plan": "Roll out MFA", "remediation_due": "2030-02-30"})
    assert bad.status_code == 422 and "not a date" in bad.content.decode()
    finding.refresh_from_db()
    assert finding.status == "open" and finding.remediation_plan == ""

    due = (dt.date.today() + dt.timedelta(days=20)).isoformat()
    response = client.post(reverse("security:guest_finding_plan", args=[finding.pk]),
                           {"remediation_plan": "Roll out MFA to every remote account", "remediation_due": due})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "remediation_planned" and finding.remediation_due.isoformat() == due
    event = AuditEvent.objects.filter(object_type="security.finding", object_id=str(finding.pk), verb="update").last()
    assert event.actor_label == "link:sec@home.example"

    upload = SimpleUploadedFile("mfa-rollout.pdf", ROLLOUT_PDF, content_type="application/pdf")
    assert client.post(reverse("security:guest_finding_evidence", args=[finding.pk]), {"file": upload}).status_code == 302
    evidence = Evidence.objects.get(original_name="mfa-rollout.pdf")
    assert evidence.question_id == finding.question_id and evidence.uploaded_by is None
    page = client.get(reverse("security:guest_finding", args=[finding.pk])).content.decode()
    file_url = reverse("security:guest_evidence_file", args=[evidence.pk])
    assert file_url in page
    download = client.get(file_url)
    assert download.status_code == 200 and b"".join(download.streaming_content) == ROLLOUT_PDF

    hostile = SimpleUploadedFile("run.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    refused = client.post(reverse("security:guest_finding_evidence", args=[finding.pk]), {"file": hostile})
    assert refused.status_code == 422 and Evidence.objects.filter(original_name="run.exe").count() == 0


def test_link_visitor_never_reaches_another_suppliers_findings_or_evidence(accepted_with_gaps, supplier_factory,
                                                                            assessment_of, answer_all, analyst):
    other = supplier_factory(legal_name="Other Supplier AG")
    SupplierContact.objects.create(supplier=other, name="Other", email="sec@other.example")
    theirs = assessment_of(other)
    answer_all(theirs, actor=None, mfa="no")
    submit_assessment(actor=None, assessment=theirs)
    accept_assessment(actor=analyst, assessment=theirs)
    foreign = Finding.objects.get(assessment=theirs)
    from steadfast.security.services.remediation import add_remediation_evidence

    foreign_file = add_remediation_evidence(actor=None, finding=foreign, name="theirs.txt", data=b"their secret")

    client = _guest(_link_in(mail.outbox[0].body))
    assert client.get(reverse("security:guest_finding", args=[foreign.pk])).status_code == 404
    assert client.post(reverse("security:guest_finding_plan", args=[foreign.pk]),
                       {"remediation_plan": "hijack"}).status_code == 404
    upload = SimpleUploadedFile("x.txt", b"planted", content_type="text/plain")
    assert client.post(reverse("security:guest_finding_evidence", args=[foreign.pk]), {"file": upload}).status_code == 404
    assert client.get(reverse("security:guest_evidence_file", args=[foreign_file.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "open" and foreign.remediation_plan == ""
    page = client.get(reverse("security:guest")).content.decode()
    assert reverse("security:guest_finding", args=[foreign.pk]) not in page
    # without a link session nothing is reachable at all
    assert Client().get(reverse("security:guest_finding", args=[foreign.pk])).status_code == 403


def test_remediate_link_is_refused_once_nothing_is_left_to_answer(accepted_with_gaps, analyst):
    for finding in Finding.objects.filter(assessment=accepted_with_gaps):
        close_finding(actor=analyst, finding=finding, note="Fixed")
    _, token = issue_magic_link(actor=analyst, assessment=accepted_with_gaps, email="sec@home.example",
                                purpose=LinkPurpose.REMEDIATE)
    response = Client().post(reverse("security:portal_link", args=[token]))
    assert response.status_code == 410 and "no open findings" in response.content.decode()
    # an answer link still refuses an accepted questionnaire
    _, token = issue_magic_link(actor=analyst, assessment=accepted_with_gaps, email="sec@home.example")
    response = Client().post(reverse("security:portal_link", args=[token]))
    assert response.status_code == 410 and "no longer open" in response.content.decode()


def test_account_holders_get_the_portal_address_and_suppliers_without_contacts_are_fine(
        home_assessment, answer_all, analyst, respondent):
    respondent.email = "sec@home.example"
    respondent.save()
    answer_all(home_assessment, actor=respondent, mfa="no")
    submit_assessment(actor=respondent, assessment=home_assessment)
    accept_assessment(actor=analyst, assessment=home_assessment)
    assert len(mail.outbox) == 1 and reverse("security:portal") in mail.outbox[0].body
    assert not MagicLink.objects.exists()


def test_acceptance_without_contacts_still_accepts(tiered_supplier, assessment_of, answer_all, analyst):
    supplier = tiered_supplier(contacts=0)
    assessment = assessment_of(supplier)
    answer_all(assessment, actor=None, mfa="no")
    submit_assessment(actor=None, assessment=assessment)
    accept_assessment(actor=analyst, assessment=assessment)
    assessment.refresh_from_db()
    assert assessment.status == "accepted" and Finding.objects.filter(assessment=assessment).count() == 1
    assert mail.outbox == []


def test_issue_magic_link_refuses_an_unknown_purpose(home_assessment):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        issue_magic_link(actor=None, assessment=home_assessment, email="sec@home.example", purpose="admin")
    assert not MagicLink.objects.exists()
