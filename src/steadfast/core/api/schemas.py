"""Shared API schemas and list plumbing: strict bodies, limit/offset/search/ordering, totals."""

from __future__ import annotations

from typing import Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import ConfigDict

T = TypeVar("T")
MAX_LIMIT = 500


class StrictSchema(Schema):
    """Request bodies: an unknown field is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


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
