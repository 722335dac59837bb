"""A supplier contact without an account answers a finding in a real browser: the "remediate" link
from the acceptance email, a remediation plan with a target date, an evidence upload; then the
analyst sees plan and evidence, verifies and closes the finding, and the link is spent."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from steadfast.core.file_checks import plain_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def remediate_link(home_supplier, role_users, settings):
    """The home supplier's accepted assessment left one gap; its contact (no account) got a link."""
    from steadfast.network.models import SupplierContact
    from steadfast.security.models import Assessment, Question, QuestionnaireTemplate, SupplierRiskProfile
    from steadfast.security.services.portal import save_answers, submit_assessment
    from steadfast.security.services.review import accept_assessment

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    SupplierRiskProfile.objects.create(supplier=home_supplier, tier=1, inherent_score=70)
    SupplierContact.objects.create(supplier=home_supplier, name="Grace Guest", email="grace@home.example")
    template = QuestionnaireTemplate.objects.create(name="Browser findings", status="published")
    mfa = Question.objects.create(template=template, order=1, code="AC-01", weight=10, answer_type="yes_no_partial_na",
                                  text="Is multi-factor authentication enforced for remote access?")
    assessment = Assessment.objects.create(supplier=home_supplier, template=template, status="invited",
                                           due_date=dt.date.today() + dt.timedelta(days=30))
    save_answers(actor=None, assessment=assessment, raw_values={mfa.pk: "no"})
    submit_assessment(actor=None, assessment=assessment)
    mail.outbox.clear()
    accept_assessment(actor=role_users["risk_analyst"], assessment=assessment)
    (message,) = mail.outbox
    assert message.to == ["grace@home.example"]
    return message.body[message.body.index("/security/portal/link/"):].split()[0], assessment.findings.get()


def test_guest_plans_and_uploads_evidence_then_analyst_verifies_and_closes(browser_page, live_url, role_users,
                                                                        login_as, remediate_link, tmp_path):
    from steadfast.core.models import AuditEvent
    from steadfast.security.models import Evidence

    link, finding = remediate_link
    target = dt.date.today() + dt.timedelta(days=45)
    page = browser_page

    # the guest: confirm the link, open the finding
    page.goto(f"{live_url}{link}")
    page.get_by_role("button", name="Open the findings").click()
    expect(page).to_have_url(re.compile(r"/security/portal/guest/$"))
    findings = page.get_by_test_id("guest-findings")
    expect(findings).to_contain_text("AC-01")
    findings.get_by_role("link", name=re.compile("AC-01")).click()
    expect(page).to_have_url(re.compile(rf"/security/portal/guest/findings/{finding.pk}/$"))

    # a plan with a target date
    page.get_by_label("What will you do?").fill("Enforce MFA on the VPN and the support portal.")
    page.get_by_label("By when").fill(target.isoformat())
    page.get_by_role("button", name="Save plan").click()
    expect(page.locator(".flash-success")).to_contain_text("Remediation plan recorded")
    expect(page.get_by_test_id("plan")).to_contain_text("Enforce MFA on the VPN")
    expect(page.get_by_text(f"Planned for {target.day} {target:%b %Y}")).to_be_visible()

    # evidence of the fix
    evidence = tmp_path / "mfa-rollout.pdf"
    evidence.write_bytes(plain_pdf("MFA enforced on all remote access, change CR-1042"))
    page.get_by_label("Evidence of remediation").set_input_files(str(evidence))
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".flash-success")).to_contain_text("mfa-rollout.pdf attached")
    expect(page.get_by_role("link", name="mfa-rollout.pdf")).to_be_visible()
    assert page.console_errors == []

    finding.refresh_from_db()
    assert finding.status == "remediation_planned" and finding.remediation_due == target
    stored = Evidence.objects.get(assessment=finding.assessment, question=finding.question)
    assert stored.original_name == "mfa-rollout.pdf" and len(stored.sha256) == 64
    assert AuditEvent.objects.filter(object_type="security.finding", object_id=str(finding.pk),
                                     actor_label="link:grace@home.example").exists()

    # the analyst: sees the plan and the evidence, verifies and closes
    login_as(role_users["risk_analyst"])
    page.goto(f"{live_url}/security/findings/{finding.pk}/")
    expect(page.get_by_test_id("finding-status")).to_have_text("Remediation planned")
    expect(page.get_by_role("paragraph").filter(has_text="Enforce MFA on the VPN and the support portal.")).to_be_visible()
    expect(page.get_by_role("link", name="mfa-rollout.pdf")).to_be_visible()
    page.get_by_label("What was verified (required)").fill("Checked the VPN configuration export.")
    page.get_by_role("button", name="Verify and close").click()
    expect(page.get_by_test_id("finding-status")).to_have_text("Verified and closed")
    assert page.console_errors == []

    finding.refresh_from_db()
    assert finding.status == "verified_closed" and finding.closed_at is not None
    assert finding.verified_by == role_users["risk_analyst"]
    assert finding.closure_note == "Checked the VPN configuration export."

    # the link was single-use, and nothing is left to answer anyway
    response = page.goto(f"{live_url}{link}")
    assert response.status == 410
