"""Bulk look-ups: every reference and every existing row in a few chunked queries, never per row."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import models

from steadfast.network.importers.specs import REFERENCE_TARGETS

# Well under SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 2000
# Extra attributes a check needs from a referenced row (a parent's tier, a product's kind).
REFERENCE_EXTRAS = {"suppliers": "tier", "items": "kind"}


@dataclass(frozen=True)
class Target:
    pk: int
    extra: Any = None


def chunks(values: Iterable, size: int = CHUNK) -> Iterator[list]:
    batch: list = []
    for value in values:
        batch.append(value)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def resolve_refs(target: str, refs: set[str]) -> dict[str, Target]:
    """ref -> Target for every ref in `refs` that exists (users are named by username)."""
    if target == "users":
        model, name = get_user_model(), "username"
    else:
        model, name = REFERENCE_TARGETS[target]
    extra = REFERENCE_EXTRAS.get(target)
    fields = (name, "pk", extra) if extra else (name, "pk")
    found: dict[str, Target] = {}
    for batch in chunks(sorted(refs)):
        for values in model.objects.filter(**{f"{name}__in": batch}).values_list(*fields):
            found[values[0]] = Target(values[1], values[2] if extra else None)
    return found


def existing_by(model: type[models.Model], field: str, values: set, *, related: tuple[str, ...] = ()) -> list:
    """Every row whose `field` is one of `values`, fetched in chunks."""
    rows: list = []
    queryset = model.objects.select_related(*related) if related else model.objects.all()
    for batch in chunks(sorted(values)):
        rows.extend(queryset.filter(**{f"{field}__in": batch}))
    return rows
