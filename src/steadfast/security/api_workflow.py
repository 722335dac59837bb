"""REST API of the assessment workflow (/api/v1/security/...): campaigns, assessments, answers,
review, findings and figures. Mounted beside security's own router."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from steadfast.core.api.auth import policy
from steadfast.core.api.schemas import ListQuery, Page, StrictSchema, order, paginate
from steadfast.security.models import QuestionnaireTemplate
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.models.findings import FindingStatus, Severity
from steadfast.security.selectors import dashboard as stats
from steadfast.security.selectors import workflow as select
from steadfast.security.services import campaigns as campaign_service
from steadfast.security.services import portal, remediation, review

router = Router(tags=["security workflow"])


class CampaignOut(Schema):
    id: int
    name: str
    template_id: int
    due_date: dt.date
    status: str
    filter: dict[str, Any]
    total: int = 0
    submitted: int = 0
    accepted: int = 0


class CampaignIn(StrictSchema):
    name: str = Field(..., max_length=255)
    template_id: int
    due_date: dt.date
    filter: dict[str, Any] = Field(default_factory=dict, description="tier, country, category, due")


class LaunchIn(StrictSchema):
    invite: bool = True


class JobOut(Schema):
    job_id: int


class AssessmentOut(Schema):
    id: int
    supplier_id: int
    template_id: int
    campaign_id: int | None
    status: str
    due_date: dt.date | None
    score: float | None
    inherent_score: float | None
    residual_risk: float | None
    submitted_at: dt.datetime | None
    accepted_at: dt.datetime | None
    locked: bool


class AssessmentQuery(ListQuery):
    status: AssessmentStatus | None = None
    campaign_id: int | None = None
    supplier_id: int | None = None


# Bodies of object routes keep their fields optional so that an object outside the caller's scope
# answers 404 before the body is judged; the services then name what is missing.
class AnswersIn(StrictSchema):
    answers: dict[str, Any] = Field(default_factory=dict, description="question code → value")
    comments: dict[str, str] = Field(default_factory=dict)


class SavedOut(Schema):
    changed: int


class ReturnIn(StrictSchema):
    comments: dict[str, str] = Field(..., description="question code → what to change")
    note: str = ""


class FindingOut(Schema):
    id: int
    supplier_id: int
    assessment_id: int | None
    source: str
    severity: str
    status: str
    title: str
    cve: str
    due_date: dt.date | None
    remediation_plan: str
    remediation_due: dt.date | None
    closed_at: dt.datetime | None
    acceptance_expires: dt.date | None


class FindingQuery(ListQuery):
    status: FindingStatus | None = None
    severity: Severity | None = None
    supplier_id: int | None = None
    overdue: bool = False


class PlanIn(StrictSchema):
    remediation_plan: str = Field("", max_length=10000)
    remediation_due: dt.date | None = None


class CloseIn(StrictSchema):
    note: str = ""


class AcceptRiskIn(StrictSchema):
    kind: FindingStatus = FindingStatus.RISK_ACCEPTED
    reason: str
    expires: dt.date


class FiguresQuery(Schema):
    start: dt.date | None = None  # default: one year before `end`
    end: dt.date | None = None  # default: today


@router.get("/security/campaigns", response=Page[CampaignOut], auth=policy("security", "view"))
def list_campaigns(request, query: Query[ListQuery]):
    qs = select.campaigns(user=request.auth)
    if query.search:
        qs = qs.filter(name__icontains=query.search)
    return paginate(order(qs, query.ordering, ("name", "due_date", "created_at"), "-created_at"), query)


@router.post("/security/campaigns", response={201: CampaignOut}, auth=policy("security", "change"))
def create_campaign(request, body: CampaignIn):
    template = get_object_or_404(QuestionnaireTemplate, pk=body.template_id)
    campaign = campaign_service.create_campaign(actor=request.auth, name=body.name, template=template,
                                                due_date=body.due_date, filter=body.filter)
    return 201, select.get_campaign(user=request.auth, campaign_id=campaign.pk)


@router.get("/security/campaigns/{campaign_id}", response=CampaignOut, auth=policy("security", "view"))
def get_campaign(request, campaign_id: int):
    return select.get_campaign(user=request.auth, campaign_id=campaign_id)


@router.post("/security/campaigns/{campaign_id}/launch", response={202: JobOut}, auth=policy("security", "change"))
def launch_campaign(request, campaign_id: int, body: LaunchIn):
    campaign = select.get_campaign(user=request.auth, campaign_id=campaign_id)
    job = campaign_service.launch_campaign(actor=request.auth, campaign=campaign, invite=body.invite)
    return 202, {"job_id": job.pk}


@router.get("/security/assessments", response=Page[AssessmentOut], auth=policy("security.portal", "view"))
def list_assessments(request, query: Query[AssessmentQuery]):
    qs = select.assessments(user=request.auth, status=query.status, campaign_id=query.campaign_id,
                            supplier_id=query.supplier_id)
    return paginate(order(qs, query.ordering, ("due_date", "created_at", "score", "residual_risk"), "-created_at"), query)


@router.get("/security/assessments/{assessment_id}", response=AssessmentOut, auth=policy("security.portal", "view"))
def get_assessment(request, assessment_id: int):
    return select.get_assessment(user=request.auth, assessment_id=assessment_id)


def _by_code(assessment, mapping: dict[str, Any]) -> dict[int, Any]:
    codes = {q.code: q.pk for q in portal.template_questions(assessment)}
    unknown = [code for code in mapping if code not in codes]
    if unknown:
        raise HttpError(422, f"question {unknown[0]!r} is not in this questionnaire")
    return {codes[code]: value for code, value in mapping.items()}


@router.post("/security/assessments/{assessment_id}/answers", response=SavedOut, auth=policy("security.portal", "change"))
def save_answers(request, assessment_id: int, body: AnswersIn):
    assessment = select.get_assessment(user=request.auth, assessment_id=assessment_id)
    changed = portal.save_answers(actor=request.auth, assessment=assessment, raw_values=_by_code(assessment, body.answers),
                                  comments=_by_code(assessment, body.comments))
    return {"changed": changed}


@router.post("/security/assessments/{assessment_id}/submit", response=AssessmentOut,
             auth=policy("security.portal", "change"))
def submit(request, assessment_id: int):
    assessment = select.get_assessment(user=request.auth, assessment_id=assessment_id)
    return portal.submit_assessment(actor=request.auth, assessment=assessment)


@router.post("/security/assessments/{assessment_id}/return", response=AssessmentOut,
             auth=policy("security.review", "change"))
def return_assessment(request, assessment_id: int, body: ReturnIn):
    assessment = select.get_assessment(user=request.auth, assessment_id=assessment_id)
    return review.return_assessment(actor=request.auth, assessment=assessment,
                                    comments=_by_code(assessment, body.comments), note=body.note)


@router.post("/security/assessments/{assessment_id}/accept", response=AssessmentOut,
             auth=policy("security.review", "change"))
def accept(request, assessment_id: int):
    assessment = select.get_assessment(user=request.auth, assessment_id=assessment_id)
    return review.accept_assessment(actor=request.auth, assessment=assessment)


@router.get("/security/findings", response=Page[FindingOut], auth=policy("security.portal", "view"))
def list_findings(request, query: Query[FindingQuery]):
    qs = select.findings(user=request.auth, status=query.status, severity=query.severity,
                         supplier_id=query.supplier_id, overdue=query.overdue)
    return paginate(order(qs, query.ordering, ("due_date", "created_at", "severity"), "due_date"), query)


@router.get("/security/findings/{finding_id}", response=FindingOut, auth=policy("security.portal", "view"))
def get_finding(request, finding_id: int):
    return select.get_finding(user=request.auth, finding_id=finding_id)


@router.post("/security/findings/{finding_id}/plan", response=FindingOut, auth=policy("security.portal", "change"))
def plan(request, finding_id: int, body: PlanIn):
    finding = select.get_finding(user=request.auth, finding_id=finding_id)
    return remediation.plan_remediation(actor=request.auth, finding=finding, plan=body.remediation_plan,
                                        due=body.remediation_due)


@router.post("/security/findings/{finding_id}/close", response=FindingOut, auth=policy("security.review", "change"))
def close(request, finding_id: int, body: CloseIn):
    finding = select.get_finding(user=request.auth, finding_id=finding_id)
    return remediation.close_finding(actor=request.auth, finding=finding, note=body.note)


@router.post("/security/findings/{finding_id}/accept-risk", response=FindingOut, auth=policy("security.review", "change"))
def accept_risk(request, finding_id: int, body: AcceptRiskIn):
    finding = select.get_finding(user=request.auth, finding_id=finding_id)
    return remediation.accept_risk(actor=request.auth, finding=finding, kind=body.kind, approver=request.auth,
                                   reason=body.reason, expires=body.expires)


@router.get("/security/figures", response=dict, auth=policy("security", "view"))
def figures(request, query: Query[FiguresQuery]):
    end = query.end or timezone.localdate()
    start = query.start or stats.one_year_before(end)
    if end < start:
        raise HttpError(422, "end is before start")
    return stats.figures(user=request.auth, start=start, end=end)
