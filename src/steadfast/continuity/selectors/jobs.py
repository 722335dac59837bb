"""The background jobs of this app that a page shows (a scenario's answer)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from steadfast.continuity.selectors.common import visible
from steadfast.continuity.services.scenarios import SCENARIO_JOB_KIND
from steadfast.core.models import Job


def scenario_job(*, user, job_id: int) -> Job:
    return get_object_or_404(visible(Job.objects.filter(kind=SCENARIO_JOB_KIND), user=user), pk=job_id)
