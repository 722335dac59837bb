"""Answering the demo's questionnaires: plausible answers drawn from the supplier's intake profile
and a quality, evidence files, and each assessment taken to its state through the portal and
review services (invited, in progress, submitted, returned, accepted)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch
from django.utils import timezone

from steadfast.core.file_checks import plain_pdf
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment, Question, SupplierRiskProfile
from steadfast.security.models.questionnaires import AnswerType
from steadfast.security.services import portal, review
from steadfast.security.services.invitations import invite_assessment

# Gate questions of the baseline questionnaire answered from the intake profile.
GATES = {"PRD-01": ("software_in_products",), "NET-01": ("network_access", "remote_access"), "PD-01": ("personal_data",)}


def _evidence(name: str, supplier: Supplier) -> tuple[str, bytes]:
    body = f"{name}\nSupplier: {supplier.legal_name} ({supplier.ref})\nIssued: {timezone.localdate().isoformat()}\n"
    if name.endswith(".pdf"):
        return name, plain_pdf(body)
    return name, body.encode()


def draw_answers(rng: random.Random, questions: list[Question], profile: SupplierRiskProfile | None,
                 quality: float, today: dt.date | None = None) -> dict[int, Any]:
    """A plausible answer to every question (hidden ones are ignored by the portal service): "yes" to a
    control with probability `quality`, the rest split between "partial" and "no"."""
    today = today or timezone.localdate()
    values: dict[int, Any] = {}
    for q in questions:
        if q.code in GATES:
            values[q.pk] = "yes" if profile and any(getattr(profile, f) for f in GATES[q.code]) else "no"
        elif q.answer_type == AnswerType.YES_NO_PARTIAL_NA:
            draw = rng.random()
            values[q.pk] = "yes" if draw < quality else "partial" if draw < quality + (1 - quality) / 2 else "no"
        elif q.answer_type == AnswerType.SINGLE_CHOICE:
            options = portal.choice_values(q)
            values[q.pk] = options[0] if rng.random() < quality else rng.choice(options)
        elif q.answer_type == AnswerType.MULTIPLE_CHOICE:
            options = [o for o in portal.choice_values(q) if o != "None"] or portal.choice_values(q)
            values[q.pk] = rng.sample(options, k=min(len(options), rng.randint(1, 2)))
        elif q.answer_type == AnswerType.NUMBER:
            values[q.pk] = rng.randint(1, 500)
        elif q.answer_type == AnswerType.DATE:
            values[q.pk] = (today - dt.timedelta(days=rng.randint(30, 400))).isoformat()
        elif q.answer_type == AnswerType.TEXT:
            values[q.pk] = "Described in our security policy, section 4; contact the security office for details."
    return values


def answer(*, actor, assessment: Assessment, rng: random.Random, complete: bool = True) -> None:
    """Fill the questionnaire (all of it, or the first half as a draft), with evidence files."""
    questions = portal.template_questions(assessment)
    profile = SupplierRiskProfile.objects.filter(supplier_id=assessment.supplier_id).first()
    values = draw_answers(rng, questions, profile, quality=rng.uniform(0.45, 0.97))
    if not complete:
        values = dict(list(values.items())[: len(values) // 2])
    portal.save_answers(actor=actor, assessment=assessment, raw_values=values)
    if not complete:
        return
    visible = portal.visible_question_ids(questions, portal.stored_values(assessment))
    for q in questions:
        if q.answer_type == AnswerType.EVIDENCE_FILE and q.pk in visible:
            name, data = _evidence(f"{q.code.lower()}-attestation.pdf", assessment.supplier)
            portal.add_evidence(actor=actor, assessment=assessment, question=q, name=name, data=data)


def _gap_question(assessment: Assessment) -> int:
    scored = [q for q in portal.template_questions(assessment)
              if q.answer_type == AnswerType.YES_NO_PARTIAL_NA and q.weight > 0]
    return scored[0].pk


def run_to(*, actor, assessment: Assessment, state: str, rng: random.Random, today: dt.date) -> None:
    """Take a draft assessment to `state` through the portal and review services."""
    if state == "invited":
        try:
            invite_assessment(actor=actor, assessment=assessment)
        except NoReverseMatch:  # the portal's pages are not wired into this site's URLs: nothing to link to
            raise ValidationError({"invite": "the supplier portal URLs are not installed"}) from None
        return
    answer(actor=actor, assessment=assessment, rng=rng, complete=state != "in_progress")
    if state == "in_progress":
        return
    portal.submit_assessment(actor=actor, assessment=assessment)
    if state == "submitted":
        return
    if state == "accepted" and rng.random() >= 0.3:  # most are accepted at the first submission
        review.accept_assessment(actor=actor, assessment=assessment, today=today)
        return
    comment = "Please attach the policy document and say which products it covers."
    review.return_assessment(actor=actor, assessment=assessment, comments={_gap_question(assessment): comment})
    if state == "returned":
        return
    portal.submit_assessment(actor=actor, assessment=assessment)
    review.accept_assessment(actor=actor, assessment=assessment, today=today)
