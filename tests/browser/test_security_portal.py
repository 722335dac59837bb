"""A supplier answers a questionnaire in a real browser (a conditional question appears over htmx,
an evidence file is uploaded), the analyst returns it with a comment, the supplier replies on the
question's thread and resubmits, the analyst sees the thread and accepts it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from steadfast.core.file_checks import plain_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def assessment(home_supplier):
    from steadfast.security.models import Assessment, Question, QuestionnaireTemplate, SupplierRiskProfile

    SupplierRiskProfile.objects.create(supplier=home_supplier, tier=1, inherent_score=70)
    template = QuestionnaireTemplate.objects.create(name="Browser baseline", status="published")
    mfa = Question.objects.create(template=template, order=1, code="AC-01", weight=10, answer_type="yes_no_partial_na",
                                  text="Is multi-factor authentication enforced for remote access?")
    irp = Question.objects.create(template=template, order=2, code="IR-01", weight=5, answer_type="yes_no_partial_na",
                                  text="Do you maintain an incident response plan?")
    Question.objects.create(template=template, order=3, code="IR-02", weight=2, answer_type="yes_no_partial_na",
                            text="Is the plan tested every year?", condition_question=irp, condition_values=["yes"])
    Question.objects.create(template=template, order=4, code="GV-01", answer_type="evidence_file", weight=0,
                            text="Upload your security certificate")
    assert mfa
    return Assessment.objects.create(supplier=home_supplier, template=template, status="invited",
                                     due_date=dt.date.today() + dt.timedelta(days=30))


def _logout(page):
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_supplier_answers_analyst_returns_then_accepts(browser_page, live_url, role_users, login_as, assessment, tmp_path):
    respondent, analyst = role_users["supplier_respondent"], role_users["risk_analyst"]
    answer_url = f"{live_url}/security/portal/assessments/{assessment.pk}/"
    page = login_as(respondent)
    page.goto(answer_url)
    # evidence first (the upload reloads the page)
    certificate = tmp_path / "certificate.pdf"
    certificate.write_bytes(plain_pdf("ISO 27001 certificate"))
    page.get_by_label("GV-01 evidence file").set_input_files(str(certificate))
    page.get_by_role("button", name="Attach evidence to GV-01").click()
    expect(page.locator(".flash-success")).to_contain_text("certificate.pdf attached")
    expect(page.get_by_role("link", name="certificate.pdf")).to_be_visible()
    # the conditional question appears only once IR-01 is answered yes
    expect(page.locator("#question-IR-02")).to_have_count(0)
    page.locator("#question-AC-01").get_by_label("No", exact=True).check()
    page.locator("#question-IR-01").get_by_label("Yes", exact=True).check()
    expect(page.locator("#question-IR-02")).to_be_visible()
    page.locator("#question-IR-02").get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".flash-success")).to_contain_text("Submitted")
    expect(page.get_by_test_id("assessment-status")).to_have_text("Submitted")
    _logout(page)

    login_as(analyst)
    page.goto(f"{live_url}/security/review/{assessment.pk}/")
    expect(page.get_by_test_id("score")).to_have_text("41.18")  # 100 × (0·10 + 1·5 + 1·2) / 17
    page.get_by_label("Comment on AC-01").fill("MFA is mandatory for remote access: what is your plan?")
    page.get_by_role("button", name="Return to supplier").click()
    expect(page.locator(".flash-success")).to_contain_text("Returned")
    _logout(page)

    login_as(respondent)
    page.goto(answer_url)
    expect(page.get_by_test_id("reviewer-comment")).to_contain_text("MFA is mandatory")
    page.get_by_label("Reply on AC-01", exact=True).fill("Rolling out MFA this quarter; policy to follow.")
    page.get_by_role("button", name="Send reply on AC-01").click()
    expect(page.locator(".flash-success")).to_contain_text("Reply on AC-01 sent")
    expect(page.get_by_test_id("supplier-reply")).to_contain_text("Rolling out MFA")
    page.locator("#question-AC-01").get_by_label("Partially").check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("assessment-status")).to_have_text("Submitted")
    _logout(page)

    login_as(analyst)
    page.goto(f"{live_url}/security/review/{assessment.pk}/")
    thread = page.get_by_test_id("thread-AC-01")
    expect(thread.get_by_test_id("reviewer-comment")).to_contain_text("Round 1")
    expect(thread.get_by_test_id("supplier-reply")).to_contain_text("Round 2")
    page.get_by_role("button", name="Accept and lock").click()
    expect(page.locator(".flash-success")).to_contain_text("Accepted and locked; 1 finding raised")
    expect(page.get_by_test_id("assessment-status")).to_have_text("Accepted")
    assert page.console_errors == []
    assessment.refresh_from_db()
    assert assessment.locked and assessment.findings.get().severity == "high"
