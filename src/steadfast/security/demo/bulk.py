"""The programme history written in bulk (see programme.py for what it is): campaigns, assessments,
the last year's answers, the findings their gaps raised and what became of them (ageing.py), and the
risk acceptances. Scores, residual risk and findings come from the app's own functions
(`portal.assessment_score`, `scoring.residual_risk`, `remediation.gap_findings`) on the drawn answers,
so they are what the app would compute. One audit event per stage (rows.py).

Assessments older than twelve months carry their score, residual risk and findings but not their
answers: 6,000 more assessments of 65 answers would double the demo's load time.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.db import connection
from django.utils import timezone

from steadfast.core.services.audit import record_events
from steadfast.network.models import Supplier
from steadfast.security.demo.ageing import Fate, fate
from steadfast.security.demo.answers import draw_answers
from steadfast.security.demo.programme import (
    PlannedAssessment,
    SupplierFacts,
    plan_programme,
)
from steadfast.security.demo.rows import StageRows, insert_rows
from steadfast.security.models import (
    Answer,
    AnswerComment,
    Assessment,
    Campaign,
    Finding,
    Question,
    RiskAcceptance,
    SupplierRiskProfile,
)
from steadfast.security.models.findings import (
    ACCEPTANCE_STATUSES,
    OPEN_STATUSES,
    FindingSource,
    FindingStatus,
)
from steadfast.security.models.questionnaires import AnswerType
from steadfast.security.selectors.dashboard import one_year_before
from steadfast.security.services import portal, scoring
from steadfast.security.services.remediation import due_days, gap_severity

SCORED_STATES = ("submitted", "returned", "accepted")  # submission computes the score; acceptance recomputes it
ANSWERED_STATES = ("in_progress", *SCORED_STATES)
RETURN_COMMENT = "Please attach the policy document and say which products it covers."

CAMPAIGN_FIELDS = ("name", "template_id", "due_date", "filter", "created_by_id", "status", "launched_at",
                   "created_at", "updated_at")
ASSESSMENT_FIELDS = ("supplier_id", "template_id", "campaign_id", "status", "due_date", "score", "inherent_score",
                     "residual_risk", "invited_at", "submitted_at", "returned_at", "accepted_at", "reviewer_id",
                     "locked", "created_at", "updated_at", "round")
ANSWER_FIELDS = ("assessment_id", "question_id", "value", "comment", "answered_by_id", "created_at", "updated_at")
COMMENT_FIELDS = ("assessment_id", "question_id", "side", "round", "author_id", "author_label", "text", "created_at",
                  "updated_at")
SUPPLIER_REPLY = "Attached our information security policy v4.2 (approved March 2026); it covers every product we ship to you."
FINDING_FIELDS = ("supplier_id", "assessment_id", "question_id", "source", "severity", "title", "detail", "due_date",
                  "status", "cve", "required_action", "remediation_plan", "remediation_due", "closed_at",
                  "closure_note", "verified_by_id", "acceptance_approver_id", "acceptance_reason",
                  "acceptance_expires", "created_at", "updated_at")
ACCEPTANCE_FIELDS = ("finding_id", "kind", "reason", "expires", "requested_by_id", "decision", "decided_by_id",
                     "decided_at", "decision_note", "created_at", "updated_at")


def supplier_facts() -> list[SupplierFacts]:
    tiers = {sid: (override or tier) for sid, tier, override in
             SupplierRiskProfile.objects.values_list("supplier_id", "tier", "tier_override")}
    return [SupplierFacts(pk, ref, tiers.get(pk) or 4, category)
            for pk, ref, category in Supplier.objects.order_by("pk").values_list("pk", "ref", "category")]


def load_programme(*, actor, approver, template, seed: int, rng: random.Random, today: dt.date,
                   exclude_last_year: set[int], keep_first_ref: str | None,
                   stage=lambda label: None) -> dict[str, Any]:
    """Write the planned programme; returns counts. Runs inside the demo's transaction."""
    facts = supplier_facts()
    tier_of = {s.pk: s.tier for s in facts}
    profiles = {p.supplier_id: p for p in SupplierRiskProfile.objects.all()}
    questions = list(Question.objects.filter(template_id=template.pk).order_by("order"))
    plans = plan_programme(suppliers=facts, rng=rng, today=today, exclude_last_year=exclude_last_year,
                           keep_first_ref=keep_first_ref)
    summary: dict[str, Any] = {}

    # Campaigns and assessments, each scored on answers drawn from the supplier's quality then.
    campaign_rows = StageRows()
    insert_rows(Campaign, CAMPAIGN_FIELDS, [
        (c.name, template.pk, c.due, c.filter, actor.pk, c.status, _at(c.launched), _at(c.launched), _at(c.launched))
        for c in plans], campaign_rows)
    campaign_ids = dict(Campaign.objects.filter(name__in=[c.name for c in plans]).values_list("name", "pk"))
    drawn: dict[tuple[int, int], dict[int, Any]] = {}
    planned: dict[tuple[int, int], PlannedAssessment] = {}
    shown_of: dict[tuple[int, int], set[int]] = {}
    assessment_rows = StageRows()
    rows = []
    for campaign in plans:
        for plan in campaign.assessments:
            values, shown = _draw(rng, questions, profiles.get(plan.supplier_id), plan) \
                if plan.status in ANSWERED_STATES else ({}, set())
            drawn[campaign_ids[campaign.name], plan.supplier_id] = values
            planned[campaign_ids[campaign.name], plan.supplier_id] = plan
            shown_of[campaign_ids[campaign.name], plan.supplier_id] = shown
            rows.append(_assessment_row(plan, campaign_ids[campaign.name], template.pk, questions, values, shown,
                                        profiles.get(plan.supplier_id), actor, rng))
    insert_rows(Assessment, ASSESSMENT_FIELDS, rows, assessment_rows)
    record_events(actor=actor, events=[
        campaign_rows.event(Campaign, "campaigns of the assessment programme", seed,
                            names=[c.name for c in plans]),
        assessment_rows.event(Assessment, "programme assessments over three years", seed,
                              statuses=dict(Counter(r[3] for r in rows)))])
    summary["programme_campaigns"] = {c.name: len(c.assessments) for c in plans}
    stage("programme assessments")

    # The last year's answers (older assessments keep only their scores).
    keeps = {campaign_ids[c.name] for c in plans if c.keep_answers}
    created = Assessment.objects.filter(campaign_id__in=campaign_ids.values()).order_by("pk")
    ids = {(cid, sid): (pk, status, submitted, accepted) for pk, cid, sid, status, submitted, accepted in
           created.values_list("pk", "campaign_id", "supplier_id", "status", "submitted_at", "accepted_at")}
    answer_rows = StageRows()
    # A returned questionnaire carries the reviewer's comment on its first scored question.
    gap_question = next(q.pk for q in questions if q.weight > 0 and q.answer_type == "yes_no_partial_na")

    def answered_at(key):
        plan = planned[key]
        return plan.submitted or plan.invited or plan.created

    answers = insert_rows(Answer, ANSWER_FIELDS, (
        (ids[key][0], qid, value, "", None, answered_at(key), answered_at(key))
        for key, values in drawn.items() if key[0] in keeps for qid, value in values.items()), answer_rows)
    # Every assessment returned for rework carries the reviewer's request on its first scored question
    # (round 1); those accepted since carry the supplier's reply (round 2): the thread the pages show.
    comment_rows = StageRows()
    reviewer_label = actor.get_full_name() or actor.get_username()
    comments = []
    for key, plan in planned.items():
        if key[0] not in keeps or not plan.returned:
            continue
        pk = ids[key][0]
        comments.append((pk, gap_question, "reviewer", 1, actor.pk, reviewer_label, RETURN_COMMENT, plan.returned,
                         plan.returned))
        if plan.status != "returned" and plan.submitted:
            supplier_at = max(plan.submitted - dt.timedelta(hours=2), plan.returned)
            comments.append((pk, gap_question, "supplier", 2, None, "Supplier security contact", SUPPLIER_REPLY,
                             supplier_at, supplier_at))
    insert_rows(AnswerComment, COMMENT_FIELDS, comments, comment_rows)
    record_events(actor=actor, events=[answer_rows.event(Answer, "answers of the last twelve months' assessments", seed),
                                       comment_rows.event(AnswerComment, "review threads of returned assessments", seed)])
    summary["answers"] = answers
    stage("answers")

    fates = _write_findings(actor=actor, approver=approver, seed=seed, rng=rng, today=today, questions=questions,
                            tier_of=tier_of, accepted={key: (pk, at) for key, (pk, status, _s, at) in ids.items()
                                                       if status == "accepted"},
                            drawn=drawn, shown_of=shown_of)
    summary["programme_findings"] = dict(Counter(str(o.status) for _, o in fates))
    stage("programme findings")
    return summary


