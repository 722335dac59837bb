"""Comment threads per question that survive rounds: the reviewer's comments at each return, the
supplier's replies, the round, the reviewer's open requests; pages, API and scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from steadfast.core.models import AuditEvent
from steadfast.security.models import AnswerComment
from steadfast.security.services.answer_threads import reply
from steadfast.security.services.invitations import issue_magic_link
from steadfast.security.services.portal import save_answers, submit_assessment
from steadfast.security.services.review import return_assessment


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def returned_twice(home_assessment, questionnaire, respondent, analyst, answer_all):
    """Round 1 returned with a comment on AC-01, the supplier replies and changes IR-01 in round 2,
    round 2 returned with a comment on AC-01 again: the assessment is in round 3."""
    q = questionnaire.q
    answer_all(home_assessment, actor=respondent, mfa="no")
    submit_assessment(actor=respondent, assessment=home_assessment)
    return_assessment(actor=analyst, assessment=home_assessment,
                      comments={q["mfa"].pk: "MFA is mandatory: send the policy document", q["irp"].pk: "Which plan?"})
    home_assessment.refresh_from_db()
    reply(actor=respondent, assessment=home_assessment, question=q["mfa"], text="Policy attached next week.")
    save_answers(actor=respondent, assessment=home_assessment, raw_values={q["irp"].pk: "partial"})
    submit_assessment(actor=respondent, assessment=home_assessment)
    return_assessment(actor=analyst, assessment=home_assessment, comments={q["mfa"].pk: "Still no policy document."})
    home_assessment.refresh_from_db()
    return home_assessment


def test_returned_twice_keeps_round_one_comments_in_round_three(returned_twice, questionnaire):
    q = questionnaire.q
    assert returned_twice.round == 3 and returned_twice.status == "returned"
    thread = list(AnswerComment.objects.filter(assessment=returned_twice, question=q["mfa"])
                  .values_list("round", "side", "text"))
    assert thread == [(1, "reviewer", "MFA is mandatory: send the policy document"),
                      (2, "supplier", "Policy attached next week."),
                      (2, "reviewer", "Still no policy document.")]
    # the round-1 comment on IR-01 is still there although round 2 did not comment on it
    assert AnswerComment.objects.filter(assessment=returned_twice, question=q["irp"], round=1).count() == 1
    # each return is one audit event naming the round and the comments
    returns = AuditEvent.objects.filter(object_type="security.assessment", object_id=str(returned_twice.pk),
                                        verb="return").order_by("seq")
    assert [e.changes["round"] for e in returns] == [[1, 2], [2, 3]]
    assert returns.last().changes["comments"] == [None, {"AC-01": "Still no policy document."}]


def test_supplier_page_shows_the_whole_thread_in_round_three(returned_twice, respondent, questionnaire):
    page = _client(respondent).get(reverse("security:portal_assessment", args=[returned_twice.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and "round 3" in html
    first, reply_at, second = (html.index("MFA is mandatory: send the policy document"),
                               html.index("Policy attached next week."), html.index("Still no policy document."))
    assert first < reply_at < second  # oldest first, in one thread
    assert "Round 1 · Reviewer" in html and "Round 2 · Supplier" in html
    assert html.count('data-testid="reviewer-comment"') == 3  # AC-01 twice, IR-01 once
    assert 'aria-label="Reply on AC-01"' in html and 'aria-label="Reply on IR-01"' in html
    assert 'aria-label="Reply on SA-01"' not in html  # no thread there, nothing to reply to


def test_supplier_reply_from_the_page_and_the_reviewer_sees_it(returned_twice, respondent, analyst, questionnaire):
    q = questionnaire.q
    client = _client(respondent)
    response = client.post(reverse("security:portal_reply", args=[returned_twice.pk]),
                           {"question": q["mfa"].pk, "text": "  The signed policy is attached now.\n"})
    assert response.status_code == 302 and response["Location"].endswith("#question-AC-01")
    latest = AnswerComment.objects.filter(assessment=returned_twice, question=q["mfa"]).last()
    assert (latest.side, latest.round, latest.text, latest.author_label) == (
        "supplier", 3, "The signed policy is attached now.", respondent.username)
    assert AuditEvent.objects.filter(object_type="security.answercomment", object_id=str(latest.pk),
                                     verb="create").count() == 1
    submit_assessment(actor=respondent, assessment=returned_twice)
    review = _client(analyst).get(reverse("security:review", args=[returned_twice.pk])).content.decode()
    assert "The signed policy is attached now." in review and "MFA is mandatory: send the policy document" in review


def test_empty_or_bad_reply_is_refused_and_nothing_stored(returned_twice, respondent, questionnaire):
    q = questionnaire.q
    before = AnswerComment.objects.count()
    client = _client(respondent)
    url = reverse("security:portal_reply", args=[returned_twice.pk])
    empty = client.post(url, {"question": q["mfa"].pk, "text": "   \n "})
    assert empty.status_code == 422 and "AC-01" in empty.content.decode() and "empty" in empty.content.decode()
    control = client.post(url, {"question": q["mfa"].pk, "text": "hi\x1b[31m"})
    assert control.status_code == 422 and "ESCAPE" in control.content.decode()
    unknown = client.post(url, {"question": "999999", "text": "hello"})
    assert unknown.status_code == 422 and "no such question here" in unknown.content.decode()
    assert AnswerComment.objects.count() == before


def test_no_reply_after_submission(returned_twice, respondent, questionnaire):
    submit_assessment(actor=respondent, assessment=returned_twice)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        reply(actor=respondent, assessment=returned_twice, question=questionnaire.q["mfa"], text="late")
    assert not AnswerComment.objects.filter(text="late").exists()


def test_database_refuses_blank_text_and_round_zero(home_assessment, questionnaire):
    base = {"assessment": home_assessment, "question": questionnaire.q["mfa"], "side": "supplier",
            "author_label": "someone"}
    for fields in ({"round": 1, "text": "   "}, {"round": 1, "text": ""}, {"round": 0, "text": "ok"},
                   {"round": 1, "text": "ok", "side": "other"}, {"round": 1, "text": "ok", "author_label": ""}):
        with pytest.raises(IntegrityError), transaction.atomic():
            AnswerComment.objects.create(**{**base, **fields})
    with pytest.raises(IntegrityError), transaction.atomic():  # a returned assessment is in round 2 or later
        type(home_assessment).objects.filter(pk=home_assessment.pk).update(status="returned", round=1)


def test_reviewer_page_highlights_open_requests(returned_twice, respondent, analyst, questionnaire):
    q = questionnaire.q
    # IR-01 was changed after its round-1 comment; AC-01, asked again in round 2, has not moved since.
    submit_assessment(actor=respondent, assessment=returned_twice)
    page = _client(analyst).get(reverse("security:review", args=[returned_twice.pk])).content.decode()
    assert page.count('data-testid="open-request"') == 1
    assert '<tr id="review-AC-01" data-code="AC-01" class="wf-open-request"' in page
    assert "1 question with an open request" in page and '<a href="#review-AC-01">AC-01</a>' in page
    # after an answer change on AC-01 in the next round nothing is open
    return_assessment(actor=analyst, assessment=returned_twice, comments={q["mfa"].pk: "And now?"})
    save_answers(actor=respondent, assessment=returned_twice, raw_values={q["mfa"].pk: "partial"})
    submit_assessment(actor=respondent, assessment=returned_twice)
    page = _client(analyst).get(reverse("security:review", args=[returned_twice.pk])).content.decode()
    assert 'data-testid="open-request"' not in page and "round 4" in page


def test_guest_sees_thread_and_replies(returned_twice, questionnaire):
    link, token = issue_magic_link(actor=None, email="sec@home.example", assessment=returned_twice)
    client = Client()
    assert client.post(reverse("security:portal_link", args=[token])).status_code == 302
    page = client.get(reverse("security:guest")).content.decode()
    assert "Still no policy document." in page and "MFA is mandatory: send the policy document" in page
    response = client.post(reverse("security:guest_reply"), {"question": questionnaire.q["mfa"].pk,
                                                              "text": "Uploaded the policy."})
    assert response.status_code == 302
    latest = AnswerComment.objects.filter(assessment=returned_twice).latest("pk")
    assert (latest.text, latest.author_label, latest.author_id, latest.round) == (
        "Uploaded the policy.", "sec@home.example", None, 3)


def test_api_lists_threads_and_evidence_and_takes_a_reply(returned_twice, respondent, api_client_for, questionnaire,
                                                          tiered_supplier, assessment_of, customer_viewer_api):
    client = api_client_for(respondent)
    url = f"/api/v1/security/assessments/{returned_twice.pk}"
    body = client.get(f"{url}/answers").json()
    assert body["round"] == 3
    mfa = next(a for a in body["answers"] if a["code"] == "AC-01")
    assert [(c["round"], c["side"]) for c in mfa["thread"]] == [(1, "reviewer"), (2, "supplier"), (2, "reviewer")]
    assert mfa["open_request"] is True and mfa["value"] == "no" and mfa["evidence"] == []
    created = client.post(f"{url}/comments", {"question": "AC-01", "text": "Done, see the file."},
                          content_type="application/json")
    assert created.status_code == 201 and created.json()["round"] == 3 and created.json()["side"] == "supplier"
    assert client.get(f"{url}/answers").json()["answers"][0]["open_request"] is False
    # bad bodies name the field; unknown question, empty text; nothing stored
    before = AnswerComment.objects.count()
    for payload, needle in [({"text": "x"}, "question"), ({"question": "ZZ-99", "text": "x"}, "ZZ-99"),
                            ({"question": "AC-01", "text": " "}, "empty"), ({"question": "AC-01", "txt": "x"}, "txt")]:
        bad = client.post(f"{url}/comments", payload, content_type="application/json")
        assert bad.status_code == 422 and needle in bad.content.decode(), payload
    assert AnswerComment.objects.count() == before
    # another supplier's assessment: 404 before the body is judged (even an empty one)
    other = assessment_of(tiered_supplier())
    assert client.post(f"/api/v1/security/assessments/{other.pk}/comments", {},
                       content_type="application/json").status_code == 404
    assert client.get(f"/api/v1/security/assessments/{other.pk}/answers").status_code == 404
    # customers see nothing of it
    assert customer_viewer_api.get(f"{url}/answers").status_code == 403


@pytest.fixture
def customer_viewer_api(role_users, api_client_for):
    return api_client_for(role_users["customer_viewer"])


def test_htmx_rerender_keeps_threads_and_upload_slots(returned_twice, respondent, questionnaire):
    q = questionnaire.q
    partial = _client(respondent).post(reverse("security:portal_questions", args=[returned_twice.pk]),
                                       {f"q-{q['irp'].pk}": "no"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and "Still no policy document." in html
    assert 'aria-label="Attach evidence to AC-01"' in html and 'aria-label="Reply on AC-01"' in html
    assert "question-IR-02" not in html  # the condition still applies


def test_portal_list_shows_the_round(returned_twice, respondent):
    listing = _client(respondent).get(reverse("security:portal")).content.decode()
    assert "Returned</span> <span class=\"muted\">round 3</span>" in listing
