"""Evidence on any answer: uploaded on a yes/no question in the portal and through a magic link,
listed with name, size, who and when, downloadable by the reviewer and the auditor, refused when bad,
removable by the supplier only while the assessment is open."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from steadfast.core.file_checks import plain_pdf
from steadfast.core.models import AuditEvent
from steadfast.security.models import Evidence
from steadfast.security.selectors.workflow import progress
from steadfast.security.services.invitations import issue_magic_link
from steadfast.security.services.portal import submit_assessment

POLICY_PDF = plain_pdf("Remote access policy: MFA required")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, url, question, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"question": question.pk, "file": SimpleUploadedFile(name, data)})


def test_every_question_has_an_upload_slot(home_assessment, respondent, questionnaire):
    html = _client(respondent).get(reverse("security:portal_assessment", args=[home_assessment.pk])).content.decode()
    for code in ("AC-01", "IR-01", "SA-01", "GV-01", "GV-02"):  # yes/no, single choice, file, text
        assert f'aria-label="Attach evidence to {code}"' in html and f'aria-label="{code} evidence file"' in html
    for key in ("mfa", "irp", "notes"):  # each with its own upload form outside the answer form
        assert f'<form id="ev-{questionnaire.q[key].pk}"' in html


def test_portal_upload_on_a_yes_no_question_is_listed_for_reviewer_and_auditor(
        home_assessment, respondent, analyst, role_users, questionnaire, answer_all):
    q = questionnaire.q
    client = _client(respondent)
    response = _upload(client, reverse("security:portal_evidence", args=[home_assessment.pk]), q["mfa"],
                       "mfa-policy.pdf", POLICY_PDF)
    assert response.status_code == 302 and response["Location"].endswith("#question-AC-01")
    evidence = Evidence.objects.get(assessment=home_assessment)
    assert (evidence.question_id, evidence.original_name, evidence.size, evidence.uploaded_by_label) == (
        q["mfa"].pk, "mfa-policy.pdf", len(POLICY_PDF), respondent.username)
    page = client.get(reverse("security:portal_assessment", args=[home_assessment.pk])).content.decode()
    listed = page[page.index('data-testid="evidence-AC-01"'):]
    assert "mfa-policy.pdf" in listed[:600] and respondent.username in listed[:600] and "Remove" in listed[:600]
    # a file supports the yes/no answer but does not replace it: still unanswered in the progress
    assert progress(assessment=home_assessment)["answered"] == 0
    answer_all(home_assessment, actor=respondent)
    submit_assessment(actor=respondent, assessment=home_assessment)
    file_url = reverse("security:portal_evidence_file", args=[evidence.pk])
    for reader in (analyst, role_users["auditor"]):
        review = _client(reader).get(reverse("security:review", args=[home_assessment.pk])).content.decode()
        row = review[review.index('<tr id="review-AC-01"'):]
        row = row[:row.index("</tr>")]
        assert f'href="{file_url}"' in row and "mfa-policy.pdf" in row and respondent.username in row
        download = _client(reader).get(file_url)
        assert download.status_code == 200 and b"".join(download.streaming_content) == POLICY_PDF


def test_guest_upload_on_a_yes_no_question_names_the_email(home_assessment, analyst, questionnaire):
    q = questionnaire.q
    link, token = issue_magic_link(actor=None, email="sec@home.example", assessment=home_assessment)
    client = Client()
    client.post(reverse("security:portal_link", args=[token]))
    response = _upload(client, reverse("security:guest_evidence"), q["irp"], "irp.pdf", POLICY_PDF)
    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=home_assessment, question=q["irp"])
    assert evidence.uploaded_by_id is None and evidence.uploaded_by_label == "sec@home.example"
    page = client.get(reverse("security:guest")).content.decode()
    assert "irp.pdf" in page and "sec@home.example" in page
    assert reverse("security:guest_evidence_remove", args=[evidence.pk]) in page
    review = _client(analyst).get(reverse("security:review", args=[home_assessment.pk])).content.decode()
    row = review[review.index('<tr id="review-IR-01"'):]
    assert "irp.pdf" in row[:row.index("</tr>")]
    # the visitor removes it again while the questionnaire is open
    removed = client.post(reverse("security:guest_evidence_remove", args=[evidence.pk]))
    assert removed.status_code == 302 and not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEvent.objects.filter(object_type="security.evidence", object_id=str(evidence.pk), verb="delete",
                                     actor_label="link:sec@home.example").exists()


@pytest.mark.parametrize("name,data,message", [
    ("policy.exe", b"MZ\x90\x00", "type .exe is not accepted"),
    ("policy.pdf", b"just text, not a PDF", "does not contain what its .pdf name says"),
    ("empty.pdf", b"", "is empty"),
    ("huge.txt", b"x" * 2049, "the limit is 2,048"),
])
def test_bad_files_are_refused_with_a_clear_error_and_nothing_stored(home_assessment, respondent, questionnaire,
                                                                     settings, name, data, message):
    settings.STEADFAST_EVIDENCE_MAX_BYTES = 2048
    before = AuditEvent.objects.count()
    response = _upload(_client(respondent), reverse("security:portal_evidence", args=[home_assessment.pk]),
                       questionnaire.q["mfa"], name, data)
    html = response.content.decode()
    assert response.status_code == 422 and message in html and "AC-01" in html
    assert not Evidence.objects.exists() and AuditEvent.objects.count() == before


def test_supplier_cannot_attach_to_or_remove_from_another_suppliers_assessment(
        home_assessment, respondent, questionnaire, tiered_supplier, assessment_of):
    from steadfast.security.services.portal import add_evidence

    other = assessment_of(tiered_supplier())
    theirs = add_evidence(actor=None, assessment=other, question=questionnaire.q["mfa"], name="theirs.pdf",
                          data=POLICY_PDF)
    client = _client(respondent)
    assert _upload(client, reverse("security:portal_evidence", args=[other.pk]), questionnaire.q["mfa"],
                   "mine.pdf", POLICY_PDF).status_code == 404
    assert client.post(reverse("security:portal_evidence_remove", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("security:portal_reply", args=[other.pk]),
                       {"question": questionnaire.q["mfa"].pk, "text": "hi"}).status_code == 404
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["theirs.pdf"]
    # a link visitor reaches only its link's assessment
    link, token = issue_magic_link(actor=None, email="sec@home.example", assessment=home_assessment)
    guest = Client()
    guest.post(reverse("security:portal_link", args=[token]))
    assert guest.post(reverse("security:guest_evidence_remove", args=[theirs.pk])).status_code == 404
    assert Evidence.objects.filter(pk=theirs.pk).exists()


def test_removal_while_open_and_blocked_after_submission(home_assessment, respondent, questionnaire, answer_all,
                                                         settings):
    q = questionnaire.q
    client = _client(respondent)
    upload_url = reverse("security:portal_evidence", args=[home_assessment.pk])
    _upload(client, upload_url, q["mfa"], "first.pdf", POLICY_PDF)
    _upload(client, upload_url, q["irp"], "second.pdf", POLICY_PDF)  # the same bytes on another question
    first, second = Evidence.objects.order_by("pk")
    response = client.post(reverse("security:portal_evidence_remove", args=[first.pk]))
    assert response.status_code == 302 and not Evidence.objects.filter(pk=first.pk).exists()
    assert second.file.storage.exists(second.file.name)  # the other record's file is kept
    answer_all(home_assessment, actor=respondent)
    submit_assessment(actor=respondent, assessment=home_assessment)
    page = client.get(reverse("security:portal_assessment", args=[home_assessment.pk])).content.decode()
    assert "second.pdf" in page and ">Remove<" not in page and "Attach evidence" not in page
    blocked = client.post(reverse("security:portal_evidence_remove", args=[second.pk]))
    assert blocked.status_code == 422 and "can no longer be changed" in blocked.content.decode()
    assert Evidence.objects.filter(pk=second.pk).exists()


def test_api_lists_evidence_per_answer(home_assessment, respondent, api_client_for, questionnaire):
    from steadfast.security.services.portal import add_evidence

    add_evidence(actor=respondent, assessment=home_assessment, question=questionnaire.q["mfa"], name="mfa.pdf",
                 data=POLICY_PDF)
    body = api_client_for(respondent).get(f"/api/v1/security/assessments/{home_assessment.pk}/answers").json()
    mfa = next(a for a in body["answers"] if a["code"] == "AC-01")
    (item,) = mfa["evidence"]
    assert (item["name"], item["size"], item["content_type"], item["uploaded_by"]) == (
        "mfa.pdf", len(POLICY_PDF), "application/pdf", respondent.username)
