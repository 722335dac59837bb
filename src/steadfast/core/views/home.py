"""The home page and the health check."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import render

from steadfast import __version__
from steadfast.core.context_processors import NAVIGATION, menu_entries, scope_of
from steadfast.core.decorators import policy_required, public
from steadfast.core.home import cards_for
from steadfast.core.scoping import scope_kind


@policy_required("home", "view")
def home(request):
    # Each domain app may contribute summary cards; the home page shows those the role can see and
    # that mean something to it, then the other pages it can open (not those a card already leads to).
    figures = cards_for(request.user)
    shown = {card["url"].split("?")[0] for card in figures}
    links, seen = [], set()
    for link in menu_entries(request.user, NAVIGATION[1:]):
        if link["url"] not in shown and link["url"] not in seen:
            seen.add(link["url"])
            links.append(link)
    return render(request, "core/home.html", {"links": links, "figures": figures,
                                              "narrowed_to": narrowed_to(request.user)})


@public
def healthz(request):
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return JsonResponse({"status": "unavailable", "database": "unreachable", "detail": exc.__class__.__name__}, status=503)
    if pending:
        return JsonResponse({"status": "unavailable", "database": "reachable", "pending_migrations": len(pending)}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor, "version": __version__})


def narrowed_to(user) -> str:
    """What a scope kind an app registered narrows this account to, in words ("country US, FR"),
    or "" (suppliers and customers are named from the account itself)."""
    keyword = scope_of(user)
    if keyword in (None, "supplier", "customer"):
        return ""
    kind = scope_kind(user)
    values = kind.value(user) if kind.many else [kind.value(user)]
    # A queryset's .values() rows are one-key dicts.
    shown = sorted(str(next(iter(v.values())) if isinstance(v, dict) else v) for v in values if v is not None)
    return f"{keyword} {', '.join(shown)}" if shown else f"no {keyword} yet"
