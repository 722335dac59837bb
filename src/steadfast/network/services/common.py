"""Helpers shared by the network services: references by ref, field checks, protected deletes."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.deletion import ProtectedError

from steadfast.core.services import crud

M = TypeVar("M", bound=models.Model)


def resolve(model: type[M], value: M | str | int | None, *, field: str, required: bool = True) -> M | None:
    """Accept an instance, a ref (str) or a primary key (int); name the field when nothing matches."""
    label = model._meta.verbose_name
    if value is None or value == "":
        if required:
            raise ValidationError({field: f"a {label} is required"})
        return None
    if isinstance(value, model):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        found = model.objects.filter(pk=value).first()
        if found is None:
            raise ValidationError({field: f"no {label} with id {value}"})
        return found
    found = model.objects.filter(ref=str(value).strip()).first()
    if found is None:
        raise ValidationError({field: f"no {label} with ref {value!r}"})
    return found


def known_fields(model: type[models.Model], fields: dict[str, Any], *, allowed: set[str]) -> dict[str, Any]:
    """Reject names that are not editable fields, rather than silently setting stray attributes."""
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise ValidationError({name: f"{model.__name__} has no editable field {name!r}" for name in unknown})
    return fields


def delete_unless_used(*, actor, instance: models.Model) -> None:
    """Delete, or explain which records still depend on the instance (nothing changes then)."""
    try:
        crud.delete(actor=actor, instance=instance)
    except ProtectedError as exc:
        kinds: dict[str, int] = {}
        for obj in exc.protected_objects:
            name = str(obj._meta.verbose_name_plural)
            kinds[name] = kinds.get(name, 0) + 1
        used_by = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
        raise ValidationError(f"{instance._meta.verbose_name} {getattr(instance, 'ref', instance.pk)} "
                              f"cannot be deleted: still used by {used_by}") from None
