"""Privacy figures for the home page, read through the scoped selectors (a supplier sees its own)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from steadfast.privacy import selectors


def privacy_cards(user) -> list[dict]:
    counts = selectors.dpas(user=user).aggregate(
        total=Count("id"), live=Count("id", filter=Q(status__in=("active", "expiring"))),
        waiting=Count("id", filter=Q(status="sent")), expiring=Count("id", filter=Q(status="expiring")))
    url = reverse("privacy:dpas")
    return [
        {"label": "Data processing agreements", "value": f"{counts['total']:,}", "url": url,
         "hint": f"{counts['live']:,} in force, {counts['expiring']:,} expiring"},
        {"label": "Awaiting signature", "value": f"{counts['waiting']:,}", "url": f"{url}?status=sent",
         "hint": "sent, not yet accepted"},
    ]
