"""Supplier-security figures for the home page, read through the scoped selectors."""

from __future__ import annotations

from django.urls import reverse

from steadfast.core.policy import can
from steadfast.security.selectors import workflow
from steadfast.security.selectors.counts import finding_counts


def security_cards(user) -> list[dict]:
    """Each tile is a named count of the findings list and links to exactly that list (selectors/counts.py)."""
    counts = finding_counts(user=user, keys=("open", "open_critical", "overdue"))
    cards = [{"label": c["label"], "value": f"{c['value']:,}", "url": c["url"]} for c in counts.values()]
    if can(user, "security.review", "change"):
        cards.append({"label": "Awaiting review", "value": f"{workflow.review_queue(user=user).count():,}",
                      "url": reverse("security:review_queue")})
    return cards
