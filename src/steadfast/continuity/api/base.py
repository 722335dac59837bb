"""The one continuity router (every operation registers on it, so the route matrix sees them all)."""

from __future__ import annotations

from ninja import Router

from steadfast.core.api.auth import policy

router = Router(tags=["continuity"])

VIEW = policy("continuity", "view")
CHANGE = policy("continuity", "change")
