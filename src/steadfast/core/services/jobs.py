"""Background jobs with progress. The work runs in the django-tasks worker (`steadfast worker`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from steadfast.core.models import Job
from steadfast.core.services.audit import record_event

# kind -> callable(job, report) -> result dict. Apps register their long work here.
JOB_HANDLERS: dict[str, Callable[..., dict[str, Any]]] = {}


def job_handler(kind: str):
    def register(func):
        JOB_HANDLERS[kind] = func
        return func

    return register


def start_job(*, actor, kind: str, label: str, params: dict[str, Any] | None = None) -> Job:
    """Create the job row and enqueue it once the surrounding transaction commits."""
    from steadfast.core.tasks import run_job  # here: core.tasks imports this module (a cycle)

    if kind not in JOB_HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    with transaction.atomic():
        job = Job.objects.create(kind=kind, label=label, owner=actor, params=params or {})
        record_event(actor=actor, verb="start_job", instance=job, changes={"kind": [None, kind]})
        transaction.on_commit(lambda: _enqueue(job.pk, run_job))
    return job


def _enqueue(job_id: int, task) -> None:
    result = task.enqueue(job_id)
    Job.objects.filter(pk=job_id).update(task_result_id=str(result.id))


class ProgressReporter:
    """Handed to a job handler: `report(done, total, message)` persists progress cheaply."""

    def __init__(self, job: Job):
        self.job = job
        self._last_saved = 0.0

    def __call__(self, done: int, total: int | None = None, message: str = "") -> None:
        now = time.monotonic()
        if total is not None:
            self.job.total = total
        self.job.done = min(done, self.job.total) if self.job.total else done
        if message:
            self.job.message = message
        if now - self._last_saved > 0.3 or (self.job.total and done >= self.job.total):
            Job.objects.filter(pk=self.job.pk).update(done=self.job.done, total=self.job.total, message=self.job.message)
            self._last_saved = now


def run(job_id: int) -> dict[str, Any]:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        result = JOB_HANDLERS[job.kind](job, ProgressReporter(job))
    except Exception as exc:  # the job page must show why, the worker must keep going
        Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, message=str(exc)[:2000], finished_at=timezone.now())
        raise
    job.refresh_from_db(fields=["total"])
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, result=result or {}, done=job.total,
                                         finished_at=timezone.now())
    return result or {}
