"""Background jobs of the privacy app: bulk sending of a DPA template; the daily expiry sweep."""

from __future__ import annotations

from steadfast.core.services.jobs import job_handler, start_job
from steadfast.core.services.schedule import every

SEND_JOB = "privacy.send_template"
SWEEP_JOB = "privacy.expiry"

every(SWEEP_JOB, "Daily DPA expiry: activation, 90/30-day reminders, renewal and expiry", hours=24)


def start_send_job(*, actor, template_id: int, category: str = "", country: str = ""):
    from steadfast.privacy.models import DpaTemplate

    template = DpaTemplate.objects.get(pk=template_id)
    label = f"Send {template} to suppliers without a DPA" + (f" ({category or ''} {country or ''})".rstrip() if
                                                             category or country else "")
    return start_job(actor=actor, kind=SEND_JOB, label=label[:255],
                     params={"template_id": template_id, "category": category, "country": country})


@job_handler(SEND_JOB)
def send_template_job(job, report) -> dict:
    from steadfast.privacy.models import DpaTemplate
    from steadfast.privacy.services.bulk import send_template, suppliers_without_dpa

    params = job.params
    ids = list(suppliers_without_dpa(category=params.get("category", ""), country=params.get("country", ""))
               .values_list("pk", flat=True))
    sent = send_template(actor=job.owner, template=DpaTemplate.objects.get(pk=params["template_id"]),
                         supplier_ids=ids, progress=report)
    return {"sent": sent}


@job_handler(SWEEP_JOB)
def expiry_job(job, report) -> dict:
    from steadfast.privacy.services.agreements import sweep_expiry

    return sweep_expiry(actor=None)
