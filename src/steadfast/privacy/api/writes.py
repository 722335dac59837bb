"""Writes of the privacy API: the same services as the pages (validation, one audit event each),
the same scope (an object outside the caller's scope is a 404), problem+json errors naming the field.

POST/PATCH /processing-activities, /dpas, /transfers, /breaches; the DPA lifecycle as actions:
POST /dpas/{id}/send, /sign, /terminate, and /accept (a supplier respondent, its own DPAs only).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from ninja import Status

from steadfast.core.api.auth import policy
from steadfast.network.services.common import resolve
from steadfast.privacy import selectors, services
from steadfast.privacy.api.base import CHANGE, RECORDS_CHANGE, router
from steadfast.privacy.api.schemas import ActivityOut, BreachOut, DpaOut, TransferOut
from steadfast.privacy.api.schemas_in import (
    AcceptIn,
    ActivityIn,
    ActivityPatch,
    BreachIn,
    BreachPatch,
    DpaIn,
    DpaPatch,
    SignatureIn,
    TerminateIn,
    TransferIn,
    TransferPatch,
)
from steadfast.privacy.models import Dpa, DpaTemplate

PORTAL_CHANGE = policy("privacy.portal", "change")


def _activity(request, activity_id: int):
    return selectors.activities(user=request.user).prefetch_related("processors", "items", "controls").get(pk=activity_id)


def _dpa_out(request, dpa: Dpa) -> Dpa:
    return selectors.dpas(user=request.user).get(pk=dpa.pk)


@router.post("/processing-activities", response={201: ActivityOut}, auth=RECORDS_CHANGE, tags=["privacy"])
def create_activity(request, body: ActivityIn):
    activity = services.create_activity(actor=request.user, **body.model_dump())
    return Status(201, _activity(request, activity.pk))


@router.patch("/processing-activities/{activity_id}", response=ActivityOut, auth=RECORDS_CHANGE, tags=["privacy"])
def update_activity(request, activity_id: int, body: ActivityPatch):
    activity = selectors.activity(user=request.user, activity_id=activity_id)
    services.update_activity(actor=request.user, activity=activity, **body.model_dump(exclude_unset=True))
    return _activity(request, activity.pk)


@router.post("/dpas", response={201: DpaOut}, auth=CHANGE, tags=["privacy"])
def create_dpa(request, body: DpaIn):
    data = body.model_dump()
    data["template"] = resolve(DpaTemplate, data["template"], field="template", required=False)
    dpa = services.create_dpa(actor=request.user, **data)
    return Status(201, _dpa_out(request, dpa))


@router.patch("/dpas/{dpa_id}", response=DpaOut, auth=CHANGE, tags=["privacy"])
def update_dpa(request, dpa_id: int, body: DpaPatch):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    services.update_dpa(actor=request.user, dpa=dpa, **body.model_dump(exclude_unset=True))
    return _dpa_out(request, dpa)


@router.post("/dpas/{dpa_id}/send", response=DpaOut, auth=CHANGE, tags=["privacy"])
def send_dpa(request, dpa_id: int):
    """draft → sent (the agreement needs its document)."""
    dpa = services.send_dpa(actor=request.user, dpa=selectors.dpa(user=request.user, dpa_id=dpa_id))
    return _dpa_out(request, dpa)


@router.post("/dpas/{dpa_id}/sign", response=DpaOut, auth=CHANGE, tags=["privacy"])
def sign_dpa(request, dpa_id: int, body: SignatureIn):
    """Records the signature; the agreement lands in the state its dates call for."""
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    dpa = services.record_signature(actor=request.user, dpa=dpa, **body.model_dump())
    return _dpa_out(request, dpa)


@router.post("/dpas/{dpa_id}/terminate", response=DpaOut, auth=CHANGE, tags=["privacy"])
def terminate_dpa(request, dpa_id: int, body: TerminateIn):
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    dpa = services.terminate_dpa(actor=request.user, dpa=dpa, **body.model_dump())
    return _dpa_out(request, dpa)


@router.post("/dpas/{dpa_id}/accept", response=DpaOut, auth=PORTAL_CHANGE, tags=["privacy"])
def accept_dpa(request, dpa_id: int, body: AcceptIn):
    """A supplier respondent accepts a DPA sent to its supplier: the SHA-256 of the version it accepts
    must be the current document's. Another supplier's agreement is not found (404)."""
    dpa = selectors.dpa(user=request.user, dpa_id=dpa_id)
    _check_acceptance(body)
    services.accept_dpa(actor=request.user, dpa=dpa, ip_address=request.META.get("REMOTE_ADDR"), **body.model_dump())
    return _dpa_out(request, dpa)


def _check_acceptance(body: AcceptIn) -> None:
    errors = {}
    if not re.fullmatch(r"[0-9a-f]{64}", body.sha256):
        errors["sha256"] = "give the SHA-256 (64 lowercase hex digits) of the version you accept"
    if not body.signatory_name.strip():
        errors["signatory_name"] = "give the name of the person accepting"
    try:
        validate_email(body.signatory_email)
    except ValidationError:
        errors["signatory_email"] = "give the e-mail address of the person accepting"
    if errors:
        raise ValidationError(errors)


@router.post("/transfers", response={201: TransferOut}, auth=RECORDS_CHANGE, tags=["privacy"])
def create_transfer(request, body: TransferIn):
    transfer = services.create_transfer(actor=request.user, **body.model_dump())
    return Status(201, _transfer(request, transfer.pk))


@router.patch("/transfers/{transfer_id}", response=TransferOut, auth=RECORDS_CHANGE, tags=["privacy"])
def update_transfer(request, transfer_id: int, body: TransferPatch):
    transfer = selectors.transfer(user=request.user, transfer_id=transfer_id)
    services.update_transfer(actor=request.user, transfer=transfer, **body.model_dump(exclude_unset=True))
    return _transfer(request, transfer.pk)


def _transfer(request, transfer_id: int):
    transfer = selectors.transfer(user=request.user, transfer_id=transfer_id)
    transfer.flag = selectors.transfer_flag(transfer)
    return transfer


@router.post("/breaches", response={201: BreachOut}, auth=RECORDS_CHANGE, tags=["privacy"])
def create_breach(request, body: BreachIn):
    data = body.model_dump()
    data["dpa"] = resolve(Dpa, data["dpa"], field="dpa", required=False)
    breach = services.record_breach(actor=request.user, **data)
    return Status(201, selectors.breach(user=request.user, breach_id=breach.pk))


@router.patch("/breaches/{breach_id}", response=BreachOut, auth=RECORDS_CHANGE, tags=["privacy"])
def update_breach(request, breach_id: int, body: BreachPatch):
    breach = selectors.breach(user=request.user, breach_id=breach_id)
    data = body.model_dump(exclude_unset=True)
    if "dpa" in data:
        data["dpa"] = resolve(Dpa, data["dpa"], field="dpa", required=False)
    services.update_breach(actor=request.user, breach=breach, **data)
    return selectors.breach(user=request.user, breach_id=breach.pk)
