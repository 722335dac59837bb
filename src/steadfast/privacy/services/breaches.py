"""Writes of the personal-data breach register (Art. 33(5)) and its notifications."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
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


def record_breach(*, actor, **fields) -> Breach:
    for name in ("occurred_at", "aware_at", "processor_aware_at", "processor_notified_at", "authority_notified_at",
                 "subjects_notified_at"):
        _aware(fields.get(name), name)
    if "data_categories" in fields:
        fields["data_categories"] = choice_list(fields["data_categories"], field="data_categories", choices=DataCategory)
    if "subject_categories" in fields:
        fields["subject_categories"] = choice_list(fields["subject_categories"], field="subject_categories",
                                                   choices=SubjectCategory)
    if fields.get("occurred_at") and fields.get("aware_at") and fields["occurred_at"] > fields["aware_at"]:
        raise ValidationError({"occurred_at": "a breach cannot occur after we became aware of it"})
    if fields.get("processor_notified_at") and not fields.get("dpa"):
        raise ValidationError({"dpa": "a processor's notice needs the agreement that sets its notice hours"})
    _late_reason_check(aware_at=fields.get("aware_at"), notified_at=fields.get("authority_notified_at"),
                       late_reason=fields.get("late_reason", ""))
    return crud.create(actor=actor, model=Breach, **fields)


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
