"""Writes of international transfers and their transfer impact assessments."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from steadfast.core.services import crud
from steadfast.core.validators import COUNTRY_CODES
from steadfast.network.models import Supplier
from steadfast.network.services.common import resolve
from steadfast.privacy.models import Transfer, TransferImpactAssessment


def create_transfer(*, actor, **fields) -> Transfer:
    if "recipient" in fields:
        fields["recipient"] = resolve(Supplier, fields["recipient"], field="recipient", required=False)
    if fields.get("recipient") is None and not fields.get("recipient_name", "").strip():
        raise ValidationError({"recipient": "give the recipient's supplier ref, or its name if it is not on the map"})
    for field in ("origin_country", "destination_country"):
        code = str(fields.get(field, "")).strip().upper()
        if code not in COUNTRY_CODES:
            raise ValidationError({field: f"{code or '(empty)'!r} is not an ISO 3166-1 alpha-2 country code"})
        fields[field] = code
    return crud.create(actor=actor, model=Transfer, **fields)


def add_assessment(*, actor, transfer: Transfer, **fields) -> TransferImpactAssessment:
    assessed, review = fields.get("assessed_on"), fields.get("next_review_on")
    if assessed and review and review <= assessed:
        raise ValidationError({"next_review_on": "the next review must come after the assessment"})
    return crud.create(actor=actor, model=TransferImpactAssessment, transfer=transfer, **fields)
