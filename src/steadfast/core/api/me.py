"""The caller's own account: who am I, my jobs."""

from __future__ import annotations

import datetime as dt

from ninja import Router, Schema

from steadfast.core import selectors
from steadfast.core.api.auth import policy
from steadfast.core.policy import POLICY, can

router = Router(tags=["account"])


class MeOut(Schema):
    username: str
    role: str
    supplier_id: int | None
    customer_id: int | None
    permissions: dict[str, list[str]]


@router.get("/me", response=MeOut, auth=policy("profile", "view"))
def me(request):
    user = request.user
    permissions = {d: sorted(a for a in ("view", "change") if can(user, d, a)) for d in POLICY}
    return {"username": user.username, "role": user.role, "supplier_id": user.supplier_id,
            "customer_id": user.customer_id, "permissions": {d: a for d, a in permissions.items() if a}}


class JobOut(Schema):
    id: int
    kind: str
    label: str
    status: str
    done: int
    total: int
    percent: int
    message: str
    result: dict
    created_at: dt.datetime
    finished_at: dt.datetime | None


@router.get("/jobs", response=list[JobOut], auth=policy("jobs", "view"))
def jobs(request):
    return list(selectors.jobs_for(user=request.user)[:100])


@router.get("/jobs/{job_id}", response=JobOut, auth=policy("jobs", "view"))
def job(request, job_id: int):
    return selectors.job(user=request.user, job_id=job_id)
