"""The analyst's review of a submitted assessment: return it with comments per question, or accept
it (which locks it, raises findings for its gaps and sets the next reassessment date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.services.audit import record_event
from steadfast.security.models import Assessment, Question, SupplierRiskProfile
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.services import scoring
from steadfast.security.services.answer_threads import MAX_TEXT, reviewer_requests
from steadfast.security.services.cadence import add_months, cadence_months
from steadfast.security.services.finding_notices import notify_findings
from steadfast.security.services.portal import (
    assessment_score,
    inherent_risk_of,
    stored_values,
    template_questions,
)
from steadfast.security.services.remediation import gap_findings, raise_gap_findings


def _submitted(assessment: Assessment) -> Assessment:
    assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError({"status": f"assessment {assessment.pk} is {assessment.get_status_display().lower()};"
                                         " only a submitted assessment can be reviewed"})
    return assessment


def return_assessment(*, actor, assessment: Assessment, comments: Mapping[int, str], note: str = "") -> Assessment:
    """Send it back to the supplier with a comment on each question that needs work (at least one).
    The comments join each question's thread in the round just reviewed (earlier rounds' comments
    stay); the assessment moves to the next round."""
    comments = {qid: text.strip()[:MAX_TEXT] for qid, text in comments.items() if text and text.strip()}
    if not comments:
        raise ValidationError({"comments": "say, on at least one question, what the supplier must change"})
    with transaction.atomic():
        assessment = _submitted(assessment)
        codes = dict(Question.objects.filter(template_id=assessment.template_id, pk__in=comments)
                     .values_list("pk", "code"))
        unknown = [qid for qid in comments if qid not in codes]
        if unknown:
            raise ValidationError({"comments": f"question {unknown[0]} is not in this questionnaire"})
        reviewer_requests(actor=actor, assessment=assessment, comments=comments)
        now = timezone.now()
        previous, reviewed_round = assessment.status, assessment.round
        assessment.status, assessment.returned_at, assessment.reviewer = AssessmentStatus.RETURNED, now, actor
        assessment.round = reviewed_round + 1
        assessment.save(update_fields=["status", "returned_at", "reviewer", "round", "updated_at"])
        record_event(actor=actor, verb="return", instance=assessment, changes={
            "status": [previous, assessment.status], "round": [reviewed_round, assessment.round],
            "note": [None, note.strip()[:2000]],
            "comments": [None, {codes[qid]: text for qid, text in comments.items()}],
        })
        return assessment


def accept_assessment(*, actor, assessment: Assessment, today: dt.date | None = None) -> Assessment:
    """Accept and lock: the score is recomputed from the stored answers, gaps become findings (the
    supplier's contacts are emailed a way to answer them), the supplier's next reassessment is due
    one cadence from today."""
    today = today or timezone.localdate()
    with transaction.atomic():
        assessment = _submitted(assessment)
        questions = template_questions(assessment)
        values = stored_values(assessment)
        result = assessment_score(assessment, questions, values)
        inherent = inherent_risk_of(assessment.supplier_id)
        profile = SupplierRiskProfile.objects.filter(supplier_id=assessment.supplier_id).first()
        tier = profile.effective_tier if profile else None
        previous = assessment.status
        assessment.status, assessment.accepted_at, assessment.locked = AssessmentStatus.ACCEPTED, timezone.now(), True
        assessment.reviewer, assessment.score, assessment.inherent_score = actor, result.score, inherent
        assessment.residual_risk = scoring.residual_risk(inherent=inherent, score=result.score)
        assessment.save(update_fields=["status", "accepted_at", "locked", "reviewer", "score", "inherent_score",
                                       "residual_risk", "updated_at"])
        findings = raise_gap_findings(actor=actor, findings=gap_findings(
            assessment=assessment, questions=questions, values=values, tier=tier, today=today))
        record_event(actor=actor, verb="accept", instance=assessment, changes={
            "status": [previous, assessment.status], "score": [None, assessment.score],
            "residual_risk": [None, assessment.residual_risk], "findings_raised": [None, len(findings)],
        })
        notify_findings(actor=actor, assessment=assessment, findings=findings)
        if profile is not None:
            months = cadence_months(tier)
            due = add_months(today, months) if months else None
            if profile.next_reassessment_due != due:
                before = profile.next_reassessment_due
                profile.next_reassessment_due = due
                profile.save(update_fields=["next_reassessment_due", "updated_at"])
                record_event(actor=actor, verb="update", instance=profile,
                             changes={"next_reassessment_due": [before and before.isoformat(), due and due.isoformat()]})
        return assessment
