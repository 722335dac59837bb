"""/centres and /evaluations: the transparency centres and the evaluation sessions booked in them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Query, Status

from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate
from steadfast.transparency.api.base import BOOKING, CENTRES, CENTRES_CHANGE, router
from steadfast.transparency.api.schemas import (
    CentreOut,
    EvaluationDetailOut,
    EvaluationFilter,
    EvaluationIn,
    EvaluationOut,
    StepIn,
)
from steadfast.transparency.models import EvaluationStatus
from steadfast.transparency.selectors import centres as selectors
from steadfast.transparency.services import centres as services

EVALUATION_ORDER = ("ref", "starts_at", "status", "country")
CENTRE_ORDER = ("name", "city", "country")


@router.get("/centres", response=Page[CentreOut], auth=CENTRES)
def list_centres(request, query: Query[ordered(ListQuery, CENTRE_ORDER)]):
    qs = selectors.centres(user=request.user).prefetch_related("rooms")
    return paginate(order(qs, query.ordering, CENTRE_ORDER, "name"), query)


@router.get("/evaluations", response=Page[EvaluationOut], auth=CENTRES)
def list_evaluations(request, query: Query[ordered(EvaluationFilter, EVALUATION_ORDER)]):
    """Customers see their own customer's sessions, regulators those of the countries they oversee."""
    if query.status and query.status not in EvaluationStatus.values:
        raise ValidationError({"status": f"choose one of {', '.join(EvaluationStatus.values)}"})
    qs = selectors.evaluations(user=request.user, status=query.status, centre_id=query.centre, search=query.search)
    return paginate(order(qs.select_related("room"), query.ordering, EVALUATION_ORDER, "-starts_at"), query)


@router.get("/evaluations/{evaluation_id}", response=EvaluationDetailOut, auth=CENTRES)
def get_evaluation(request, evaluation_id: int):
    return selectors.evaluation(user=request.user, evaluation_id=evaluation_id)


@router.post("/evaluations", response={201: EvaluationDetailOut}, auth=BOOKING)
def request_evaluation(request, body: EvaluationIn):
    """Book a session: the same service as the page (an overlapping booking of the room is a 422
    naming `starts_at`; the database refuses it under concurrent requests too)."""
    room = get_object_or_404(selectors.rooms(user=request.user).select_related("centre"), pk=body.room)
    evaluation = services.request_evaluation(actor=request.user, room=room, **body.model_dump(exclude={"room"}))
    return Status(201, evaluation)


@router.post("/evaluations/{evaluation_id}/steps", response=EvaluationDetailOut, auth=CENTRES_CHANGE)
def evaluation_step(request, body: StepIn, evaluation_id: int):
    """Move a session on: approve or reject a request, schedule, hold, report (with a summary), cancel."""
    evaluation = selectors.evaluation(user=request.user, evaluation_id=evaluation_id)
    return services.transition(actor=request.user, evaluation=evaluation, action=body.action,
                               report_summary=body.report_summary)
