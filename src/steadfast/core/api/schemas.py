"""Shared API schemas and list plumbing: strict bodies, limit/offset/search/ordering, totals."""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, ValidationInfo, field_validator

from steadfast.core.validators import control_character, multiline_field_names

T = TypeVar("T")
MAX_LIMIT = 500


class StrictSchema(Schema):
    """Request bodies: an unknown field is an error, not silently dropped; text carries no control
    characters, and no line breaks unless the field holds text that spans lines
    (core.validators.control_character, the rule forms and importers use too)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value, info: ValidationInfo):
        multiline = info.field_name in multiline_field_names()
        for text in _texts(value):
            problem = control_character(text, multiline=multiline)
            if problem:
                raise ValueError(f"the text {problem}")
        return value


def _texts(value, depth: int = 0):
    """The strings in a field's value (a string, or one inside lists and dicts)."""
    if isinstance(value, str):
        yield value
    elif depth < 4 and isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _texts(item, depth + 1)
    elif depth < 4 and isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key, depth + 1)
            yield from _texts(item, depth + 1)


class ListQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")
    offset: int = Field(0, ge=0)
    search: str = Field("", max_length=200)
    ordering: str = Field("", max_length=100, description="a field name; prefix with - to reverse")


class Page(Schema, Generic[T]):
    count: int
    items: list[T]


def order(queryset: QuerySet, ordering: str, allowed: dict[str, str] | tuple[str, ...], default: str) -> QuerySet:
    """Apply `ordering` if it names an allowed field; 422 otherwise."""
    mapping = allowed if isinstance(allowed, dict) else {name: name for name in allowed}
    if not ordering:
        return queryset.order_by(default)
    descending = ordering.startswith("-")
    key = ordering.lstrip("-")
    if key not in mapping:
        raise HttpError(422, f"cannot order by {key!r}; choose one of {', '.join(sorted(mapping))}")
    field = mapping[key]
    return queryset.order_by(f"-{field}" if descending else field, "pk")


def paginate(queryset: QuerySet, query: ListQuery) -> dict:
    count = queryset.count()
    return {"count": count, "items": list(queryset[query.offset : query.offset + query.limit])}
