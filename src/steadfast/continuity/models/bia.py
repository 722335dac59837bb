"""Business impact analysis (ISO 22301 terms) per product."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from steadfast.continuity.models._checks import positive
from steadfast.continuity.models.bcm import months_after
from steadfast.core.models.base import TimeStampedModel


class Priority(models.IntegerChoices):
    CRITICAL = 1, "1 critical"
    HIGH = 2, "2 high"
    MEDIUM = 3, "3 medium"
    LOW = 4, "4 low"


class ImpactTargets(TimeStampedModel):
    """What a BIA sets, for a product or a service kind: how long it may be short (MTPD), how soon it
    must be back (RTO), how much data it may lose (RPO, for software and services), what share of
    normal output must continue (MBCO), its priority, owner and review cadence."""

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
        abstract = True

    def clean(self):
        if self.rto_days is not None and self.mtpd_days is not None and self.rto_days > self.mtpd_days:
            raise ValidationError({"rto_days": "The RTO must not be longer than the MTPD."})

    @property
    def next_review(self) -> dt.date | None:
        return months_after(self.reviewed_on, self.review_months) if self.reviewed_on else None


def impact_target_checks(prefix: str) -> list:
    """The database's checks on an ImpactTargets table, named with the table's prefix."""
    return [
        positive(f"{prefix}_mtpd_positive", "mtpd_days"),
        positive(f"{prefix}_rto_positive", "rto_days"),
        models.CheckConstraint(name=f"{prefix}_rto_within_mtpd", condition=Q(rto_days__lte=F("mtpd_days"))),
        models.CheckConstraint(name=f"{prefix}_mbco_range", condition=Q(mbco_percent__gte=0, mbco_percent__lte=100)),
        models.CheckConstraint(name=f"{prefix}_rpo_non_negative",
                               condition=Q(rpo_hours__gte=0) | Q(rpo_hours__isnull=True)),
        models.CheckConstraint(name=f"{prefix}_priority_range", condition=Q(priority__gte=1, priority__lte=4)),
        models.CheckConstraint(name=f"{prefix}_review_months_range",
                               condition=Q(review_months__gte=1, review_months__lte=36)),
    ]


class ImpactAnalysis(ImpactTargets):
    """The BIA of one product."""

    Priority = Priority

    product = models.OneToOneField("network.Item", on_delete=models.CASCADE, related_name="impact_analysis")

    class Meta:
        ordering = ["priority", "product__ref"]
        verbose_name = "business impact analysis"
        verbose_name_plural = "business impact analyses"
        constraints = impact_target_checks("bia")

    def __str__(self) -> str:
        return f"BIA {self.product_id}"

    def page_url(self) -> str:
        return reverse("continuity:bia", args=[self.pk])
