"""Helpers of the continuity pages."""

from __future__ import annotations

from steadfast.core.policy import can

VIEW, CHANGE = ("continuity", "view"), ("continuity", "change")


def can_change(request) -> bool:
    return can(request.user, "continuity", "change")
