"""Respondent scope (pages and API: another supplier's assessment, evidence or finding is 404),
conditional questions over htmx, evidence limits, the offline XLSX round trip, findings lifecycle."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from steadfast.core.file_checks import plain_pdf
from steadfast.security.models import Answer, Evidence, Finding
from steadfast.security.services.acceptance import request_acceptance
from steadfast.security.services.portal import add_evidence, submit_assessment
from steadfast.security.services.portal_offline import (
    OfflineUploadError,
    export_questionnaire_xlsx,
    import_answers_xlsx,
)
from steadfast.security.services.remediation import close_finding, plan_remediation
from steadfast.security.services.review import accept_assessment

CERTIFICATE_PDF = plain_pdf("ISO 27001 certificate")


@pytest.fixture
def foreign(tiered_supplier, assessment_of, answer_all, analyst):
    """Another supplier's assessment (accepted, with a finding) and its evidence."""
    supplier = tiered_supplier(tier=1)
    assessment = assessment_of(supplier)
    evidence = add_evidence(actor=None, assessment=assessment, question=None, name="policy.txt", data=b"their policy")
    answer_all(assessment, actor=None, mfa="no")
    submit_assessment(actor=None, assessment=assessment)
    accept_assessment(actor=analyst, assessment=assessment)
    return {"assessment": assessment, "evidence": evidence, "finding": Finding.objects.get(assessment=assessment)}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_respondent_never_reaches_another_suppliers_records_in_pages(respondent, home_assessment, foreign):
    client = _client(respondent)
    own = client.get(reverse("security:portal_assessment", args=[home_assessment.pk]))
    assert own.status_code == 200 and home_assessment.template.questions.first().text in own.content.decode()
    for name, arg in [("portal_assessment", foreign["assessment"].pk), ("portal_xlsx", foreign["assessment"].pk),
                      ("portal_evidence_file", foreign["evidence"].pk), ("portal_finding", foreign["finding"].pk)]:
        assert client.get(reverse(f"security:{name}", args=[arg])).status_code == 404, name
    for name, arg in [("portal_save", foreign["assessment"].pk), ("portal_evidence", foreign["assessment"].pk),
                      ("portal_finding_plan", foreign["finding"].pk)]:
        assert client.post(reverse(f"security:{name}", args=[arg]), {"action": "save"}).status_code == 404, name
    listing = client.get(reverse("security:portal")).content.decode()
    assert foreign["assessment"].supplier.legal_name not in listing


def test_respondent_scope_in_the_api(respondent, home_assessment, foreign, api_client_for):
    api = api_client_for(respondent)
    own = api.get(f"/api/v1/security/assessments/{home_assessment.pk}")
    assert own.status_code == 200 and own.json()["supplier_id"] == home_assessment.supplier_id
    assert api.get(f"/api/v1/security/assessments/{foreign['assessment'].pk}").status_code == 404
    assert api.get(f"/api/v1/security/findings/{foreign['finding'].pk}").status_code == 404
    listed = api.get("/api/v1/security/assessments").json()
    assert [a["id"] for a in listed["items"]] == [home_assessment.pk]
    assert api.get("/api/v1/security/findings").json()["count"] == 0
    response = api.post(f"/api/v1/security/findings/{foreign['finding'].pk}/plan",
                        data={"remediation_plan": "x"}, content_type="application/json")
    assert response.status_code == 404


