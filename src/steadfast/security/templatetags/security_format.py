"""Values rendered for people, not as Python: answers (lists joined, yes/no/partial/n.a. in words),
statuses by their labels, booleans as yes/no."""

from __future__ import annotations

from django import template

from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.models.findings import FindingStatus

register = template.Library()

ANSWER_WORDS = {"yes": "Yes", "no": "No", "partial": "Partially", "na": "Not applicable"}
STATUS_LABELS = {**dict(FindingStatus.choices), **dict(AssessmentStatus.choices)}


@register.filter
def answer(value) -> str:
    """An answer as a person reads it: "Cloud or hosting services, Software", "Yes", "—"."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return ANSWER_WORDS.get(str(value), str(value))


@register.filter
def status_label(value) -> str:
    """A stored status value by its label ("in_progress" → "In progress"); unknown values as they are."""
    if value in (None, ""):
        return "—"
    return str(STATUS_LABELS.get(value, value))