def _write_findings(*, actor, approver, seed: int, rng: random.Random, today: dt.date, questions: list[Question],
                    tier_of: dict[int, int], accepted: dict[tuple[int, int], tuple[int, dt.datetime]],
                    drawn: dict[tuple[int, int], dict[int, Any]],
                    shown_of: dict[tuple[int, int], set[int]]) -> list[tuple[_Gap, Fate]]:
    """Findings from the accepted assessments' gaps, each aged to today, and the risk acceptances of
    those carried as accepted risks; one audit event each."""
    now = timezone.now()
    finding_rows, acceptance_rows = StageRows(), StageRows()
    fates: list[tuple[_Gap, Fate]] = []
    scored = [q for q in questions if q.answer_type == AnswerType.YES_NO_PARTIAL_NA and q.weight > 0]
    for (cid, sid), (pk, accepted_at) in accepted.items():
        for finding in _gap_findings(pk, sid, scored, drawn[cid, sid], shown_of[cid, sid], tier_of.get(sid),
                                     timezone.localdate(accepted_at)):
            finding.created_at = accepted_at
            fates.append((finding, fate(rng, raised=accepted_at, severity=finding.severity, tier=tier_of.get(sid),
                                        today=today, now=now)))
    insert_rows(Finding, FINDING_FIELDS, (_finding_row(f, outcome, actor, approver) for f, outcome in fates),
                finding_rows)
    accepted_keys = {(f.assessment_id, f.question_id): outcome for f, outcome in fates
                     if outcome.status in ACCEPTANCE_STATUSES}
    finding_ids = Finding.objects.filter(assessment_id__in=[k[0] for k in accepted_keys],
                                         status__in=ACCEPTANCE_STATUSES).values_list("pk", "assessment_id", "question_id",
                                                                                     "created_at")
    insert_rows(RiskAcceptance, ACCEPTANCE_FIELDS, [
        _acceptance_row(pk, raised, accepted_keys[aid, qid], actor, approver)
        for pk, aid, qid, raised in finding_ids if (aid, qid) in accepted_keys], acceptance_rows)
    record_events(actor=actor, events=[
        finding_rows.event(Finding, "findings raised by the programme's assessments", seed,
                           statuses=dict(Counter(str(o.status) for _, o in fates))),
        acceptance_rows.event(RiskAcceptance, "risk acceptances approved by a second person", seed,
                              approver=approver.get_username())])
    return fates


