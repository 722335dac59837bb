"""Navigation entries per role: a page appears in the menu only when the policy allows it."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from steadfast.core.policy import can

# (label, url name, domain). Apps add their entries to NAVIGATION at import.
NAVIGATION: list[tuple[str, str, str]] = [
    ("Home", "core:home", "home"),
]
SECONDARY_NAVIGATION: list[tuple[str, str, str]] = [
    ("Jobs", "core:jobs", "jobs"),
    ("Audit log", "core:audit", "audit"),
    ("Users", "core:users", "users"),
    ("API", "api:openapi-view", "profile"),
]


def _entries(user, items, path):
    entries = []
    for label, name, domain in items:
        if not can(user, domain, "view"):
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
        "nav_primary": _entries(user, NAVIGATION, request.path),
        "nav_secondary": _entries(user, SECONDARY_NAVIGATION, request.path),
    }
