"""Reads of the assessment workflow, each scoped to the user (supplier respondents see only their
own supplier's assessments, evidence and findings; anything else answers 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.core.models import AuditEvent, Job, User
from steadfast.core.roles import Role
from steadfast.core.scoping import scoped
from steadfast.network.models import Supplier
from steadfast.security.models import (
    Answer,
    Assessment,
    Campaign,
    Evidence,
    Finding,
    Question,
    QuestionnaireTemplate,
)
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.models.findings import OPEN_STATUSES
from steadfast.security.models.questionnaires import AnswerType, TemplateStatus
from steadfast.security.services.campaigns import CAMPAIGN_JOB
from steadfast.security.services.portal import visible_question_ids

# Who may approve a risk acceptance (the service checks the policy again).
APPROVER_ROLES = (Role.ADMINISTRATOR, Role.RISK_ANALYST)


def _question_count() -> Subquery:
    counts = (Question.objects.filter(template=OuterRef("template")).order_by().values("template")
              .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _answered_count() -> Subquery:
    # A correlated count rather than a join: a page of a list of thousands of assessments (each with
    # dozens of answers) then counts the answers of its own rows only.
    counts = (Answer.objects.filter(assessment=OuterRef("pk"), value__isnull=False).order_by().values("assessment")
              .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def assessments(*, user, status: str | None = None, campaign_id: int | None = None, supplier_id: int | None = None,
                only_assessment_id: int | None = None) -> QuerySet:
    qs = scoped(Assessment.objects.all(), user=user, supplier="supplier") if only_assessment_id is None \
        else Assessment.objects.filter(pk=only_assessment_id)
    if status:
        qs = qs.filter(status=status)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if supplier_id:
        qs = qs.filter(supplier_id=supplier_id)
    return (qs.select_related("supplier", "template", "campaign", "reviewer")
            .annotate(answered=_answered_count(), questions=_question_count()))


def get_assessment(*, user, assessment_id: int, only_assessment_id: int | None = None) -> Assessment:
    """One assessment in scope; a magic-link visitor (only_assessment_id) reaches that one only."""
    qs = assessments(user=user, only_assessment_id=only_assessment_id)
    if only_assessment_id is not None and assessment_id != only_assessment_id:
        qs = qs.none()
    return get_object_or_404(qs, pk=assessment_id)


def questions_of(*, assessment: Assessment, ids=None) -> QuerySet[Question]:
    """The questions of an assessment's questionnaire (the assessment itself was read in scope);
    `ids` keeps those only."""
    qs = Question.objects.filter(template_id=assessment.template_id)
    return qs if ids is None else qs.filter(pk__in=ids)


def question_of(*, assessment: Assessment, question_id: int) -> Question | None:
    return questions_of(assessment=assessment).filter(pk=question_id).first()


def review_queue(*, user) -> QuerySet:
    return assessments(user=user, status=AssessmentStatus.SUBMITTED).order_by("submitted_at", "pk")


@dataclass
class SheetRow:
    question: Question
    answer: Answer | None
    value: Any
    visible: bool
    evidence: list[Evidence] = field(default_factory=list)
    error: str = ""
    controls: bool = False  # other questions depend on this one's answer


def answer_sheet(*, assessment: Assessment, overrides: dict[int, Any] | None = None,
                 errors: dict[str, str] | None = None) -> list[SheetRow]:
    """Every question of the assessment with its answer, evidence and visibility (three queries).
    `overrides` are unsaved values (the form being edited) that decide visibility."""
    questions = list(Question.objects.filter(template_id=assessment.template_id).order_by("order")
                     .select_related("condition_question"))
    answers = {a.question_id: a for a in Answer.objects.filter(assessment=assessment)}
    values = {qid: a.value for qid, a in answers.items()}
    values.update(overrides or {})
    visible = visible_question_ids(questions, values)
    evidence: dict[int | None, list[Evidence]] = {}
    for item in Evidence.objects.filter(assessment=assessment).order_by("created_at"):
        evidence.setdefault(item.question_id, []).append(item)
    errors = errors or {}
    parents = {q.condition_question_id for q in questions if q.condition_question_id}
    return [SheetRow(question=q, answer=answers.get(q.pk), value=values.get(q.pk), visible=q.pk in visible,
                     evidence=evidence.get(q.pk, []), error=errors.get(q.code, ""), controls=q.pk in parents)
            for q in questions]


def progress(*, assessment: Assessment) -> dict[str, int]:
    """Answered vs shown questions (an evidence question counts as answered once a file is attached)."""
    return progress_of(assessments=[assessment])[assessment.pk]


def progress_of(*, assessments: list[Assessment]) -> dict[int, dict[str, int]]:
    """assessment id → {"answered", "shown", "percent"}: the one definition of a questionnaire's
    progress, for the answering page and every list that shows "answered / shown" (three queries
    for any number of assessments, already read in scope)."""
    if not assessments:
        return {}
    ids = [a.pk for a in assessments]
    questions: dict[int, list[Question]] = {}
    for question in Question.objects.filter(template_id__in={a.template_id for a in assessments}).order_by("order"):
        questions.setdefault(question.template_id, []).append(question)
    values: dict[int, dict[int, Any]] = {pk: {} for pk in ids}
    for assessment_id, question_id, value in Answer.objects.filter(assessment_id__in=ids).values_list(
            "assessment_id", "question_id", "value"):
        values[assessment_id][question_id] = value
    files: dict[int, set[int]] = {pk: set() for pk in ids}
    for assessment_id, question_id in (Evidence.objects.filter(assessment_id__in=ids, question__isnull=False)
                                       .values_list("assessment_id", "question_id")):
        files[assessment_id].add(question_id)
    result = {}
    for assessment in assessments:
        listed, given = questions.get(assessment.template_id, []), values[assessment.pk]
        visible = visible_question_ids(listed, given)
        # A file answers an evidence question; on any other question it supports the answer, which
        # is still needed (the same rule as submitting: services.portal.missing_required).
        answered = sum(1 for q in listed if q.pk in visible
                       and (given.get(q.pk) not in (None, "", [])
                            or (q.answer_type == AnswerType.EVIDENCE_FILE and q.pk in files[assessment.pk])))
        shown = len(visible)
        result[assessment.pk] = {"answered": answered, "shown": shown,
                                 "percent": round(100 * answered / shown) if shown else 100}
    return result


def with_progress(assessments) -> list[Assessment]:
    """The assessments as a list, each with its `progress` (see progress_of)."""
    rows = list(assessments)
    found = progress_of(assessments=rows)
    for row in rows:
        row.progress = found[row.pk]
    return rows


def get_evidence(*, user, evidence_id: int, only_assessment_id: int | None = None,
                 only_supplier_id: int | None = None) -> Evidence:
    """One evidence file in scope. A magic-link visitor reaches the files of its link's assessment
    (only_assessment_id, if any) and the files kept with its supplier's findings (only_supplier_id)."""
    if only_assessment_id is not None or only_supplier_id is not None:
        q = Q(assessment_id=only_assessment_id) if only_assessment_id is not None else Q(pk__in=[])
        if only_supplier_id is not None:
            of_finding = Finding.objects.filter(supplier_id=only_supplier_id, assessment=OuterRef("assessment"),
                                                question=OuterRef("question"))
            q |= Q(assessment__supplier_id=only_supplier_id) & Q(Exists(of_finding))
        qs = Evidence.objects.filter(q)
    else:
        qs = scoped(Evidence.objects.all(), user=user, supplier="assessment__supplier")
    return get_object_or_404(qs.select_related("assessment"), pk=evidence_id)


