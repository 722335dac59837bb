"""Campaigns, assessments, answers, evidence files and magic links for supplier respondents."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from steadfast.core.models import TimeStampedModel

from ._checks import choice_check, range_check


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    RUNNING = "running", "Running"
    CLOSED = "closed", "Closed"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    INVITED = "invited", "Invited"
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned"
    ACCEPTED = "accepted", "Accepted"


class Campaign(TimeStampedModel):
    Status = CampaignStatus

    name = models.CharField(max_length=255)
    template = models.ForeignKey("security.QuestionnaireTemplate", on_delete=models.PROTECT, related_name="campaigns")
    due_date = models.DateField()
    filter = models.JSONField(default=dict, blank=True, help_text="supplier selection: tier, country, category, due")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="security_campaigns")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    launched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [choice_check("campaign_status_valid", "status", CampaignStatus)]

    def __str__(self) -> str:
        return self.name


class Assessment(TimeStampedModel):
    """One supplier answering one template version. Accepted assessments are locked."""

    Status = AssessmentStatus

    supplier = models.ForeignKey("network.Supplier", on_delete=models.PROTECT, related_name="assessments")
    template = models.ForeignKey("security.QuestionnaireTemplate", on_delete=models.PROTECT, related_name="assessments")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    due_date = models.DateField(null=True, blank=True, db_index=True)
    score = models.FloatField(null=True, blank=True, help_text="weighted control coverage, 0-100")
    inherent_score = models.FloatField(null=True, blank=True, help_text="the supplier's inherent risk when scored")
    residual_risk = models.FloatField(null=True, blank=True, help_text="0-100")
    invited_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="reviewed_assessments")
    locked = models.BooleanField(default=False)
    # 1 + the number of times it was returned: the reviewer's comments and the supplier's replies
    # are kept per round (see models/threads.py).
    round = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            choice_check("assessment_status_valid", "status", AssessmentStatus),
            models.CheckConstraint(name="assessment_round_positive", condition=Q(round__gte=1)),
            # A returned assessment has been returned at least once: it is in round 2 or later.
            models.CheckConstraint(name="assessment_returned_round",
                                   condition=~Q(status=AssessmentStatus.RETURNED) | Q(round__gte=2)),
            range_check("assessment_score_range", "score", 0, 100, nullable=True),
            range_check("assessment_inherent_range", "inherent_score", 0, 100, nullable=True),
            range_check("assessment_residual_range", "residual_risk", 0, 100, nullable=True),
            # Only an accepted assessment is locked, and an accepted one has its acceptance time.
            models.CheckConstraint(name="assessment_locked_only_accepted",
                                   condition=Q(locked=False) | Q(status=AssessmentStatus.ACCEPTED)),
            models.CheckConstraint(name="assessment_accepted_has_time",
                                   condition=~Q(status=AssessmentStatus.ACCEPTED) | Q(accepted_at__isnull=False)),
            models.CheckConstraint(name="assessment_submitted_has_time",
                                   condition=~Q(status__in=[AssessmentStatus.SUBMITTED, AssessmentStatus.ACCEPTED])
                                   | Q(submitted_at__isnull=False)),
            models.UniqueConstraint(name="assessment_one_per_campaign_supplier", fields=["campaign", "supplier"],
                                    condition=Q(campaign__isnull=False)),
        ]
        indexes = [models.Index(fields=["supplier", "status"])]

    def __str__(self) -> str:
        return f"Assessment {self.pk} of supplier {self.supplier_id}"

    def audit_label(self) -> str:
        return f"assessment {self.pk} ({self.status})"


class Answer(TimeStampedModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey("security.Question", on_delete=models.PROTECT, related_name="answers")
    value = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="security_answers")

    class Meta:
        ordering = ["assessment", "question__order"]
        constraints = [models.UniqueConstraint(name="answer_assessment_question_unique", fields=["assessment", "question"])]

    def __str__(self) -> str:
        return f"answer to {self.question_id} in {self.assessment_id}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Content-addressed under the assessment: the stored name never comes from the uploader.
    return f"security/evidence/{instance.assessment_id}/{instance.sha256}"


class Evidence(TimeStampedModel):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question = models.ForeignKey("security.Question", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=127)
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="security_evidence")
    # Who uploaded it, as shown: a user's name, or the email of a magic-link visitor (no account).
    uploaded_by_label = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["assessment", "created_at"]
        constraints = [
            models.UniqueConstraint(name="evidence_unique_per_question", fields=["assessment", "question", "sha256"]),
            models.CheckConstraint(name="evidence_size_positive", condition=Q(size__gt=0)),
        ]

    def __str__(self) -> str:
        return self.original_name


class LinkPurpose(models.TextChoices):
    ANSWER = "answer", "Answer the questionnaire"
    REMEDIATE = "remediate", "Answer findings with remediation plans"


class MagicLink(TimeStampedModel):
    """A single-use, expiring invitation; only the SHA-256 of the token is stored.

    An "answer" link opens its assessment while it is open for answers; a "remediate" link (sent
    when findings are raised, and with finding reminders) opens the supplier's open findings, with
    the accepted assessment they came from when there is one (KEV findings have none)."""

    Purpose = LinkPurpose

    supplier = models.ForeignKey("network.Supplier", on_delete=models.CASCADE, related_name="security_links")
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="magic_links")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=16, choices=LinkPurpose.choices, default=LinkPurpose.ANSWER)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    audit_fields = ("supplier_id", "assessment_id", "email", "purpose", "expires_at", "used_at", "revoked_at")  # never the hash

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="magic_link_expires_after_creation", condition=Q(expires_at__gt=F("created_at"))),
            choice_check("magic_link_purpose_valid", "purpose", LinkPurpose),
            # Only a remediate link may stand without an assessment (findings from SBOM/KEV).
            models.CheckConstraint(name="magic_link_answer_has_assessment",
                                   condition=~Q(purpose=LinkPurpose.ANSWER) | Q(assessment__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"link for {self.email}"
