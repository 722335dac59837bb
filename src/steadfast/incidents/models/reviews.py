"""Post-incident reviews: what happened, why, what went well, and the actions tracked to closure."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from steadfast.core.models import TimeStampedModel
from steadfast.incidents.models.incidents import Incident


class PostIncidentReview(TimeStampedModel):
    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="review")
    due_at = models.DateTimeField(db_index=True, help_text="resolution + the review period")
    timeline_summary = models.TextField(blank=True)
    contributing_factors = models.TextField(blank=True)
    went_well = models.TextField(blank=True, help_text="what went well")
    went_badly = models.TextField(blank=True, help_text="what did not")
    completed_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            # a completed review says what happened and why
            models.CheckConstraint(name="review_completed_has_content",
                                   condition=Q(completed_at__isnull=True)
                                   | (~Q(timeline_summary="") & ~Q(contributing_factors=""))),
        ]

    def __str__(self) -> str:
        return f"Review of {self.incident_id}"

    def audit_label(self) -> str:
        return f"review of {self.incident.ref}"


class ReviewAction(TimeStampedModel):
    review = models.ForeignKey(PostIncidentReview, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_actions")
    due_date = models.DateField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["review", "closed_at", "due_date", "id"]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"action: {self.title}"[:255]
