"""The one transparency router (every operation registers on it, so the route matrix sees them all)."""

from __future__ import annotations

from ninja import Router

from steadfast.core.api.auth import policy

router = Router(tags=["transparency"])

FIGURES = policy("transparency", "view")
CENTRES = policy("transparency.centres", "view")
CENTRES_CHANGE = policy("transparency.centres", "change")
BOOKING = policy("transparency.booking", "change")
PORTAL = policy("transparency.portal", "view")
PORTAL_CHANGE = policy("transparency.portal", "change")
DOCUMENTS_CHANGE = policy("transparency.documents", "change")
