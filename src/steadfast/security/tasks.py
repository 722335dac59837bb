"""Background jobs of the security app: a launched campaign's assessments and invitations, and the
daily reminders and reassessments. The core app imports every app's tasks.py at start-up, so the
worker knows these handlers."""

from __future__ import annotations

from django.urls import reverse

from steadfast.core.services.jobs import job_handler
from steadfast.core.services.schedule import every
from steadfast.security.models import Campaign
from steadfast.security.services.campaign_actions import CAMPAIGN_ACTION_JOB, run_campaign_emails
from steadfast.security.services.campaigns import CAMPAIGN_JOB, populate_campaign, schedule_reassessments
from steadfast.security.services.invitations import invite_campaign
from steadfast.security.services.remediation import reopen_expired_acceptances
from steadfast.security.services.reminders import send_finding_reminders, send_reminders

every("security.reminders", "Daily questionnaire and finding reminders, expired risk acceptances", hours=24)
every("security.reassessments", "Daily reassessment scheduling from the tier cadence", hours=24)


@job_handler(CAMPAIGN_JOB)
def run_campaign(job, report) -> dict:
    """Create the campaign's assessments in bulk, then (optionally) invite the suppliers' contacts."""
    campaign = Campaign.objects.get(pk=job.params["campaign_id"])
    result = populate_campaign(actor=job.owner, campaign=campaign, report=report)
    if job.params.get("invite", True):
        result.update(invite_campaign(actor=job.owner, campaign=campaign, report=report))
    result["url"] = reverse("security:campaign", args=[campaign.pk])
    return result


@job_handler(CAMPAIGN_ACTION_JOB)
def run_campaign_action(job, report) -> dict:
    """A programme manager's bulk invitation or reminder of a running campaign's suppliers."""
    campaign = Campaign.objects.get(pk=job.params["campaign_id"])
    result = run_campaign_emails(actor=job.owner, campaign=campaign, action=job.params["action"], report=report)
    result["url"] = reverse("security:campaign", args=[campaign.pk])
    return result


@job_handler("security.reminders")
def run_reminders(job, report) -> dict:
    """Daily: questionnaire reminders before due dates and when overdue; expired risk acceptances
    reopened; reminders of findings overdue or due soon."""
    result = send_reminders(actor=job.owner, report=report)
    result["acceptances_reopened"] = reopen_expired_acceptances(actor=job.owner)
    result.update(send_finding_reminders(actor=job.owner, report=report))
    return result


@job_handler("security.reassessments")
def run_reassessments(job, report) -> dict:
    """Daily: suppliers whose reassessment date has come get their tier's questionnaire, and their
    contacts are invited."""
    report(0, 1, "scheduling reassessments")
    result = schedule_reassessments(actor=job.owner, invite=True, report=report)
    report(1, 1, f"{result['created']} reassessments created, {result.get('emails', 0)} emails")
    return result
