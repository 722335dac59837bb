"""Shared API schemas and list plumbing: strict bodies, limit/offset/search/ordering, totals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Generic, Literal, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict, ValidationInfo, create_model, field_validator

from steadfast.core.validators import control_character, multiline_field_names

T = TypeVar("T")
MAX_LIMIT = 500
# An offset past any table a database can hold (and inside every database's integer): beyond it the
# answer is a 422 naming `query.offset`, not a database overflow.
MAX_OFFSET = 2**31 - 1
# Every whole number the API reads is a database integer: one past 64 bits is a 422 naming the
# parameter or field (it was a database overflow, a 500 or a 409), and the document says so.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _within_int64(value, info: ValidationInfo):
    numbers = value if isinstance(value, list | tuple | set) else (value,)
    for number in numbers:
        if isinstance(number, int) and not isinstance(number, bool) and not INT64_MIN <= number <= INT64_MAX:
            raise ValueError(f"{info.field_name} must be between {INT64_MIN} and {INT64_MAX}")
    return value


class StrictSchema(Schema):
    """Request bodies: an unknown field is an error, not silently dropped; text carries no control
    characters, and no line breaks unless the field holds text that spans lines
    (core.validators.control_character, the rule forms and importers use too)."""

    model_config = ConfigDict(extra="forbid")

    _int64 = field_validator("*", mode="after")(_within_int64)

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
    _int64 = field_validator("*", mode="after")(_within_int64)

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    search: str = Field("", max_length=200)
    ordering: str = Field("", max_length=100, description="a field name; prefix with - to reverse")


def _names(allowed: Mapping[str, str] | Iterable[str]) -> tuple[str, ...]:
    return tuple(allowed.keys() if isinstance(allowed, Mapping) else allowed)


@cache
def _ordered(query: type[ListQuery], names: tuple[str, ...]) -> type[ListQuery]:
    values = ("", *(value for name in names for value in (name, f"-{name}")))
    description = f"one of {', '.join(names)}; prefix with - to reverse"
    return create_model(query.__name__, __base__=query, __module__=query.__module__,
                        ordering=(Literal[values], Field("", description=description)))


def ordered(query: type[ListQuery], allowed: Mapping[str, str] | Iterable[str]) -> type[ListQuery]:
    """`query` whose `ordering` accepts exactly the names in `allowed` (each also with a leading -):
    the OpenAPI document lists them as an enum, and any other value is a 422 naming
    `query.ordering`. Pass the same `allowed` to `order()`:

        ITEM_ORDER = ("ref", "name")
        def list_items(request, query: Query[ordered(ItemFilter, ITEM_ORDER)]):
            return paginate(order(qs, query.ordering, ITEM_ORDER, "ref"), query)
    """
    return _ordered(query, _names(allowed))


class JobOut(Schema):
    """A background job, as every endpoint that starts or reads one answers it (GET /jobs/{id})."""

    id: int
    kind: str
    label: str
    status: str = Field(description="queued, running, succeeded or failed")
    done: int
    total: int
    percent: int
    message: str
    result: dict
    created_at: dt.datetime
    finished_at: dt.datetime | None


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
