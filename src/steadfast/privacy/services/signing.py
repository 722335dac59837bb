"""A supplier accepts the exact document version sent to it (or we record its signed copy)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.privacy.models import Dpa, DpaAcceptance, DpaStatus
from steadfast.privacy.services.agreements import record_signature


def accept_dpa(*, actor, dpa: Dpa, sha256: str, signatory_name: str, signatory_email: str, signatory_title: str = "",
               ip_address: str | None = None, today: dt.date | None = None) -> DpaAcceptance:
    """Record who accepted which bytes, when and from where; the agreement becomes signed (or active)."""
    if dpa.status != DpaStatus.SENT:
        raise ValidationError({"status": f"{dpa.ref} is {dpa.get_status_display().lower()}, not waiting for signature"})
    document = dpa.current_document
    if document is None or document.sha256 != sha256:
        raise ValidationError({"sha256": "the document changed since you opened it; review the current version"})
    if not signatory_name.strip():
        raise ValidationError({"signatory_name": "give the name of the person accepting"})
    today = today or timezone.localdate()
    with transaction.atomic():
        acceptance = crud.create(actor=actor, model=DpaAcceptance, dpa=dpa, document=document, sha256=sha256,
                                 accepted_by=actor if actor is not None and actor.is_authenticated else None,
                                 signatory_name=signatory_name.strip(), signatory_title=signatory_title.strip(),
                                 signatory_email=signatory_email.strip(), ip_address=ip_address,
                                 accepted_at=timezone.now())
        record_signature(actor=actor, dpa=dpa, signed_on=today, effective_on=dpa.effective_on or today, today=today)
        return acceptance
