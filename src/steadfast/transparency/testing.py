"""Route samples for the role × route matrix (tests/test_route_matrix.py)."""

from __future__ import annotations


def route_sample(kwarg: str, *, user, foreign, other_user):
    raise KeyError(kwarg)