def history(*, assessment: Assessment) -> QuerySet:
    """The assessment's status history: its audit events (created, answered, submitted, returned...)."""
    return AuditEvent.objects.filter(object_type="security.assessment", object_id=str(assessment.pk)).order_by("seq")


def status_changes(*, assessment: Assessment) -> list[dict[str, Any]]:
    rows = []
    for event in history(assessment=assessment):
        change = (event.changes or {}).get("status")
        if change:
            rows.append({"at": event.occurred_at, "by": event.actor_label, "from": change[0], "to": change[1],
                         "verb": event.verb})
    return rows


def campaigns(*, user, search: str = "") -> QuerySet:
    # Respondents see no campaigns (no supplier path): they see their assessments in the portal.
    qs = scoped(Campaign.objects.all(), user=user)
    if search:
        qs = qs.filter(name__icontains=search)
    return qs.select_related("template", "created_by").annotate(
        total=Count("assessments"),
        submitted=Count("assessments", filter=Q(assessments__status__in=[AssessmentStatus.SUBMITTED,
                                                                         AssessmentStatus.ACCEPTED])),
        accepted=Count("assessments", filter=Q(assessments__status=AssessmentStatus.ACCEPTED)),
    )


def get_campaign(*, user, campaign_id: int) -> Campaign:
    return get_object_or_404(campaigns(user=user), pk=campaign_id)


