"""/continuity/bia, /continuity/plans and /continuity/exercises."""

from __future__ import annotations

from ninja import Query, Status

from steadfast.continuity.api.base import CHANGE, VIEW, router
from steadfast.continuity.api.schemas import BiaIn, BiaOut, BiaPatch, ExerciseOut, PlanOut
from steadfast.continuity.selectors import bia as bia_selectors
from steadfast.continuity.selectors import plans as selectors
from steadfast.continuity.services import bia as bia_services
from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate

BIA_ORDER = {"priority": "priority", "product": "product__ref", "mtpd_days": "mtpd_days"}
PLAN_ORDER = ("ref", "hazard", "scope", "status", "last_reviewed_on")
EXERCISE_ORDER = ("held_on", "title", "kind")


@router.get("/continuity/bia", response=Page[BiaOut], auth=VIEW)
def list_bias(request, query: Query[ordered(ListQuery, BIA_ORDER)]):
    qs = bia_selectors.impact_analyses(user=request.user, search=query.search)
    return paginate(order(qs, query.ordering, BIA_ORDER,
                          "priority"), query)


@router.post("/continuity/bia", response={201: BiaOut}, auth=CHANGE)
def create_bia(request, body: BiaIn):
    return Status(201, bia_services.create_bia(actor=request.user, **body.model_dump()))


@router.get("/continuity/bia/{bia_id}", response=BiaOut, auth=VIEW)
def get_bia(request, bia_id: int):
    return bia_selectors.impact_analysis(user=request.user, bia_id=bia_id)


@router.patch("/continuity/bia/{bia_id}", response=BiaOut, auth=CHANGE)
def update_bia(request, bia_id: int, body: BiaPatch):
    bia = bia_selectors.impact_analysis(user=request.user, bia_id=bia_id)
    return bia_services.update_bia(actor=request.user, bia=bia, **body.model_dump(exclude_unset=True))


@router.get("/continuity/plans", response=Page[PlanOut], auth=VIEW)
def list_plans(request, query: Query[ordered(ListQuery, PLAN_ORDER)]):
    qs = selectors.plans(user=request.user, search=query.search)
    return paginate(order(qs, query.ordering, PLAN_ORDER, "ref"), query)


@router.get("/continuity/plans/{plan_id}", response=PlanOut, auth=VIEW)
def get_plan(request, plan_id: int):
    return selectors.plan(user=request.user, plan_id=plan_id)


@router.get("/continuity/exercises", response=Page[ExerciseOut], auth=VIEW)
def list_exercises(request, query: Query[ordered(ListQuery, EXERCISE_ORDER)]):
    qs = selectors.exercises(user=request.user, search=query.search)
    return paginate(order(qs, query.ordering, EXERCISE_ORDER, "-held_on"), query)
