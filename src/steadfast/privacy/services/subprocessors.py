"""Sub-processor changes (Art. 28(2)): the supplier announces, we accept or object before the deadline."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.network.models import Supplier
from steadfast.network.services.common import resolve
from steadfast.privacy.models import Dpa, SubProcessor, SubprocessorStatus
from steadfast.privacy.services.common import country_list

DEFAULT_WINDOW_DAYS = 30  # for specific authorisation: the time we give ourselves to decide


def announce_subprocessor(*, actor, dpa: Dpa, service: str, supplier=None, name: str = "", countries=(),
                          announced_on: dt.date | None = None) -> SubProcessor:

    if dpa.status not in ("signed", "active", "expiring"):
        raise ValidationError({"dpa": f"{dpa.ref} is {dpa.get_status_display().lower()}: announce changes under a "
                                      "signed agreement"})
    supplier = resolve(Supplier, supplier, field="supplier", required=False)
    if supplier is None and not name.strip():
        raise ValidationError({"name": "name the sub-processor, or give its supplier ref on the map"})
    if not service.strip():
        raise ValidationError({"service": "say what the sub-processor will do"})
    announced_on = announced_on or timezone.localdate()
    window = dpa.objection_window_days or DEFAULT_WINDOW_DAYS
    return crud.create(actor=actor, model=SubProcessor, dpa=dpa, supplier=supplier, name=name.strip(),
                       service=service.strip(), countries=country_list(countries, field="countries"),
                       status=SubprocessorStatus.PROPOSED, announced_on=announced_on,
                       objection_deadline=announced_on + dt.timedelta(days=window))


def decide_subprocessor(*, actor, subprocessor: SubProcessor, accept: bool, today: dt.date | None = None) -> SubProcessor:
    today = today or timezone.localdate()
    if subprocessor.status != SubprocessorStatus.PROPOSED:
        raise ValidationError({"status": f"{subprocessor} is {subprocessor.get_status_display().lower()}, not awaiting a "
                                         "decision"})
    if not accept and today > subprocessor.objection_deadline:
        raise ValidationError({"status": f"the objection window closed on {subprocessor.objection_deadline}"})
    status = SubprocessorStatus.AUTHORISED if accept else SubprocessorStatus.OBJECTED
    return crud.update(actor=actor, instance=subprocessor, status=status)


def authorise_unopposed(*, actor=None, today: dt.date | None = None) -> int:
    """Under general authorisation, a change nobody objected to within the window stands."""
    today = today or timezone.localdate()
    lapsed = SubProcessor.objects.filter(status=SubprocessorStatus.PROPOSED, objection_deadline__lt=today,
                                         dpa__subprocessor_authorisation="general").select_related("dpa", "supplier")
    count = 0
    for subprocessor in lapsed:
        crud.update(actor=actor, instance=subprocessor, status=SubprocessorStatus.AUTHORISED)
        count += 1
    return count
