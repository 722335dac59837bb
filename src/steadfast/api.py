"""The REST API at /api/v1/: one NinjaAPI, each domain app contributes its router."""

from __future__ import annotations

from steadfast.continuity.api import router as continuity_router
from steadfast.core.api import errors
from steadfast.core.api.audit import router as audit_router
from steadfast.core.api.me import router as me_router
from steadfast.core.api.openapi import SteadfastAPI
from steadfast.core.api.throttling import api_throttles
from steadfast.incidents.api import router as incidents_router
from steadfast.network.api import router as network_router
from steadfast.privacy.api import router as privacy_router
from steadfast.security.api import router as security_router
from steadfast.transparency.api import router as transparency_router

api = SteadfastAPI(  # documents every error answer and types decimals (core/api/openapi.py)
    title="Steadfast API",
    version="1",
    description="Supplier security, privacy, incidents and continuity on one map of the business. "
    # Swagger UI renders this as Markdown: a bare <token> would be taken for an HTML tag and vanish.
    "Authenticate with a session or `Authorization: Bearer <token>`. Errors are `application/problem+json`.",
    urls_namespace="api",
    docs_url="/docs",
    throttle=api_throttles(),  # per token and per address; 429 with Retry-After (docs/operations.md)
)
errors.install(api)
api.add_router("/audit", audit_router)
api.add_router("/", me_router)
# One line per domain app router (docs/conventions.md, "How a new app plugs in").
api.add_router("/", network_router)
api.add_router("/", security_router)
api.add_router("/", privacy_router)
api.add_router("/", continuity_router)
api.add_router("/", incidents_router)
api.add_router("/", transparency_router)
