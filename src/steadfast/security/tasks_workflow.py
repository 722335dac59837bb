"""Background jobs of the assessment workflow (imported by security's tasks so the worker knows them)."""

from __future__ import annotations

from steadfast.core.services.jobs import job_handler


def _owner(job):
    return job.owner


@job_handler("security.campaign")
def run_campaign(job, report) -> dict:
    """Create the campaign's assessments in bulk, then (optionally) invite the suppliers' contacts."""
    from django.urls import reverse

    from steadfast.security.models import Campaign
    from steadfast.security.services.campaigns import populate_campaign
    from steadfast.security.services.invitations import invite_campaign

    campaign = Campaign.objects.get(pk=job.params["campaign_id"])
    result = populate_campaign(actor=_owner(job), campaign=campaign, report=report)
    if job.params.get("invite", True):
        result.update(invite_campaign(actor=_owner(job), campaign=campaign, report=report))
    result["url"] = reverse("security:campaign", args=[campaign.pk])
    return result


@job_handler("security.reminders")
def run_reminders(job, report) -> dict:
    """Daily: questionnaire reminders before due dates and when overdue; expired risk acceptances
    reopened; reminders of findings overdue or due soon."""
    from steadfast.security.services.remediation import reopen_expired_acceptances
    from steadfast.security.services.reminders import send_finding_reminders, send_reminders

    result = send_reminders(actor=_owner(job), report=report)
    result["acceptances_reopened"] = reopen_expired_acceptances(actor=_owner(job))
    result.update(send_finding_reminders(actor=_owner(job), report=report))
    return result


@job_handler("security.reassessments")
def run_reassessments(job, report) -> dict:
    from steadfast.security.services.campaigns import schedule_reassessments

    """Daily: suppliers whose reassessment date has come get their tier's questionnaire, and their
    contacts are invited."""
    report(0, 1, "scheduling reassessments")
    result = schedule_reassessments(actor=_owner(job), invite=True, report=report)
    report(1, 1, f"{result['created']} reassessments created, {result.get('emails', 0)} emails")
    return result
