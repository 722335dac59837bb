"""/security/campaigns: suppliers chosen by filter × a questionnaire × a due date, launched as a job."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Schema, Status

from steadfast.core.api.schemas import ListQuery, Page, StrictSchema, order, ordered, paginate
from steadfast.security.api.base import CHANGE, VIEW, WORKFLOW, router
from steadfast.security.selectors import workflow as select
from steadfast.security.services import campaigns as campaign_service


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


class CampaignLaunchOut(Schema):
    job_id: int = Field(description="the launch job: follow it at GET /jobs/{job_id}")


CAMPAIGN_ORDER = ("name", "due_date", "created_at")


@router.get("/security/campaigns", response=Page[CampaignOut], auth=VIEW, tags=WORKFLOW)
def list_campaigns(request, query: Query[ordered(ListQuery, CAMPAIGN_ORDER)]):
    qs = select.campaigns(user=request.user, search=query.search)
    return paginate(order(qs, query.ordering, CAMPAIGN_ORDER, "-created_at"), query)


@router.post("/security/campaigns", response={201: CampaignOut}, auth=CHANGE, tags=WORKFLOW)
def create_campaign(request, body: CampaignIn):
    template = select.get_template(user=request.user, template_id=body.template_id)
    campaign = campaign_service.create_campaign(actor=request.user, name=body.name, template=template,
                                                due_date=body.due_date, filter=body.filter)
    return Status(201, select.get_campaign(user=request.user, campaign_id=campaign.pk))


@router.get("/security/campaigns/{campaign_id}", response=CampaignOut, auth=VIEW, tags=WORKFLOW)
def get_campaign(request, campaign_id: int):
    return select.get_campaign(user=request.user, campaign_id=campaign_id)


@router.post("/security/campaigns/{campaign_id}/launch", response={202: CampaignLaunchOut}, auth=CHANGE, tags=WORKFLOW)
def launch_campaign(request, campaign_id: int, body: LaunchIn):
    campaign = select.get_campaign(user=request.user, campaign_id=campaign_id)
    job = campaign_service.launch_campaign(actor=request.user, campaign=campaign, invite=body.invite)
    return Status(202, {"job_id": job.pk})
