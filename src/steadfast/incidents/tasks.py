"""Background work of the incidents app (django-tasks, run by `steadfast worker`)."""

from __future__ import annotations

from django_tasks import task

from steadfast.incidents.models import Incident


@task()
def deliver_webhooks() -> dict:
    # Imported here: services.notify imports deliver_webhooks from this module (a cycle).
    from steadfast.incidents.services.notify import deliver_due

    return deliver_due()


from steadfast.core.services.jobs import job_handler  # noqa: E402


@job_handler("incidents.supply_tts")
def supply_tts(job, report) -> dict:
    # Imported here: this module loads at start-up (the app registry registers the handlers), and
    # services.supply loads the engine and HiGHS, which no other manage.py command needs.
    from steadfast.incidents.services.supply import analyse_supplies, analyse_supply

    if "incidents" in job.params:  # several at once (the demo's supply disruptions)
        found = Incident.objects.in_bulk(job.params["incidents"])
        impacts = analyse_supplies(incidents=[found[pk] for pk in job.params["incidents"] if pk in found],
                                   report=report, job=job)
        return {"incidents": [{"ref": i.incident.ref, "tts_days": i.tts_days,
                               "expected_recovery_days": i.expected_recovery_days} for i in impacts]}
    impact = analyse_supply(incident=Incident.objects.get(pk=job.params["incident"]), report=report, job=job)
    return {"tts_days": impact.tts_days, "expected_recovery_days": impact.expected_recovery_days,
            "url": impact.incident.get_absolute_url()}