def test_api_answers_submit_and_figures(respondent, analyst, home_assessment, api_client_for):
    api = api_client_for(respondent)
    bad = api.post(f"/api/v1/security/assessments/{home_assessment.pk}/answers",
                   data={"answers": {"AC-01": "maybe"}}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "AC-01"
    ok = api.post(f"/api/v1/security/assessments/{home_assessment.pk}/answers", content_type="application/json",
                  data={"answers": {"AC-01": "yes", "IR-01": "no", "SA-01": "on-premises"}})
    assert ok.status_code == 200 and ok.json() == {"changed": 3}
    assert api.post(f"/api/v1/security/assessments/{home_assessment.pk}/submit").json()["status"] == "submitted"
    assert api.post(f"/api/v1/security/assessments/{home_assessment.pk}/accept").status_code == 403
    accepted = api_client_for(analyst).post(f"/api/v1/security/assessments/{home_assessment.pk}/accept").json()
    assert accepted["locked"] and accepted["score"] == round(100 * 10 / 15, 2)
    today = dt.date.today()
    figures = api_client_for(analyst).get(f"/api/v1/security/figures?start={today - dt.timedelta(days=1)}&end={today}").json()
    assert figures["suppliers_assessed"] == 1 and figures["open_findings_by_severity"]["high"] == 1
    # without a period: the last twelve months up to today
    default = api_client_for(analyst).get("/api/v1/security/figures").json()
    assert default["period"] == {"start": today.replace(year=today.year - 1).isoformat() if not (
        today.month == 2 and today.day == 29) else today.replace(year=today.year - 1, day=28).isoformat(),
        "end": today.isoformat()}
    assert default["suppliers_assessed"] == 1
    backwards = api_client_for(analyst).get(f"/api/v1/security/figures?start={today}&end={today - dt.timedelta(days=1)}")
    assert backwards.status_code == 422


def test_conditional_questions_swap_over_htmx(respondent, home_assessment, questionnaire):
    client = _client(respondent)
    url = reverse("security:portal_questions", args=[home_assessment.pk])
    irp, tested = questionnaire.q["irp"], questionnaire.q["irp_tested"]
    hidden = client.post(url, {f"q-{irp.pk}": "no"}, HTTP_HX_REQUEST="true").content.decode()
    shown = client.post(url, {f"q-{irp.pk}": "yes"}, HTTP_HX_REQUEST="true").content.decode()
    assert tested.code not in hidden and tested.code in shown
    page = client.get(reverse("security:portal_assessment", args=[home_assessment.pk])).content.decode()
    assert f'hx-post="{url}"' in page and "<script>" not in page


def test_submit_errors_listed_per_question_in_the_page(respondent, home_assessment, questionnaire):
    response = _client(respondent).post(reverse("security:portal_save", args=[home_assessment.pk]),
                                        {f"q-{questionnaire.q['irp'].pk}": "yes", "action": "submit"})
    assert response.status_code == 422
    body = response.content.decode()
    for code in ("AC-01", "IR-02", "SA-01"):
        assert f"<strong>{code}</strong>" in body


def test_evidence_limits_and_storage(respondent, home_assessment, questionnaire, settings):
    settings.STEADFAST_EVIDENCE_MAX_BYTES = 1000
    cert = questionnaire.q["certificate"]
    with pytest.raises(ValidationError, match="limit"):
        add_evidence(actor=respondent, assessment=home_assessment, question=cert, name="big.txt", data=b"x" * 1001)
    with pytest.raises(ValidationError, match="not accepted"):
        add_evidence(actor=respondent, assessment=home_assessment, question=cert, name="run.exe", data=b"MZ")
    with pytest.raises(ValidationError, match="does not contain"):
        add_evidence(actor=respondent, assessment=home_assessment, question=cert, name="fake.pdf", data=b"hello")
    item = add_evidence(actor=respondent, assessment=home_assessment, question=cert, name="../../cert.pdf",
                        data=CERTIFICATE_PDF)
    assert item.original_name == "cert.pdf"
    assert item.file.name == f"security/evidence/{home_assessment.pk}/{item.sha256}"  # never the uploader's name
    with pytest.raises(ValidationError, match="already attached"):
        add_evidence(actor=respondent, assessment=home_assessment, question=cert, name="again.pdf",
                     data=CERTIFICATE_PDF)
    response = _client(respondent).get(reverse("security:portal_evidence_file", args=[item.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == CERTIFICATE_PDF
    assert response["X-Content-Type-Options"] == "nosniff"


def _fill(workbook_bytes: bytes, answers: dict[str, object]) -> bytes:
    book = load_workbook(io.BytesIO(workbook_bytes))
    sheet = book["Questionnaire"]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value in answers:
            row[7].value = answers[row[0].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_offline_round_trip_all_or_nothing(respondent, home_assessment):
    blank = export_questionnaire_xlsx(assessment=home_assessment)
    bad = _fill(blank, {"AC-01": "yes", "IR-01": "yes", "IR-02": "sometimes", "SA-01": "cloud", "SA-02": "yes"})
    with pytest.raises(OfflineUploadError) as err:
        import_answers_xlsx(actor=respondent, assessment=home_assessment, data=bad)
    (only,) = err.value.row_errors
    assert (only.row, only.question) == (4, "IR-02") and "answer one of" in only.reason
    assert not Answer.objects.filter(assessment=home_assessment).exists()  # nothing saved
    # the same error shows in the page, naming row and question
    client = _client(respondent)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client.post(reverse("security:portal_xlsx_upload", args=[home_assessment.pk]),
                       {"file": SimpleUploadedFile("filled.xlsx", bad)})
    assert page.status_code == 422 and "Row 4 · IR-02" in page.content.decode()
    good = _fill(blank, {"AC-01": "Yes", "IR-01": "no", "IR-02": "bogus but hidden", "SA-01": "cloud", "SA-02": "partial"})
    response = client.post(reverse("security:portal_xlsx_upload", args=[home_assessment.pk]),
                           {"file": SimpleUploadedFile("filled.xlsx", good)})
    assert response.status_code == 302
    saved = dict(Answer.objects.filter(assessment=home_assessment).values_list("question__code", "value"))
    assert saved == {"AC-01": "yes", "IR-01": "no", "SA-01": "cloud", "SA-02": "partial"}
    submit_assessment(actor=respondent, assessment=home_assessment)


def test_offline_refuses_a_file_that_is_not_a_workbook(respondent, home_assessment):
    with pytest.raises(OfflineUploadError, match="not an XLSX workbook"):
        import_answers_xlsx(actor=respondent, assessment=home_assessment, data=b"PK\x03\x04 not really")


def test_finding_lifecycle(respondent, analyst, home_assessment, answer_all, role_users):
    answer_all(home_assessment, actor=respondent, mfa="no", irp="no")
    submit_assessment(actor=respondent, assessment=home_assessment)
    accept_assessment(actor=analyst, assessment=home_assessment)
    mfa, irp = (Finding.objects.get(assessment=home_assessment, question__code=c) for c in ("AC-01", "IR-01"))
    plan_remediation(actor=respondent, finding=mfa, plan="Roll out FIDO2 keys", due=dt.date.today() + dt.timedelta(days=20))
    response = _client(respondent).post(reverse("security:portal_finding_evidence", args=[mfa.pk]),
                                        {"file": __import__("django.core.files.uploadedfile", fromlist=["x"])
                                         .SimpleUploadedFile("rollout.txt", b"keys issued")})
    assert response.status_code == 302 and Evidence.objects.filter(question=mfa.question).count() == 1
    closed = close_finding(actor=analyst, finding=mfa, note="checked the rollout report")
    assert closed.status == "verified_closed" and closed.verified_by == analyst
    with pytest.raises(ValidationError) as err:
        request_acceptance(actor=role_users["auditor"], finding=irp, kind="risk_accepted", reason="",
                           expires=dt.date.today())
    assert {"requested_by", "reason", "expires"} <= set(err.value.message_dict)
    Finding.objects.filter(pk=irp.pk).update(severity="medium")  # no second approval for a medium finding
    request_acceptance(actor=analyst, finding=irp, kind="exception", reason="Legacy plant",
                       expires=dt.date.today() + dt.timedelta(days=90))
    irp.refresh_from_db()
    assert irp.status == "exception" and irp.acceptance_approver == analyst
    from steadfast.security.selectors.workflow import overdue_findings

    Finding.objects.filter(pk=irp.pk).update(status="open", due_date=dt.date.today() - dt.timedelta(days=1))
    assert [f.pk for f in overdue_findings(user=analyst)] == [irp.pk]
    assert list(overdue_findings(user=respondent)) == [Finding.objects.get(pk=irp.pk)]
