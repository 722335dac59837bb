"""Supplier-security figures for the home page, read through the scoped selectors."""

from __future__ import annotations

from django.urls import reverse

from steadfast.core.policy import can
from steadfast.security.selectors import workflow


def security_cards(user) -> list[dict]:
    open_findings = workflow.findings(user=user).filter(status="open")
    cards = [
        {"label": "Open findings", "value": f"{open_findings.count():,}", "url": reverse("security:findings"),
         "hint": f"{open_findings.filter(severity='critical').count():,} critical"},
        {"label": "Overdue findings", "value": f"{workflow.overdue_findings(user=user).count():,}",
         "url": reverse("security:findings") + "?overdue=1"},
    ]
    if can(user, "security.review", "change"):
        cards.append({"label": "Awaiting review", "value": f"{workflow.review_queue(user=user).count():,}",
                      "url": reverse("security:review_queue")})
    return cards
