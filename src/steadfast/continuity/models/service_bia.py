"""Business impact analysis per service kind of the customer networks (mobile, core, fixed, transport,
enterprise: `network.CustomerNetworkKind`): what the vendor's customers may bear when a kind of
service they run on its products is disrupted."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from steadfast.continuity.models._checks import positive
from steadfast.continuity.models.bcm import months_after
from steadfast.continuity.models.bia import Priority
from steadfast.core.models.base import TimeStampedModel
from steadfast.network.models import CustomerNetworkKind


class ServiceImpactAnalysis(TimeStampedModel):
    """MTPD, RTO, RPO, MBCO, priority and owner of one service kind (one record per kind)."""

    service_kind = models.CharField(max_length=20, choices=CustomerNetworkKind.choices, unique=True)
    mtpd_days = models.FloatField("maximum tolerable period of disruption (days)", validators=[MinValueValidator(0.01)])
    rto_days = models.FloatField("recovery time objective (days)", validators=[MinValueValidator(0.01)])
    rpo_hours = models.FloatField("recovery point objective (hours)", null=True, blank=True,
                                  validators=[MinValueValidator(0)], help_text="software and services only")
    mbco_percent = models.FloatField("minimum business continuity objective (% of normal output)",
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.MEDIUM)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner_name = models.CharField(max_length=150, blank=True, help_text="the accountable business owner")
    reviewed_on = models.DateField(null=True, blank=True)
    review_months = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1), MaxValueValidator(36)])
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["priority", "service_kind"]
        verbose_name = "service impact analysis"
        verbose_name_plural = "service impact analyses"
        constraints = [
            models.CheckConstraint(name="sbia_kind_valid", condition=Q(service_kind__in=CustomerNetworkKind.values)),
            positive("sbia_mtpd_positive", "mtpd_days"),
            positive("sbia_rto_positive", "rto_days"),
            models.CheckConstraint(name="sbia_rto_within_mtpd", condition=Q(rto_days__lte=F("mtpd_days"))),
            models.CheckConstraint(name="sbia_mbco_range", condition=Q(mbco_percent__gte=0, mbco_percent__lte=100)),
            models.CheckConstraint(name="sbia_rpo_non_negative", condition=Q(rpo_hours__gte=0) | Q(rpo_hours__isnull=True)),
            models.CheckConstraint(name="sbia_priority_range", condition=Q(priority__gte=1, priority__lte=4)),
            models.CheckConstraint(name="sbia_review_months_range", condition=Q(review_months__gte=1, review_months__lte=36)),
        ]

    def __str__(self) -> str:
        return f"BIA {self.get_service_kind_display()} service"

    def page_url(self) -> str:
        return reverse("continuity:service_bia", args=[self.pk])

    def clean(self):
        if self.rto_days is not None and self.mtpd_days is not None and self.rto_days > self.mtpd_days:
            raise ValidationError({"rto_days": "The RTO must not be longer than the MTPD."})

    @property
    def next_review(self):
        return months_after(self.reviewed_on, self.review_months) if self.reviewed_on else None
