"""Questionnaire templates: versioned lists of questions, each mapped to the controls it evidences."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from steadfast.core.models import TimeStampedModel

from ._checks import choice_check, range_check


class TemplateStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class AnswerType(models.TextChoices):
    YES_NO_PARTIAL_NA = "yes_no_partial_na", "Yes / no / partial / not applicable"
    SINGLE_CHOICE = "single_choice", "Single choice"
    MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
    NUMBER = "number", "Number"
    TEXT = "text", "Text"
    DATE = "date", "Date"
    EVIDENCE_FILE = "evidence_file", "Evidence file"


class QuestionnaireTemplate(TimeStampedModel):
    """A published version is frozen: assessments point at it, a change makes a new version."""

    Status = TemplateStatus

    name = models.CharField(max_length=255)
    version = models.PositiveIntegerField(default=1)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(name="template_name_version_unique", fields=["name", "version"]),
            models.CheckConstraint(name="template_version_positive", condition=Q(version__gte=1)),
            choice_check("template_status_valid", "status", TemplateStatus),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Question(models.Model):
    AnswerType = AnswerType

    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField()
    code = models.CharField(max_length=32, help_text="stable reference within the template, e.g. SC-01")
    section = models.CharField(max_length=120, blank=True)
    text = models.TextField()
    help_text = models.TextField(blank=True)
    answer_type = models.CharField(max_length=32, choices=AnswerType.choices)
    choices = models.JSONField(default=list, blank=True, help_text="options for single/multiple choice")
    weight = models.PositiveSmallIntegerField(default=1, help_text="0 (informational) to 10")
    required = models.BooleanField(default=True)
    # Visible only when the earlier question's answer is one of condition_values.
    condition_question = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="dependent_questions")
    condition_values = models.JSONField(default=list, blank=True)
    controls = models.ManyToManyField("security.Control", blank=True, related_name="questions")

    class Meta:
        ordering = ["template", "order"]
        constraints = [
            models.UniqueConstraint(name="question_template_order_unique", fields=["template", "order"]),
            models.UniqueConstraint(name="question_template_code_unique", fields=["template", "code"]),
            choice_check("question_answer_type_valid", "answer_type", AnswerType),
            range_check("question_weight_range", "weight", 0, 10),
            models.CheckConstraint(name="question_condition_not_self", condition=~Q(condition_question=F("id"))),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    def audit_label(self) -> str:
        return f"{self.template} {self.code}"