def age_open_findings(*, actor, approver, campaign: Campaign, seed: int, rng: random.Random,
                      today: dt.date) -> dict[str, int]:
    """Give the still-open findings of a campaign the services wrote (dates already moved into the
    past) the same ageing as the bulk ones: most were dealt with by now. One audit event."""
    now = timezone.now()
    tier_of = {s.pk: s.tier for s in supplier_facts()}
    findings = list(Finding.objects.filter(assessment__campaign=campaign, status=FindingStatus.OPEN)
                    .order_by("pk").values_list("pk", "supplier_id", "severity", "created_at"))
    outcomes = {pk: fate(rng, raised=raised, severity=severity, tier=tier_of.get(sid), today=today, now=now)
                for pk, sid, severity, raised in findings}
    moved = {pk: o for pk, o in outcomes.items() if o.status != FindingStatus.OPEN}
    fields = [Finding._meta.get_field(n) for n in ("status", "remediation_plan", "remediation_due", "closed_at",
                                                      "closure_note", "verified_by", "acceptance_approver",
                                                      "acceptance_reason", "acceptance_expires", "updated_at")]
    rows = []
    for pk, o in moved.items():
        values = _fate_values(o, actor, approver)[:-1] + [now]
        rows.append([f.get_db_prep_save(v, connection) if v is not None else None for f, v in zip(fields, values,
                                                                                                  strict=True)] + [pk])
    ops = connection.ops
    assignments = ", ".join(f"{ops.quote_name(f.column)} = %s" for f in fields)
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {ops.quote_name(Finding._meta.db_table)} SET {assignments} WHERE id = %s", rows)
    raised = dict((pk, r) for pk, _sid, _sev, r in findings)
    acceptance_rows = StageRows()
    insert_rows(RiskAcceptance, ACCEPTANCE_FIELDS, [_acceptance_row(pk, raised[pk], o, actor, approver)
                                                    for pk, o in moved.items() if o.status in ACCEPTANCE_STATUSES],
                acceptance_rows)
    update_rows = StageRows()
    update_rows.add(rows)
    record_events(actor=actor, events=[update_rows.event(
        Finding, f"open findings of '{campaign.name}' aged to today", seed, verb="update",
        statuses=dict(Counter(str(o.status) for o in moved.values())), acceptances=acceptance_rows.count)])
    return {"aged": len(moved), "still_open": len(outcomes) - len(moved)}


