"""/continuity/bcm/owners, /continuity/bcm/records, /continuity/service-bia, and PATCH of plans and exercises."""

from __future__ import annotations

from ninja import Query, Status

from steadfast.continuity.api.base import CHANGE, VIEW, router
from steadfast.continuity.api.bcm_schemas import (
    DocumentIn,
    DocumentOut,
    DocumentPatch,
    ExercisePatch,
    OwnerIn,
    OwnerOut,
    OwnerPatch,
    PlanPatch,
    ServiceBiaIn,
    ServiceBiaOut,
    ServiceBiaPatch,
)
from steadfast.continuity.api.schemas import ExerciseOut, PlanOut
from steadfast.continuity.selectors import bcm as selectors
from steadfast.continuity.selectors import bia as bia_selectors
from steadfast.continuity.selectors import plans as plan_selectors
from steadfast.continuity.services import bcm as services
from steadfast.continuity.services import bia as bia_services
from steadfast.continuity.services import exercises as exercise_services
from steadfast.continuity.services import plans as plan_services
from steadfast.core.api.schemas import ListQuery, Page, order, ordered, paginate

OWNER_ORDER = ("scope", "supplier_tier")
DOCUMENT_ORDER = ("ref", "kind", "reviewed_on")
SERVICE_BIA_ORDER = ("priority", "service_kind", "mtpd_days")


@router.get("/continuity/bcm/owners", response=Page[OwnerOut], auth=VIEW)
def list_owners(request, query: Query[ordered(ListQuery, OWNER_ORDER)]):
    return paginate(order(selectors.owners(user=request.user), query.ordering, OWNER_ORDER, "scope"), query)


@router.post("/continuity/bcm/owners", response={201: OwnerOut}, auth=CHANGE)
def create_owner(request, body: OwnerIn):
    return Status(201, services.assign_owner(actor=request.user, **body.model_dump()))


@router.patch("/continuity/bcm/owners/{owner_id}", response=OwnerOut, auth=CHANGE)
def update_owner(request, owner_id: int, body: OwnerPatch):
    owner = selectors.owner(user=request.user, owner_id=owner_id)
    return services.update_owner(actor=request.user, owner=owner, **body.model_dump(exclude_unset=True))


@router.get("/continuity/bcm/records", response=Page[DocumentOut], auth=VIEW)
def list_documents(request, query: Query[ordered(ListQuery, DOCUMENT_ORDER)]):
    qs = selectors.documents(user=request.user, search=query.search)
    return paginate(order(qs, query.ordering, DOCUMENT_ORDER, "ref"), query)


@router.post("/continuity/bcm/records", response={201: DocumentOut}, auth=CHANGE)
def create_document(request, body: DocumentIn):
    return Status(201, services.create_document(actor=request.user, **body.model_dump()))


@router.get("/continuity/bcm/records/{document_id}", response=DocumentOut, auth=VIEW)
def get_document(request, document_id: int):
    return selectors.document(user=request.user, document_id=document_id)


@router.patch("/continuity/bcm/records/{document_id}", response=DocumentOut, auth=CHANGE)
def update_document(request, document_id: int, body: DocumentPatch):
    document = selectors.document(user=request.user, document_id=document_id)
    return services.update_document(actor=request.user, document=document, **body.model_dump(exclude_unset=True))


@router.post("/continuity/bcm/records/{document_id}/approve", response=DocumentOut, auth=CHANGE)
def approve_document(request, document_id: int):
    document = selectors.document(user=request.user, document_id=document_id)
    return services.approve_document(actor=request.user, document=document)


@router.get("/continuity/service-bia", response=Page[ServiceBiaOut], auth=VIEW)
def list_service_bias(request, query: Query[ordered(ListQuery, SERVICE_BIA_ORDER)]):
    qs = bia_selectors.service_analyses(user=request.user)
    return paginate(order(qs, query.ordering, SERVICE_BIA_ORDER, "priority"), query)


@router.post("/continuity/service-bia", response={201: ServiceBiaOut}, auth=CHANGE)
def create_service_bia(request, body: ServiceBiaIn):
    return Status(201, bia_services.create_service_bia(actor=request.user, **body.model_dump()))


@router.patch("/continuity/service-bia/{service_bia_id}", response=ServiceBiaOut, auth=CHANGE)
def update_service_bia(request, service_bia_id: int, body: ServiceBiaPatch):
    bia = bia_selectors.service_analysis(user=request.user, bia_id=service_bia_id)
    return bia_services.update_service_bia(actor=request.user, bia=bia, **body.model_dump(exclude_unset=True))


@router.patch("/continuity/plans/{plan_id}", response=PlanOut, auth=CHANGE)
def update_plan(request, plan_id: int, body: PlanPatch):
    plan = plan_selectors.plan(user=request.user, plan_id=plan_id)
    return plan_services.update_plan(actor=request.user, plan=plan, **body.model_dump(exclude_unset=True))


@router.patch("/continuity/exercises/{exercise_id}", response=ExerciseOut, auth=CHANGE)
def update_exercise(request, exercise_id: int, body: ExercisePatch):
    exercise = plan_selectors.exercise(user=request.user, exercise_id=exercise_id)
    return exercise_services.update_exercise(actor=request.user, exercise=exercise, **body.model_dump(exclude_unset=True))
