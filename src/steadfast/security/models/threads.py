"""The comment thread on each question of an assessment: the reviewer's requests at each return and
the supplier's replies, kept across rounds (an assessment's round is 1 + the number of returns)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan

from steadfast.core.models import TimeStampedModel

from ._checks import choice_check


class CommentSide(models.TextChoices):
    REVIEWER = "reviewer", "Reviewer"
    SUPPLIER = "supplier", "Supplier"


class AnswerComment(TimeStampedModel):
    """One message on one question of one assessment. Never edited nor deleted by the workflow:
    the thread is the record of what was asked and answered, round after round."""

    Side = CommentSide

    assessment = models.ForeignKey("security.Assessment", on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey("security.Question", on_delete=models.PROTECT, related_name="comments")
    side = models.CharField(max_length=16, choices=CommentSide.choices)
    round = models.PositiveSmallIntegerField(help_text="the assessment's round the comment was made in")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="security_answer_comments")
    # Who wrote it, as shown: a user's name, or the email of a magic-link visitor (who has no account).
    author_label = models.CharField(max_length=255)
    text = models.TextField(max_length=5000)

    audit_fields = ("assessment_id", "question_id", "side", "round", "author_label", "text")

    class Meta:
        ordering = ["assessment", "question", "created_at", "pk"]
        constraints = [
            choice_check("answer_comment_side_valid", "side", CommentSide),
            models.CheckConstraint(name="answer_comment_round_positive", condition=Q(round__gte=1)),
            # Something said: not empty, not only spaces (the service also strips line breaks and tabs).
            models.CheckConstraint(name="answer_comment_text_not_blank",
                                   condition=GreaterThan(Length(Trim("text")), 0)),
            models.CheckConstraint(name="answer_comment_author_named", condition=~Q(author_label="")),
        ]
        indexes = [models.Index(fields=["assessment", "question", "created_at"])]

    def __str__(self) -> str:
        return f"{self.get_side_display()} comment on {self.question_id} (round {self.round})"

    def audit_label(self) -> str:
        return f"comment on assessment {self.assessment_id}, round {self.round}"