def programme_figures(*, today: dt.date) -> dict[str, Any]:
    """What a CISO would check first: suppliers with an assessment accepted in the last twelve months
    (the dashboard's definition), the years the accepted assessments span, and the overdue share of
    the open findings."""
    start = timezone.make_aware(dt.datetime.combine(one_year_before(today), dt.time.min))
    accepted = Assessment.objects.filter(status="accepted")
    open_ = Finding.objects.filter(status__in=OPEN_STATUSES)
    overdue = open_.filter(due_date__lt=today).count()
    years = sorted({timezone.localtime(a).year for a in accepted.values_list("accepted_at", flat=True)})
    return {"suppliers": Supplier.objects.count(),
            "suppliers_assessed_12_months": accepted.filter(accepted_at__gte=start).values("supplier_id").distinct().count(),
            "accepted_years": years, "open_findings": open_.count(), "overdue_findings": overdue,
            "overdue_share": round(overdue / open_.count(), 3) if open_.exists() else 0.0}


# --- rows ------------------------------------------------------------------------------------------

def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(9, 0), tzinfo=dt.UTC)


def _draw(rng: random.Random, questions: list[Question], profile,
          plan: PlannedAssessment) -> tuple[dict[int, Any], set[int]]:
    """The answers as the portal stores them (only shown questions, half of them for a draft in
    progress) and the questions shown."""
    answered_on = (plan.submitted or plan.invited or plan.created).date()
    values = draw_answers(rng, questions, profile, quality=plan.quality, today=answered_on)
    shown = portal.visible_question_ids(questions, values)
    values = {qid: v for qid, v in values.items() if qid in shown}
    if plan.status == "in_progress":
        values = dict(list(values.items())[: len(values) // 2])
    return values, shown


def _assessment_row(plan: PlannedAssessment, campaign_id: int, template_id: int, questions, values, shown,
                    profile, reviewer, rng: random.Random) -> tuple:
    score = inherent = residual = None
    if plan.status in SCORED_STATES:
        # As portal.assessment_score computes it on the stored answers.
        score = scoring.coverage_score([scoring.ScoredQuestion(q.pk, q.weight, q.pk in shown) for q in questions
                                        if q.answer_type == AnswerType.YES_NO_PARTIAL_NA], values).score
        current = profile.inherent_score if profile and profile.inherent_score is not None else None
        # The inherent risk moves a little over the years (exposure changes); today's for the last year.
        if current is not None and plan.created.date() < timezone.localdate() - dt.timedelta(days=365):
            current = round(min(100.0, max(0.0, current + rng.gauss(0, 4))), 2)
        inherent = current
        residual = scoring.residual_risk(inherent=inherent, score=score)
    accepted = plan.status == "accepted"
    last = plan.accepted or plan.returned or plan.submitted or plan.invited or plan.created
    return (plan.supplier_id, template_id, campaign_id, plan.status, plan.due, score, inherent, residual, plan.invited,
            plan.submitted, plan.returned, plan.accepted,
            reviewer.pk if plan.status in ("returned", "accepted") else None, accepted, plan.created, last,
            2 if plan.returned else 1)  # a return opens round 2


class _Gap:
    """The fields of a finding the bulk insert needs (a model instance per finding was most of the cost)."""

    __slots__ = ("supplier_id", "assessment_id", "question_id", "source", "severity", "title", "detail", "due_date",
                 "created_at")

    def __init__(self, **values):
        for name, value in values.items():
            setattr(self, name, value)


def _gap_findings(assessment_id: int, supplier_id: int, scored: list[Question], values: dict[int, Any],
                  shown: set[int], tier: int | None, accepted_on: dt.date) -> list[_Gap]:
    """What remediation.gap_findings raises (same rule, same severity and due functions; the demo's
    test compares the two on a sample): each shown, weighted yes/no/partial question answered no,
    partial or not at all."""
    gaps = []
    for question in scored:
        value = values.get(question.pk)
        if question.pk not in shown or value in ("yes", "na"):
            continue
        severity = gap_severity(weight=question.weight, tier=tier, partial=value == "partial")
        answered = {"no": "answered no", "partial": "answered partially"}.get(value, "left unanswered")
        gaps.append(_Gap(supplier_id=supplier_id, assessment_id=assessment_id, question_id=question.pk,
                         source=FindingSource.ASSESSMENT.value, severity=severity,
                         title=f"{question.code}: {question.text[:300]}",
                         detail=f"Gap in assessment {assessment_id}: {answered}.",
                         due_date=accepted_on + dt.timedelta(days=due_days(severity))))
    return gaps


def _fate_values(o: Fate, actor, approver) -> list:
    accepted = o.status in ACCEPTANCE_STATUSES
    closed = o.status == FindingStatus.VERIFIED_CLOSED
    return [str(o.status), o.remediation_plan, o.remediation_due, o.closed_at, o.closure_note,
            (actor.pk if closed else None), (approver.pk if accepted else None), o.acceptance_reason,
            o.acceptance_expires, o.closed_at or o.decided_at]


def _finding_row(f: Finding, o: Fate, actor, approver) -> tuple:
    status, plan, plan_due, closed_at, note, verifier, acc_by, reason, expires, changed = _fate_values(o, actor, approver)
    return (f.supplier_id, f.assessment_id, f.question_id, f.source, f.severity, f.title, f.detail, f.due_date,
            status, "", "", plan, plan_due, closed_at, note, verifier, acc_by, reason, expires, f.created_at,
            changed or f.created_at)


def _acceptance_row(finding_id: int, raised: dt.datetime, o: Fate, actor, approver) -> tuple:
    asked = min(raised + dt.timedelta(days=7), o.decided_at)
    return (finding_id, str(o.status), o.acceptance_reason, o.acceptance_expires, actor.pk, "approved", approver.pk,
            o.decided_at, o.decision_note, asked, o.decided_at)


__all__ = ["OPEN_STATUSES", "age_open_findings", "load_programme", "supplier_facts"]
