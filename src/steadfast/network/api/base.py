"""The one network router (every operation registers on it, so the route matrix sees them all)."""

from __future__ import annotations

from ninja import Router

from steadfast.core.api.auth import policy

router = Router(tags=["network"])

VIEW = policy("network", "view")
CHANGE = policy("network", "change")

REF_OR_ID = "a reference to another record: its ref (string) or its id (integer)"