def campaign_job(*, user, campaign: Campaign) -> Job | None:
    """The newest background job that launched the campaign (seen by whoever sees campaigns)."""
    if campaign.launched_at is None:
        return None
    jobs = scoped(Job.objects.filter(kind=CAMPAIGN_JOB, params__campaign_id=campaign.pk), user=user)
    return jobs.order_by("-created_at").first()


def templates(*, user, published_only: bool = False) -> QuerySet[QuestionnaireTemplate]:
    """Questionnaires are reference data: every role of the security domain sees them, scoped roles none."""
    qs = scoped(QuestionnaireTemplate.objects.all(), user=user)
    if published_only:
        qs = qs.filter(status=TemplateStatus.PUBLISHED)
    return qs.order_by("name", "-version")


def get_template(*, user, template_id: int) -> QuestionnaireTemplate:
    return get_object_or_404(templates(user=user), pk=template_id)


def campaign_status_counts(*, campaign: Campaign) -> dict[str, int]:
    counts = dict(campaign.assessments.order_by().values_list("status").annotate(n=Count("pk")))
    return {status.value: counts.get(status.value, 0) for status in AssessmentStatus}


def findings(*, user, status: str | None = None, severity: str | None = None, supplier_id: int | None = None,
             overdue: bool = False, open_only: bool = False, today: dt.date | None = None,
             only_supplier_id: int | None = None, source: str | None = None) -> QuerySet:
    """Findings in scope; a magic-link visitor (only_supplier_id) sees those of its link's supplier."""
    base = Finding.objects.filter(supplier_id=only_supplier_id) if only_supplier_id is not None \
        else scoped(Finding.objects.all(), user=user, supplier="supplier")
    qs = base.select_related("supplier", "assessment", "question")
    if status:
        qs = qs.filter(status=status)
    if severity:
        qs = qs.filter(severity=severity)
    if source:
        qs = qs.filter(source=source)
    if supplier_id:
        qs = qs.filter(supplier_id=supplier_id)
    overdue_now = overdue_q(today or timezone.localdate())
    if open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if overdue:
        qs = qs.filter(overdue_now)
    return qs.annotate(is_overdue=Case(When(overdue_now, then=Value(True)), default=Value(False),
                                       output_field=BooleanField()))


def overdue_q(today: dt.date) -> Q:
    """Overdue: still open (or with a plan) and its due date has passed."""
    return Q(status__in=OPEN_STATUSES, due_date__lt=today)


def overdue_findings(*, user, today: dt.date | None = None) -> QuerySet:
    return findings(user=user, overdue=True, today=today).order_by("due_date", "pk")


def get_finding(*, user, finding_id: int, only_supplier_id: int | None = None) -> Finding:
    return get_object_or_404(findings(user=user, only_supplier_id=only_supplier_id), pk=finding_id)


def link_supplier(*, supplier_id: int) -> Supplier:
    """The supplier a magic link was issued for (the visitor's only supplier)."""
    return get_object_or_404(Supplier.objects.all(), pk=supplier_id)


def approvers(*, user) -> QuerySet[User]:
    """Accounts that may approve a risk acceptance (listed to reviewers on a finding's page)."""
    if user is None or not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(role__in=APPROVER_ROLES, is_active=True).order_by("username")


def approver(*, user, approver_id: int) -> User | None:
    return approvers(user=user).filter(pk=approver_id).first()


def finding_evidence(*, finding: Finding) -> list[Evidence]:
    if finding.assessment_id is None:
        return []
    return list(Evidence.objects.filter(assessment_id=finding.assessment_id, question_id=finding.question_id)
                .order_by("created_at"))
