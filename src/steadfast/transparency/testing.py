"""Route samples for the role × route matrix (tests/test_route_matrix.py)."""

from __future__ import annotations

import datetime as dt

from steadfast.transparency.models import Publication
from steadfast.transparency.selectors.figures import Period
from steadfast.transparency.services.publications import publish


def _publication() -> Publication:
    existing = Publication.objects.order_by("pk").first()
    return existing or publish(actor=None, period=Period.year(dt.date.today().year - 1))


def route_sample(kwarg: str, *, user, foreign, other_user):
    if kwarg == "name":
        return None if foreign else "networks"  # figures are the organisation's: nothing out of scope
    if kwarg == "publication_id":
        return None if foreign else _publication().pk
    raise KeyError(kwarg)
