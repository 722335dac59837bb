"""Records of processing activities (GDPR Art. 30(1) as controller, 30(2) as processor)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from steadfast.core.models import TimeStampedModel
from steadfast.network.models import ref_validator
from steadfast.privacy.models.choices import LegalBasis, OurRole, SpecialCondition, values


class ProcessingActivity(TimeStampedModel):
    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    name = models.CharField(max_length=200)
    our_role = models.CharField(max_length=20, choices=OurRole.choices, default=OurRole.CONTROLLER, db_index=True)
    purpose = models.TextField()
    legal_basis = models.CharField(max_length=8, choices=LegalBasis.choices, db_index=True)
    special_condition = models.CharField("Art. 9(2) condition", max_length=8, choices=SpecialCondition.choices,
                                         blank=True, help_text="required when special categories are processed")
    # Lists of DataCategory / SubjectCategory values and ISO country codes (validated in services).
    data_categories = models.JSONField(default=list, blank=True)
    subject_categories = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True, help_text="ISO 3166-1 alpha-2 codes where the data is processed")
    processes_special_categories = models.BooleanField(default=False)
    recipients = models.TextField(blank=True)
    retention = models.CharField(max_length=255)
    security_measures = models.TextField("technical and organisational measures", blank=True)
    controller_name = models.CharField(max_length=255, blank=True, help_text="as processor (Art. 30(2)): on whose behalf")
    processors = models.ManyToManyField("network.Supplier", blank=True, related_name="processing_activities")
    items = models.ManyToManyField("network.Item", blank=True, related_name="processing_activities")
    # Art. 30(1)(g): the measures, as controls of a framework the security app holds.
    controls = models.ManyToManyField("security.Control", blank=True, related_name="processing_activities")

    audit_fields = ("ref", "name", "our_role", "purpose", "legal_basis", "special_condition", "data_categories",
                    "subject_categories", "countries", "processes_special_categories", "recipients", "retention",
                    "security_measures", "controller_name")

    class Meta:
        ordering = ["ref"]
        verbose_name_plural = "processing activities"
        constraints = [
            models.CheckConstraint(name="activity_role_valid", condition=Q(our_role__in=values(OurRole))),
            models.CheckConstraint(name="activity_legal_basis_valid", condition=Q(legal_basis__in=values(LegalBasis))),
            models.CheckConstraint(name="activity_special_condition_valid",
                                   condition=Q(special_condition__in=values(SpecialCondition))),
            # Art. 9(1): special categories need an Art. 9(2) condition besides the Art. 6 basis.
            models.CheckConstraint(name="activity_special_needs_condition",
                                   condition=Q(processes_special_categories=False) | ~Q(special_condition="")),
            models.CheckConstraint(name="activity_processor_names_controller",
                                   condition=~Q(our_role=OurRole.PROCESSOR) | ~Q(controller_name="")),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("privacy:activity", args=[self.pk])
