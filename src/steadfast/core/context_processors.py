"""Navigation entries per role: a page appears in the menu only when the policy allows it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from steadfast.core.policy import can
from steadfast.core.scoping import scope_kind

# (label, url name, domain[, scopes]). Apps add their entries to NAVIGATION at import. The
# optional fourth element names the scopes ("supplier", "customer") whose users see nothing
# on that page (their selectors give no rows), so the menu leaves it out for them.
NAVIGATION: list[tuple] = [
    ("Home", "core:home", "home"),
]
SECONDARY_NAVIGATION: list[tuple] = [
    ("Jobs", "core:jobs", "jobs"),
    ("Audit log", "core:audit", "audit"),
    ("Users", "core:users", "users"),
    ("API", "api:openapi-view", "profile"),
]


def scope_of(user) -> str | None:
    """The keyword of the scope kind that narrows this account ("supplier", "customer", or one an app
    registered, such as "country" for regulators); None for staff."""
    if getattr(user, "supplier_id", None):
        return "supplier"
    if getattr(user, "customer_id", None):
        return "customer"
    kind = scope_kind(user)
    return kind.keyword if kind is not None and kind.keyword not in ("supplier", "customer") else None


def menu_entries(user, items, path: str = "") -> list[dict]:
    """The entries of ``items`` this user may open and would find something on."""
    entries = []
    scope = scope_of(user)
    for label, name, domain, *rest in items:
        if not can(user, domain, "view") or (scope is not None and rest and scope in rest[0]):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = path == url or (url != "/" and path.startswith(url))
        entries.append({"label": label, "url": url, "active": active})
    return entries


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_primary": menu_entries(user, NAVIGATION, request.path),
        "nav_secondary": menu_entries(user, SECONDARY_NAVIGATION, request.path),
    }
