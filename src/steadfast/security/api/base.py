"""The one security router (every operation registers on it, so the route matrix sees them all)."""

from __future__ import annotations

from ninja import Router

from steadfast.core.api.auth import policy

router = Router(tags=["security"])

VIEW = policy("security", "view")
CHANGE = policy("security", "change")
PORTAL_VIEW = policy("security.portal", "view")
PORTAL_CHANGE = policy("security.portal", "change")
REVIEW = policy("security.review", "change")
# Operations of the assessment workflow keep their own tag in the OpenAPI document.
WORKFLOW = ["security workflow"]
