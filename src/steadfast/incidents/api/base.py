"""The one incidents router, and the alert endpoint's own tokens."""

from __future__ import annotations

from ninja import Router

from steadfast.core.api.auth import PolicyAuth, policy
from steadfast.incidents.services import source_for_token

router = Router(tags=["incidents"])

VIEW = policy("incidents", "view")
CHANGE = policy("incidents", "change")


class AlertAuth(PolicyAuth):
    """POST /alerts: a monitoring system's token (sfa_…, good for this endpoint only), or a person
    whose role may post alerts."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer sfa_"):
            source = source_for_token(header[7:].strip())
            if source is None:
                return None
            request.alert_source = source
            return source
        request.alert_source = None
        return super().__call__(request)


ALERTS = AlertAuth("incidents.alerts", "change")
