"""Reads for the core domain. Every function takes the user and applies the policy and scope."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from steadfast.core.models import ApiToken, AuditEvent, AuditHead, Job, User
from steadfast.core.policy import VIEW, can


def _require(user, domain: str, action: str = VIEW) -> None:
    if not can(user, domain, action):
        raise PermissionDenied


def audit_events(*, user, actor: str = "", object_type: str = "", object_id: str = "", verb: str = "",
                 since: dt.date | None = None, until: dt.date | None = None, search: str = "") -> QuerySet[AuditEvent]:
    _require(user, "audit")
    events = AuditEvent.objects.all()
    if actor:
        events = events.filter(actor_label=actor)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_id:
        events = events.filter(object_id=object_id)
    if verb:
        events = events.filter(verb=verb)
    if since:
        events = events.filter(occurred_at__date__gte=since)
    if until:
        events = events.filter(occurred_at__date__lte=until)
    if search:
        events = events.filter(Q(object_label__icontains=search) | Q(actor_label__icontains=search))
    return events.order_by("-seq")


def audit_event(*, user, seq: int) -> AuditEvent:
    _require(user, "audit")
    return get_object_or_404(AuditEvent, seq=seq)


def audit_object_types(*, user) -> list[str]:
    _require(user, "audit")
    return list(AuditEvent.objects.order_by().values_list("object_type", flat=True).distinct())


def jobs_for(*, user) -> QuerySet[Job]:
    _require(user, "jobs")
    jobs = Job.objects.select_related("owner")
    # Auditors and administrators see every job; others see their own.
    if can(user, "audit", VIEW):
        return jobs
    return jobs.filter(owner=user)


def job(*, user, job_id: int) -> Job:
    return get_object_or_404(jobs_for(user=user), pk=job_id)


def tokens_for(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user)


def token(*, user, token_id: int) -> ApiToken:
    return get_object_or_404(tokens_for(user=user), pk=token_id)


def users(*, user, search: str = "", role: str = "") -> QuerySet[User]:
    _require(user, "users")
    people = User.objects.select_related("supplier", "customer").order_by("username")
    if search:
        people = people.filter(Q(username__icontains=search) | Q(email__icontains=search))
    if role:
        people = people.filter(role=role)
    return people


def person(*, user, user_id: int) -> User:
    return get_object_or_404(users(user=user), pk=user_id)


AUDIT_VERIFY_JOB = "core.audit_verify"  # the job kind core/tasks.py registers


def audit_verifications(*, user) -> QuerySet[Job]:
    """Runs of the audit-chain verification job, newest first (whoever may read the audit log sees them)."""
    _require(user, "audit")
    return Job.objects.filter(kind=AUDIT_VERIFY_JOB).select_related("owner").order_by("-created_at", "-pk")


def audit_verification_state(*, user) -> dict:
    """The verification in progress (if any) and the last finished one: when, by whom, up to which event."""
    runs = audit_verifications(user=user)
    return {"running": runs.filter(status__in=[Job.Status.QUEUED, Job.Status.RUNNING]).first(),
            "last": runs.filter(status=Job.Status.SUCCEEDED).first(),
            "last_passed": runs.filter(status=Job.Status.SUCCEEDED, result__ok=True).first()}


def audit_head(*, user) -> int:
    """The number of the latest audit event (0 before the first)."""
    _require(user, "audit")
    return AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
