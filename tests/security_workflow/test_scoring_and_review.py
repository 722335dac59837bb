"""Scoring formulas with hand-computed numbers; review: return, accept, lock, findings raised."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from steadfast.core.models import AuditEvent
from steadfast.security.models import Answer, AnswerComment, Finding
from steadfast.security.services import scoring
from steadfast.security.services.portal import save_answers, submit_assessment
from steadfast.security.services.remediation import gap_severity
from steadfast.security.services.review import accept_assessment, return_assessment


def test_coverage_score_by_hand():
    qs = [scoring.ScoredQuestion(1, 10), scoring.ScoredQuestion(2, 5), scoring.ScoredQuestion(3, 2),
          scoring.ScoredQuestion(4, 3), scoring.ScoredQuestion(5, 4), scoring.ScoredQuestion(6, 7, visible=False)]
    answers = {1: "yes", 2: "partial", 3: "no", 4: "na", 6: "yes"}  # 5 unanswered, 6 hidden
    result = scoring.coverage_score(qs, answers)
    # earned = 10*1 + 5*0.5 + 2*0 + 4*0 = 12.5; possible = 10 + 5 + 2 + 4 = 21 (na and hidden left out)
    assert result.earned == 12.5 and result.possible == 21
    assert result.score == round(100 * 12.5 / 21, 2) == 59.52


def test_score_is_none_when_nothing_applies_and_residual_formula():
    assert scoring.coverage_score([scoring.ScoredQuestion(1, 5)], {1: "na"}).score is None
    assert scoring.residual_risk(inherent=80, score=59.52) == round(80 * (1 - 0.8 * 0.5952), 2) == 41.91
    assert scoring.residual_risk(inherent=80, score=None) == 80
    assert scoring.residual_risk(inherent=None, score=100) == 20.0  # unknown inherent risk = 100


@pytest.mark.parametrize("weight,tier,partial,expected", [
    (10, 1, False, "critical"), (10, 2, False, "high"), (10, 3, False, "medium"), (10, 1, True, "high"),
    (5, 1, False, "high"), (5, 2, False, "medium"), (5, 4, False, "low"), (2, 1, False, "medium"),
    (2, 2, True, "low"), (8, None, False, "high"),
])
def test_gap_severity_table(weight, tier, partial, expected):
    assert gap_severity(weight=weight, tier=tier, partial=partial) == expected


def test_submit_lists_missing_required_per_question(home_assessment, questionnaire, respondent):
    save_answers(actor=respondent, assessment=home_assessment, raw_values={questionnaire.q["irp"].pk: "yes"})
    with pytest.raises(ValidationError) as err:
        submit_assessment(actor=respondent, assessment=home_assessment)
    # IR-02 appears because IR-01 is yes; SA-02 does not because SA-01 is unanswered (hidden)
    assert set(err.value.message_dict) == {"AC-01", "IR-02", "SA-01"}


def test_hidden_questions_are_not_validated(home_assessment, questionnaire, respondent):
    q = questionnaire.q
    # A nonsense value for a hidden question (IR-02 while IR-01 is "no") is ignored, not an error.
    save_answers(actor=respondent, assessment=home_assessment, raw_values={q["irp"].pk: "no", q["irp_tested"].pk: "bogus"})
    assert not Answer.objects.filter(assessment=home_assessment, question=q["irp_tested"]).exists()
    with pytest.raises(ValidationError) as err:
        save_answers(actor=respondent, assessment=home_assessment, raw_values={q["irp"].pk: "yes", q["irp_tested"].pk: "bogus"})
    assert "IR-02" in err.value.message_dict


def test_return_then_accept_locks_and_raises_findings(home_assessment, questionnaire, respondent, analyst, answer_all):
    q = questionnaire.q
    answer_all(home_assessment, actor=respondent, mfa="no", irp="partial", cloud_cert="yes")
    submit_assessment(actor=respondent, assessment=home_assessment)
    return_assessment(actor=analyst, assessment=home_assessment, comments={q["mfa"].pk: "MFA is mandatory: plan?"})
    home_assessment.refresh_from_db()
    assert home_assessment.status == "returned"
    request = AnswerComment.objects.get(assessment=home_assessment, question=q["mfa"])
    assert (request.side, request.round, request.text) == ("reviewer", 1, "MFA is mandatory: plan?")
    assert home_assessment.round == 2
    save_answers(actor=respondent, assessment=home_assessment, raw_values={q["mfa"].pk: "no"})
    submit_assessment(actor=respondent, assessment=home_assessment)
    today = dt.date(2030, 1, 15)
    accept_assessment(actor=analyst, assessment=home_assessment, today=today)
    home_assessment.refresh_from_db()
    assert home_assessment.locked and home_assessment.status == "accepted"
    # mfa no (10), irp partial (5) → IR-02 hidden; hosting cloud → SA-02 yes (8).
    # score = (0 + 2.5 + 8) / (10 + 5 + 8) = 45.65; residual = 80 × (1 − 0.8 × 0.4565) = 50.78
    assert home_assessment.score == 45.65 and home_assessment.residual_risk == 50.78
    findings = {f.question.code: f for f in Finding.objects.filter(assessment=home_assessment)}
    assert set(findings) == {"AC-01", "IR-01"}
    assert findings["AC-01"].severity == "critical" and findings["AC-01"].due_date == today + dt.timedelta(days=30)
    assert findings["IR-01"].severity == "medium" and findings["IR-01"].due_date == today + dt.timedelta(days=90)
    assert home_assessment.supplier.risk_profile.next_reassessment_due == dt.date(2031, 1, 15)
    verbs = list(AuditEvent.objects.filter(object_type="security.assessment", object_id=str(home_assessment.pk))
                 .values_list("verb", flat=True))
    # accepting emails the supplier's contact about the two findings (recorded after the acceptance)
    assert verbs[0] == "create" and "return" in verbs and verbs[-2:] == ["accept", "notify_findings"]
    assert AuditEvent.objects.filter(object_type="security.finding", verb="create").count() == 2


def test_accepted_assessment_is_locked(home_assessment, questionnaire, respondent, analyst, answer_all):
    from steadfast.security.services.portal import add_evidence

    answer_all(home_assessment, actor=respondent)
    submit_assessment(actor=respondent, assessment=home_assessment)
    accept_assessment(actor=analyst, assessment=home_assessment)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        save_answers(actor=respondent, assessment=home_assessment, raw_values={questionnaire.q["mfa"].pk: "no"})
    with pytest.raises(ValidationError):
        submit_assessment(actor=respondent, assessment=home_assessment)
    with pytest.raises(ValidationError):
        add_evidence(actor=respondent, assessment=home_assessment, question=None, name="a.txt", data=b"hello")
    with pytest.raises(ValidationError):
        return_assessment(actor=analyst, assessment=home_assessment, comments={questionnaire.q["mfa"].pk: "x"})
    assert Answer.objects.get(assessment=home_assessment, question=questionnaire.q["mfa"]).value == "yes"
    assert AuditEvent.objects.count() == before
    assert not Finding.objects.filter(assessment=home_assessment).exists()  # all yes: no gaps
