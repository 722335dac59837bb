"""Recurring jobs (reminders, reassessments): the worker starts each one when it falls due.

Apps declare them with `every(kind, label, hours=...)` next to their job handlers. Whether a job is
due is read from the Job table itself (the last one of that kind), so any number of workers agree
and a restart neither skips nor repeats a run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from steadfast.core.models import AuditHead, Job
from steadfast.core.services.jobs import start_job


@dataclass(frozen=True)
class Recurring:
    kind: str
    label: str
    every: dt.timedelta


RECURRING: dict[str, Recurring] = {}


def every(kind: str, label: str, *, hours: float) -> None:
    RECURRING[kind] = Recurring(kind, label, dt.timedelta(hours=hours))


def due(now: dt.datetime | None = None) -> list[Recurring]:
    now = now or timezone.now()
    result = []
    for recurring in RECURRING.values():
        last = Job.objects.filter(kind=recurring.kind).order_by("-created_at").values_list("created_at", flat=True).first()
        if last is None or now - last >= recurring.every:
            result.append(recurring)
    return result


def start_due_jobs(now: dt.datetime | None = None) -> list[Job]:
    """Start every recurring job that is due. Concurrent workers serialise on the audit head row."""

    started = []
    with transaction.atomic():
        AuditHead.objects.select_for_update().filter(pk=1).first()  # one scheduler at a time
        for recurring in due(now):
            started.append(start_job(actor=None, kind=recurring.kind, label=recurring.label))
    return started
