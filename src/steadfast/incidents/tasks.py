"""Background work of the incidents app (django-tasks, run by `steadfast worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def deliver_webhooks() -> dict:
    from steadfast.incidents.services.notify import deliver_due

    return deliver_due()


from steadfast.core.services.jobs import job_handler  # noqa: E402


@job_handler("incidents.supply_tts")
def supply_tts(job, report) -> dict:
    from steadfast.incidents.models import Incident
    from steadfast.incidents.services.supply import analyse_supply

    impact = analyse_supply(incident=Incident.objects.get(pk=job.params["incident"]), report=report, job=job)
    return {"tts_days": impact.tts_days, "expected_recovery_days": impact.expected_recovery_days,
            "url": impact.incident.get_absolute_url()}
