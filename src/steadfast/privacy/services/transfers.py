"""Writes of international transfers and their transfer impact assessments."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.core.validators import COUNTRY_CODES
from steadfast.network.models import Supplier
from steadfast.network.services.common import resolve
from steadfast.privacy.models import Dpa, ProcessingActivity, Transfer, TransferImpactAssessment


def _clean(fields: dict, current: Transfer | None = None) -> dict:
    if "recipient" in fields:
        fields["recipient"] = resolve(Supplier, fields["recipient"], field="recipient", required=False)
    for name, model in (("activity", ProcessingActivity), ("dpa", Dpa)):
        if name in fields:
            fields[name] = resolve(model, fields[name], field=name, required=False)
    recipient = fields["recipient"] if "recipient" in fields else getattr(current, "recipient", None)
    recipient_name = fields.get("recipient_name", getattr(current, "recipient_name", "")) or ""
    if recipient is None and not recipient_name.strip():
        raise ValidationError({"recipient": "give the recipient's supplier ref, or its name if it is not on the map"})
    for field in ("origin_country", "destination_country"):
        if current is not None and field not in fields:
            continue
        code = str(fields.get(field, "") or "").strip().upper()
        if code not in COUNTRY_CODES:
            raise ValidationError({field: f"{code or '(empty)'!r} is not an ISO 3166-1 alpha-2 country code"})
        fields[field] = code
    return fields


def create_transfer(*, actor, **fields) -> Transfer:
    return crud.create(actor=actor, model=Transfer, **_clean(fields))


def update_transfer(*, actor, transfer: Transfer, **fields) -> Transfer:
    with transaction.atomic():
        return crud.update(actor=actor, instance=transfer, **_clean(fields, transfer))


def add_assessment(*, actor, transfer: Transfer, **fields) -> TransferImpactAssessment:
    assessed, review = fields.get("assessed_on"), fields.get("next_review_on")
    if assessed and review and review <= assessed:
        raise ValidationError({"next_review_on": "the next review must come after the assessment"})
    return crud.create(actor=actor, model=TransferImpactAssessment, transfer=transfer, **fields)
