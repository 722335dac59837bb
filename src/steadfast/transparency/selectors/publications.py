"""Reads of the signed publications (public once published: no scope) and the centres list."""

from __future__ import annotations

from django.apps import apps
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from steadfast.transparency.models import Publication


def publications() -> QuerySet[Publication]:
    return Publication.objects.select_related("supersedes").order_by("-period_end", "-published_at", "-pk")


def publication(*, publication_id: int) -> Publication:
    return get_object_or_404(publications(), pk=publication_id)


def current() -> list[Publication]:
    """The publication in force for each period (the last correction), newest period first."""
    superseded = set(Publication.objects.filter(supersedes__isnull=False).values_list("supersedes_id", flat=True))
    return [p for p in publications() if p.pk not in superseded]


def history(*, up_to: Publication | None = None) -> list[Publication]:
    """The publications in force, oldest period first (for the charts), up to `up_to`'s period."""
    rows = [p for p in reversed(current()) if up_to is None or p.period_end <= up_to.period_end]
    if up_to is not None:
        rows = [p for p in rows if p.period_end != up_to.period_end] + [up_to]
    return rows


def centres() -> list:
    """The transparency centres, when the centres' model is installed; else an empty list."""
    try:
        Centre = apps.get_model("transparency", "Centre")  # noqa: N806
    except LookupError:
        return []
    return list(Centre.objects.order_by("name"))
