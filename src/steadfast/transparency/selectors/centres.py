"""Reads for the transparency centres, scoped: customer viewers see their customer's sessions,
regulators the sessions of the countries they oversee; staff see all. Everyone who may view the
register sees when a room is taken (without whose booking it is), so that they can pick a free slot."""

from __future__ import annotations

import calendar
import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from steadfast.core.policy import VIEW, can
from steadfast.core.scoping import scoped
from steadfast.transparency.models import (
    ACTIVE_STATUSES,
    Centre,
    Evaluation,
    EvaluationFinding,
    RegulatorCountry,
    Room,
)


def _require(user, domain: str = "transparency.centres") -> None:
    if not can(user, domain, VIEW):
        raise PermissionDenied


def centres(*, user) -> QuerySet[Centre]:
    """The register is public knowledge for everyone who may see it (no scope)."""
    _require(user)
    rooms = Room.objects.annotate(active=Count("evaluations", filter=Q(evaluations__status__in=ACTIVE_STATUSES)))
    return Centre.objects.prefetch_related(Prefetch("rooms", queryset=rooms.order_by("name"))).annotate(
        room_count=Count("rooms", distinct=True), seats=Sum("rooms__capacity"))


def centre(*, user, centre_id: int) -> Centre:
    return get_object_or_404(centres(user=user), pk=centre_id)


def rooms(*, user) -> QuerySet[Room]:
    _require(user)
    return Room.objects.select_related("centre").order_by("centre__name", "name")


def evaluations(*, user, status: str = "", centre_id: int | None = None, search: str = "",
                year: int | None = None) -> QuerySet[Evaluation]:
    _require(user)
    qs = scoped(Evaluation.objects.select_related("room", "room__centre", "customer", "requested_by"), user=user,
                customer="customer", country="country")
    if status:
        qs = qs.filter(status=status)
    if centre_id:
        qs = qs.filter(room__centre_id=centre_id)
    if year:
        qs = qs.filter(starts_at__year=year)
    if search:
        qs = qs.filter(Q(ref__icontains=search) | Q(title__icontains=search) | Q(organisation__icontains=search))
    return qs


def evaluation(*, user, evaluation_id: int) -> Evaluation:
    return get_object_or_404(evaluations(user=user).prefetch_related("versions__product", "findings__owner"),
                             pk=evaluation_id)


def finding(*, user, finding_id: int) -> EvaluationFinding:
    _require(user)
    visible = evaluations(user=user).values("pk")
    return get_object_or_404(EvaluationFinding.objects.select_related("evaluation").filter(evaluation__in=visible),
                             pk=finding_id)


def open_findings(*, user) -> QuerySet[EvaluationFinding]:
    return (EvaluationFinding.objects.filter(evaluation__in=evaluations(user=user).values("pk"))
            .exclude(status__in=["resolved", "risk_accepted"]).select_related("evaluation", "owner").order_by("due_on"))


def month_grid(*, user, year: int, month: int, centre_id: int | None = None) -> dict:
    """A month as weeks of days, each day with the sessions that touch it. Sessions the user may see
    come with their reference; the others (other customers') only as 'Booked' in a room."""
    _require(user)
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    busy = Evaluation.objects.filter(status__in=ACTIVE_STATUSES, starts_at__lt=end, ends_at__gt=start)
    if centre_id:
        busy = busy.filter(room__centre_id=centre_id)
    visible = set(evaluations(user=user).filter(pk__in=busy.values("pk")).values_list("pk", flat=True))
    by_day: dict[dt.date, list[dict]] = {}
    for row in busy.select_related("room", "room__centre").order_by("starts_at"):
        day = max(timezone.localtime(row.starts_at).date(), first)
        until = min(timezone.localtime(row.ends_at - dt.timedelta(seconds=1)).date(), last)
        shown = row.pk in visible
        entry = {"ref": row.ref if shown else "", "title": row.title if shown else "Booked",
                 "organisation": row.organisation if shown else "", "status": row.status,
                 "room": f"{row.room.centre.city} · {row.room.name}", "url": row.get_absolute_url() if shown else "",
                 "time": f"{timezone.localtime(row.starts_at):%H:%M}–{timezone.localtime(row.ends_at):%H:%M}"}
        while day <= until:
            by_day.setdefault(day, []).append(entry)
            day += dt.timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([{"date": d, "in_month": d.month == month, "sessions": by_day.get(d, [])} for d in week])
    previous = first - dt.timedelta(days=1)
    following = last + dt.timedelta(days=1)
    return {"weeks": weeks, "first": first, "previous": f"{previous:%Y-%m}", "next": f"{following:%Y-%m}",
            "day_names": [calendar.day_abbr[i] for i in range(7)]}


def regulator_countries(*, user) -> QuerySet[RegulatorCountry]:
    _require(user, "transparency.regulators")
    return RegulatorCountry.objects.select_related("user").order_by("user__username", "country")
