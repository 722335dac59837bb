"""Writes of records of processing (Art. 30)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.core.services.audit import record_event
from steadfast.network.models import Item, Supplier
from steadfast.privacy.models import SPECIAL_CATEGORIES, DataCategory, ProcessingActivity, SubjectCategory
from steadfast.privacy.services.common import choice_list, country_list, resolve_many
from steadfast.security.models import Control

# Links: suppliers acting as processors and items by ref; controls (Art. 30(1)(g)) by id.
M2M = {"processors": (Supplier, "ref"), "items": (Item, "ref"), "controls": (Control, "pk")}


def _relations(fields: dict) -> dict[str, list]:
    """Pops and resolves the links; an unknown ref is refused naming the field (nothing written)."""
    return {name: resolve_many(model, fields.pop(name), field=name, key=key)
            for name, (model, key) in M2M.items() if name in fields}


def _link(*, actor, activity: ProcessingActivity, relations: dict[str, list]) -> None:
    """Sets the links and audits the ones that changed (one event, before → after labels)."""
    changes = {}
    for name, objects in relations.items():
        manager = getattr(activity, name)
        before = sorted(str(o) for o in manager.all())
        manager.set(objects)
        after = sorted(str(o) for o in objects)
        if before != after:
            changes[name] = [before, after]
    if changes:
        record_event(actor=actor, verb="update", instance=activity, changes=changes)


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
    relations = _relations(fields)
    fields = _clean(fields)
    with transaction.atomic():
        _special_condition_check(special=fields.get("processes_special_categories", False),
                                 condition=fields.get("special_condition", ""))
        activity = crud.create(actor=actor, model=ProcessingActivity, **fields)
        _link(actor=actor, activity=activity, relations=relations)
        return activity


def update_activity(*, actor, activity: ProcessingActivity, **fields) -> ProcessingActivity:
    relations = _relations(fields)
    fields = _clean(fields)
    with transaction.atomic():
        _special_condition_check(
            special=fields.get("processes_special_categories", activity.processes_special_categories),
            condition=fields.get("special_condition", activity.special_condition))
        activity = crud.update(actor=actor, instance=activity, **fields)
        _link(actor=actor, activity=activity, relations=relations)
        return activity


def delete_activity(*, actor, activity: ProcessingActivity) -> None:
    crud.delete(actor=actor, instance=activity)
