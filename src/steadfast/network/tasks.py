"""Background jobs of the network app: imports run in the worker with visible progress."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.conf import settings

from steadfast.core.services.jobs import job_handler, start_job
from steadfast.core.services.schedule import every
from steadfast.network.importers import run_import
from steadfast.network.services.contract_notices import send_notice_reminders

IMPORT_JOB = "network.import"
UPLOAD_FOLDER = "imports"


def upload_path(name: str) -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER / name


def save_upload(upload) -> str:
    """Store an uploaded file under MEDIA_ROOT/imports/ with a random name; returns that name."""
    suffix = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
    name = f"{secrets.token_hex(16)}{suffix}"
    path = upload_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return name


def start_import_job(*, actor, kind: str, stored_name: str, filename: str, dry_run: bool):
    label = f"{'Check' if dry_run else 'Import'} {kind} from {filename}"
    return start_job(actor=actor, kind=IMPORT_JOB, label=label[:255],
                     params={"kind": kind, "file": stored_name, "filename": filename, "dry_run": dry_run})


@job_handler(IMPORT_JOB)
def import_file(job, report) -> dict:
    """Run one import in the worker; the report (errors, counts, per-row actions) is the job's result."""
    params = job.params
    path = upload_path(Path(params["file"]).name)  # a bare name: never a path out of the folder
    try:
        result = run_import(kind=params["kind"], path=path, actor=job.owner, dry_run=bool(params.get("dry_run")),
                            filename=params.get("filename", ""), progress=report)
    finally:
        path.unlink(missing_ok=True)
    return result.as_dict()


CONTRACT_NOTICES_JOB = "network.contract_notices"
every(CONTRACT_NOTICES_JOB, "Daily contract notice-deadline reminders", hours=24)


@job_handler(CONTRACT_NOTICES_JOB)
def run_contract_notices(job, report) -> dict:
    """Daily: e-mail each contract's owner before the last day notice can be given."""
    return send_notice_reminders(actor=job.owner, report=report)
