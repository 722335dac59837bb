"""Background jobs of the privacy app: bulk sending of a DPA template; the daily expiry sweep."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from steadfast.core.services.jobs import job_handler, start_job
from steadfast.core.services.schedule import every
from steadfast.privacy.importers import run_import
from steadfast.privacy.models import DpaTemplate
from steadfast.privacy.services.agreements import sweep_expiry
from steadfast.privacy.services.bulk import send_template, suppliers_without_dpa

SEND_JOB = "privacy.send_template"
IMPORT_JOB = "privacy.import"
SWEEP_JOB = "privacy.expiry"

every(SWEEP_JOB, "Daily DPA expiry: activation, 90/30-day reminders, renewal and expiry", hours=24)


def start_send_job(*, actor, template_id: int, category: str = "", country: str = ""):
    template = DpaTemplate.objects.get(pk=template_id)
    label = f"Send {template} to suppliers without a DPA" + (f" ({category or ''} {country or ''})".rstrip() if
                                                             category or country else "")
    return start_job(actor=actor, kind=SEND_JOB, label=label[:255],
                     params={"template_id": template_id, "category": category, "country": country})


@job_handler(SEND_JOB)
def send_template_job(job, report) -> dict:
    params = job.params
    ids = list(suppliers_without_dpa(category=params.get("category", ""), country=params.get("country", ""))
               .values_list("pk", flat=True))
    sent = send_template(actor=job.owner, template=DpaTemplate.objects.get(pk=params["template_id"]),
                         supplier_ids=ids, progress=report)
    return {"sent": sent, "url": _job_url(job)}


def _job_url(job) -> str:
    return reverse("privacy:job", args=[job.pk])


def start_import_job(*, actor, kind: str, upload, dry_run: bool):
    """Store the upload under MEDIA_ROOT/privacy/imports/ with a random name, then import it in the worker."""

    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    name = f"{secrets.token_hex(16)}{suffix}"
    path = Path(settings.MEDIA_ROOT) / "privacy" / "imports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    label = f"{'Check' if dry_run else 'Import'} {kind} from {upload.name}"
    return start_job(actor=actor, kind=IMPORT_JOB, label=label[:255],
                     params={"kind": kind, "file": name, "filename": upload.name, "dry_run": dry_run})


@job_handler(IMPORT_JOB)
def import_job(job, report) -> dict:
    params = job.params
    path = Path(settings.MEDIA_ROOT) / "privacy" / "imports" / Path(params["file"]).name  # a bare name only
    try:
        report(0, None, f"reading {params['filename']}")
        result = run_import(kind=params["kind"], path=path, actor=job.owner, dry_run=bool(params["dry_run"]))
    finally:
        path.unlink(missing_ok=True)
    return {"url": _job_url(job), "kind": result.kind, "rows": result.rows, "created": result.created,
            "dry_run": result.dry_run, "errors": result.errors[:1000], "error_count": result.error_count}


@job_handler(SWEEP_JOB)
def expiry_job(job, report) -> dict:
    return sweep_expiry(actor=None)
