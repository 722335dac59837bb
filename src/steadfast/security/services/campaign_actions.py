"""What a programme manager does to a running campaign, for all its assessments at once: invite the
drafts, remind those still waiting for the supplier, move the due date, close it. Invitations and
reminders send e-mail, so pages start them as a background job (CAMPAIGN_ACTION_JOB)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_event
from steadfast.core.services.jobs import start_job
from steadfast.security.models import Assessment, Campaign
from steadfast.security.models.assessments import AssessmentStatus, CampaignStatus
from steadfast.security.services.invitations import email_contacts, invite_campaign

CAMPAIGN_ACTION_JOB = "security.campaign_action"
EMAIL_ACTIONS = {"invite": "Invite the suppliers still in draft", "remind": "Remind the suppliers who have not submitted"}
# The supplier still has the questionnaire in hand.
WAITING = (AssessmentStatus.INVITED, AssessmentStatus.IN_PROGRESS, AssessmentStatus.RETURNED)
OPEN = (AssessmentStatus.DRAFT, *WAITING)


def _running(campaign: Campaign) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.RUNNING:
        raise ValidationError({"status": f"campaign {campaign.pk} is {campaign.get_status_display().lower()}, "
                                         "not running"})
    return campaign


def start_campaign_emails(*, actor, campaign: Campaign, action: str):
    """Start the job that invites the drafts or reminds the waiting suppliers; refused (changing
    nothing) when the campaign is not running or nobody would get an e-mail."""
    if action not in EMAIL_ACTIONS:
        raise ValidationError({"action": f"choose {' or '.join(EMAIL_ACTIONS)}"})
    with transaction.atomic():
        campaign = _running(campaign)
        statuses = [AssessmentStatus.DRAFT] if action == "invite" else list(WAITING)
        if not campaign.assessments.filter(status__in=statuses).exists():
            raise ValidationError({"action": "no assessment of this campaign is "
                                             + ("in draft" if action == "invite" else "waiting for its supplier")})
        return start_job(actor=actor, kind=CAMPAIGN_ACTION_JOB, label=f"{EMAIL_ACTIONS[action]}: {campaign.name}",
                         params={"campaign_id": campaign.pk, "action": action})


def remind_campaign(*, actor, campaign: Campaign, report=None) -> dict[str, int]:
    """E-mail the contacts of every supplier the campaign still waits for; one audit event each.
    Suppliers without contacts are counted, not fatal."""
    waiting = list(campaign.assessments.filter(status__in=WAITING).select_related("supplier").order_by("pk"))
    counts = {"reminded": 0, "emails": 0, "without_contacts": 0}
    for n, assessment in enumerate(waiting, 1):
        due = assessment.due_date.isoformat() if assessment.due_date else "soon"
        try:
            with transaction.atomic():
                sent = email_contacts(actor=actor, assessment=assessment,
                                      subject=f"Reminder: security questionnaire for {assessment.supplier} (due {due})",
                                      intro=f"Our security questionnaire is due on {due}. Please complete and submit it.")
                record_event(actor=actor, verb="remind_campaign", instance=assessment, changes={"emails": [None, sent]})
        except ValidationError:
            counts["without_contacts"] += 1
            continue
        counts["reminded"] += 1
        counts["emails"] += sent
        if report:
            report(n, len(waiting), f"{n:,} of {len(waiting):,} suppliers reminded")
    return counts


def run_campaign_emails(*, actor, campaign: Campaign, action: str, report=None) -> dict[str, int]:
    if action == "invite":
        return invite_campaign(actor=actor, campaign=campaign, report=report)
    return remind_campaign(actor=actor, campaign=campaign, report=report)


def extend_campaign(*, actor, campaign: Campaign, due_date: dt.date | None, today: dt.date | None = None) -> int:
    """Move the campaign's due date, and that of every assessment still open, to `due_date` (later
    than both today and the current date). Returns the assessments moved."""
    today = today or timezone.localdate()
    with transaction.atomic():
        campaign = _running(campaign)
        if due_date is None:
            raise ValidationError({"due_date": "give the new due date (YYYY-MM-DD)"})
        if due_date <= max(today, campaign.due_date):
            raise ValidationError({"due_date": f"the new due date must be after {max(today, campaign.due_date):%Y-%m-%d}"})
        before = campaign.due_date
        crud.update(actor=actor, instance=campaign, due_date=due_date)
        moved = 0
        for assessment in campaign.assessments.select_for_update().filter(status__in=OPEN):
            crud.update(actor=actor, instance=assessment, due_date=due_date)
            moved += 1
        record_event(actor=actor, verb="extend", instance=campaign,
                     changes={"due_date": [before.isoformat(), due_date.isoformat()], "assessments": [None, moved]})
        return moved


def close_campaign(*, actor, campaign: Campaign, reason: str) -> Campaign:
    """Close a running campaign with a reason. Assessments already submitted stay for review;
    those still open stay with their suppliers but the campaign takes no new ones."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "say why the campaign is closed"})
    with transaction.atomic():
        campaign = _running(campaign)
        still_open = campaign.assessments.filter(status__in=OPEN).count()
        campaign = crud.update(actor=actor, instance=campaign, status=CampaignStatus.CLOSED)
        record_event(actor=actor, verb="close", instance=campaign,
                     changes={"reason": [None, reason[:2000]], "assessments_open": [None, still_open]})
        return campaign


def campaign_assessments(*, campaign: Campaign):
    """The rows of the campaign export (the campaign was read in the user's scope)."""
    return (Assessment.objects.filter(campaign=campaign).select_related("supplier", "template")
            .order_by("supplier__ref"))
