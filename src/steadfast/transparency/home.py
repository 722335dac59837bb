"""Transparency figures for the home page, read through the scoped selectors; each card opens the
list it counts."""

from __future__ import annotations

from django.urls import reverse

from steadfast.core.scoping import is_scoped
from steadfast.transparency.models import EvaluationStatus
from steadfast.transparency.selectors import centres, portal, publications


def figures_cards(user) -> list[dict]:
    current = publications.current()
    latest = current[0] if current else None
    hint = f"latest: {latest.period_label}, signed {latest.published_at:%Y-%m-%d}" if latest else "none published yet"
    return [{"label": "Signed publications", "value": f"{len(current):,}", "url": reverse("transparency:trust"),
             "hint": hint}]


def centres_cards(user) -> list[dict]:
    url = reverse("transparency:evaluations")
    if is_scoped(user):  # a customer's or a regulator's own sessions, whatever their state
        return [{"label": "Evaluation sessions", "value": f"{centres.evaluations(user=user).count():,}", "url": url,
                 "hint": "yours, at the transparency centres"}]
    requested = centres.evaluations(user=user, status=EvaluationStatus.REQUESTED).count()
    scheduled = centres.evaluations(user=user, status=EvaluationStatus.SCHEDULED).count()
    return [
        {"label": "Evaluations scheduled", "value": f"{scheduled:,}", "url": f"{url}?status=scheduled",
         "hint": "at the transparency centres"},
        {"label": "Evaluations requested", "value": f"{requested:,}", "url": f"{url}?status=requested",
         "hint": "awaiting approval"},
    ]


def portal_cards(user) -> list[dict]:
    if not portal.is_custodian(user):
        mine = portal.requests(user=user).filter(requester=user).count()
        return [{"label": "My document requests", "value": f"{mine:,}", "url": reverse("transparency:portal"),
                 "hint": "gated documents in the portal"}]
    waiting = portal.requests(user=user, status="nda_accepted").count()
    return [{"label": "Access requests awaiting a decision", "value": f"{waiting:,}", "url": reverse("transparency:portal"),
             "hint": "NDA accepted, awaiting approval"}]
