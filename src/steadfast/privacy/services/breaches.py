"""Writes of the personal-data breach register (Art. 33(5)) and its notifications."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.incidents.models import Incident
from steadfast.privacy.models import AUTHORITY_HOURS, Breach, BreachRisk, DataCategory, SubjectCategory
from steadfast.privacy.models.breaches import elapsed_hours
from steadfast.privacy.services.common import choice_list


def _aware(value: dt.datetime | None, field: str) -> dt.datetime | None:
    if value is not None and (value.tzinfo is None or value.utcoffset() is None):
        raise ValidationError({field: "give the time with its time zone (e.g. 2026-03-28T23:30:00+01:00)"})
    return value


def _late_reason_check(*, aware_at, notified_at, late_reason: str) -> None:
    if notified_at is not None and aware_at is not None:
        if notified_at < aware_at:
            raise ValidationError({"authority_notified_at": "the notification cannot come before awareness"})
        if elapsed_hours(aware_at, notified_at) > AUTHORITY_HOURS and not late_reason.strip():
            raise ValidationError({"late_reason": f"notified more than {AUTHORITY_HOURS} hours after awareness: "
                                                  "Art. 33(1) requires the reasons for the delay"})


TIMES = ("occurred_at", "aware_at", "processor_aware_at", "processor_notified_at", "authority_notified_at",
         "subjects_notified_at")


def _incident(value):
    """The major incident a breach came out of: an Incident, its id or its ref (None clears the link)."""
    if value is None or value == "" or isinstance(value, Incident):
        return value or None
    key = {"pk": value} if isinstance(value, int) else {"ref": str(value).strip()}
    incident = Incident.objects.filter(**key).first()
    if incident is None:
        raise ValidationError({"incident": f"no incident {value} in the incident register"})
    return incident


def _check(values: dict) -> None:
    """The register's rules on the breach as it will be (`values`: every field after the change)."""
    if values.get("occurred_at") and values.get("aware_at") and values["occurred_at"] > values["aware_at"]:
        raise ValidationError({"occurred_at": "a breach cannot occur after we became aware of it"})
    if values.get("processor_notified_at") and not values.get("dpa"):
        raise ValidationError({"dpa": "a processor's notice needs the agreement that sets its notice hours"})
    _late_reason_check(aware_at=values.get("aware_at"), notified_at=values.get("authority_notified_at"),
                       late_reason=values.get("late_reason", "") or "")


def _clean(fields: dict) -> dict:
    for name in TIMES:
        _aware(fields.get(name), name)
    if "data_categories" in fields:
        fields["data_categories"] = choice_list(fields["data_categories"], field="data_categories", choices=DataCategory)
    if "subject_categories" in fields:
        fields["subject_categories"] = choice_list(fields["subject_categories"], field="subject_categories",
                                                   choices=SubjectCategory)
    if "incident" in fields:
        fields["incident"] = _incident(fields["incident"])
    return fields


def record_breach(*, actor, **fields) -> Breach:
    fields = _clean(fields)
    _check(fields)
    return crud.create(actor=actor, model=Breach, **fields)


def update_breach(*, actor, breach: Breach, **fields) -> Breach:
    """Corrects or completes a register entry (one audited update); the same rules as recording it."""
    fields = _clean(fields)
    current = {name: getattr(breach, name) for name in (*TIMES, "dpa", "late_reason")}
    _check({**current, **fields})
    with transaction.atomic():
        return crud.update(actor=actor, instance=breach, **fields)


def notify_authority(*, actor, breach: Breach, notified_at: dt.datetime, authority: str, late_reason: str = "") -> Breach:
    _aware(notified_at, "authority_notified_at")
    if breach.risk == BreachRisk.UNLIKELY:
        raise ValidationError({"risk": "assessed as unlikely to result in a risk: no notification is due"})
    if not authority.strip():
        raise ValidationError({"authority": "name the supervisory authority"})
    _late_reason_check(aware_at=breach.aware_at, notified_at=notified_at, late_reason=late_reason)
    with transaction.atomic():
        return crud.update(actor=actor, instance=breach, authority_notified_at=notified_at, authority=authority.strip(),
                           late_reason=late_reason.strip())


def notify_subjects(*, actor, breach: Breach, notified_at: dt.datetime) -> Breach:
    _aware(notified_at, "subjects_notified_at")
    if notified_at < breach.aware_at:
        raise ValidationError({"subjects_notified_at": "the notice cannot come before awareness"})
    return crud.update(actor=actor, instance=breach, subjects_notified_at=notified_at)
