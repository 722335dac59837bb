"""The one privacy router (every operation registers on it, so the route matrix sees them all)."""

from __future__ import annotations

from ninja import Router

from steadfast.core.api.auth import policy

router = Router(tags=["privacy"])

VIEW = policy("privacy", "view")
CHANGE = policy("privacy", "change")
RECORDS_VIEW = policy("privacy.records", "view")
RECORDS_CHANGE = policy("privacy.records", "change")
