"""Audited create/update/delete: the one path by which services change a model instance."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models, transaction

from steadfast.core.services.audit import PendingEvent, describe, json_native, record_event, record_events

M = TypeVar("M", bound=models.Model)


def audit_field_names(instance: models.Model) -> list[str]:
    declared = getattr(type(instance), "audit_fields", None)
    if declared:
        return list(declared)
    return [f.attname for f in instance._meta.concrete_fields if f.attname not in ("created_at", "updated_at")]


def snapshot(instance: models.Model) -> dict[str, Any]:
    return {name: json_native(getattr(instance, name)) for name in audit_field_names(instance)}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}


def create(*, actor, model: type[M], validate: bool = True, **fields: Any) -> M:
    with transaction.atomic():
        instance = model(**fields)
        if validate:
            instance.full_clean()
        instance.save()
        record_event(actor=actor, verb="create", instance=instance,
                     changes={k: [None, v] for k, v in snapshot(instance).items()})
        return instance


def update(*, actor, instance: M, validate: bool = True, **fields: Any) -> M:
    with transaction.atomic():
        before = snapshot(instance)
        for name, value in fields.items():
            setattr(instance, name, value)
        if validate:
            instance.full_clean()
        instance.save()
        changes = diff(before, snapshot(instance))
        if changes:
            record_event(actor=actor, verb="update", instance=instance, changes=changes)
        return instance


def delete(*, actor, instance: models.Model) -> None:
    with transaction.atomic():
        record_event(actor=actor, verb="delete", instance=instance,
                     changes={k: [v, None] for k, v in snapshot(instance).items()})
        instance.delete()


def pending_for(verb: str, instance: models.Model, changes: dict[str, Any]) -> PendingEvent:
    object_type, object_id, label = describe(instance)
    return PendingEvent(verb, object_type, object_id, label, changes)


__all__ = ["create", "update", "delete", "snapshot", "diff", "pending_for", "record_events"]
