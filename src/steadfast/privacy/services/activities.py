"""Writes of records of processing (Art. 30)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.privacy.models import SPECIAL_CATEGORIES, DataCategory, ProcessingActivity, SubjectCategory
from steadfast.privacy.services.common import choice_list, country_list

M2M = ("processors", "items")


def _clean(fields: dict) -> dict:
    if "data_categories" in fields:
        fields["data_categories"] = choice_list(fields["data_categories"], field="data_categories", choices=DataCategory)
        fields["processes_special_categories"] = bool(SPECIAL_CATEGORIES & set(fields["data_categories"]))
    if "subject_categories" in fields:
        fields["subject_categories"] = choice_list(fields["subject_categories"], field="subject_categories",
                                                   choices=SubjectCategory)
    if "countries" in fields:
        fields["countries"] = country_list(fields["countries"], field="countries")
    return fields


def _special_condition_check(*, special: bool, condition: str) -> None:
    if special and not condition:
        raise ValidationError({"special_condition": "special categories (Art. 9/10) are processed: name the Art. 9(2) "
                                                    "condition"})


def create_activity(*, actor, **fields) -> ProcessingActivity:
    relations = {name: fields.pop(name) for name in M2M if name in fields}
    fields = _clean(fields)
    with transaction.atomic():
        _special_condition_check(special=fields.get("processes_special_categories", False),
                                 condition=fields.get("special_condition", ""))
        activity = crud.create(actor=actor, model=ProcessingActivity, **fields)
        for name, objects in relations.items():
            getattr(activity, name).set(objects)
        return activity


def update_activity(*, actor, activity: ProcessingActivity, **fields) -> ProcessingActivity:
    relations = {name: fields.pop(name) for name in M2M if name in fields}
    fields = _clean(fields)
    with transaction.atomic():
        _special_condition_check(
            special=fields.get("processes_special_categories", activity.processes_special_categories),
            condition=fields.get("special_condition", activity.special_condition))
        activity = crud.update(actor=actor, instance=activity, **fields)
        for name, objects in relations.items():
            getattr(activity, name).set(objects)
        return activity


def delete_activity(*, actor, activity: ProcessingActivity) -> None:
    crud.delete(actor=actor, instance=activity)
