"""The REST API at /api/v1/: one NinjaAPI, each domain app contributes its router."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps
from ninja import NinjaAPI

from steadfast.core.api import errors
from steadfast.core.api.audit import router as audit_router
from steadfast.core.api.me import router as me_router

api = NinjaAPI(
    title="Steadfast API",
    version="1",
    description="Supplier security, privacy, incidents and continuity on one map of the business. "
    "Authenticate with a session or 'Authorization: Bearer <token>'. Errors are application/problem+json.",
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)
api.add_router("/audit", audit_router)
api.add_router("/", me_router)

# Each domain app contributes routers; a module listed here that does not exist yet is skipped.
APP_ROUTERS = {"network": ("api",), "security": ("api", "api_workflow"), "privacy": ("api",)}
for app_label, modules in APP_ROUTERS.items():
    if not apps.is_installed(f"steadfast.{app_label}"):
        continue
    for module_name in modules:
        try:
            module = import_module(f"steadfast.{app_label}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"steadfast.{app_label}.{module_name}":
                raise
            continue
        api.add_router("/", module.router)
