"""Contingency plans per hazard and scope, their steps, resources and approved versions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from steadfast.continuity.models._checks import Hazard, choice_check
from steadfast.core.models.base import TimeStampedModel
from steadfast.core.validators import validate_country


class PlanScope(models.TextChoices):
    SITE = "site", "Site"
    COUNTRY = "country", "Country"
    SUPPLIER = "supplier", "Supplier"
    PRODUCT = "product", "Product"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    RETIRED = "retired", "Retired"


class ContinuityPlan(TimeStampedModel):
    Hazard = Hazard
    Scope = PlanScope
    Status = PlanStatus

    ref = models.CharField(max_length=40, unique=True)
    title = models.CharField(max_length=255)
    hazard = models.CharField(max_length=20, choices=Hazard.choices, db_index=True)
    scope = models.CharField(max_length=10, choices=PlanScope.choices)
    site = models.ForeignKey("network.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="continuity_plans")
    supplier = models.ForeignKey("network.Supplier", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="continuity_plans")
    product = models.ForeignKey("network.Item", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="continuity_plans")
    country = models.CharField(max_length=2, blank=True, validators=[validate_country])
    activation_criteria = models.TextField()
    communication_tree = models.TextField(blank=True, help_text="who calls whom, one line each")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    owner_name = models.CharField(max_length=150, blank=True)
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT, db_index=True)
    review_months = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1), MaxValueValidator(36)])
    last_reviewed_on = models.DateField(null=True, blank=True)
    scenarios = models.ManyToManyField("continuity.SavedScenario", blank=True, related_name="plans")

    audit_fields = ("ref", "title", "hazard", "scope", "site_id", "supplier_id", "product_id", "country",
                    "activation_criteria", "status", "review_months", "last_reviewed_on")

    class Meta:
        ordering = ["ref"]
        constraints = [
            choice_check("plan_hazard_valid", "hazard", Hazard),
            choice_check("plan_scope_valid", "scope", PlanScope),
            choice_check("plan_status_valid", "status", PlanStatus),
            # exactly the scope's target is set
            models.CheckConstraint(name="plan_scope_target", condition=(
                Q(scope=PlanScope.SITE, site__isnull=False, supplier__isnull=True, product__isnull=True, country="")
                | Q(scope=PlanScope.SUPPLIER, site__isnull=True, supplier__isnull=False, product__isnull=True, country="")
                | Q(scope=PlanScope.PRODUCT, site__isnull=True, supplier__isnull=True, product__isnull=False, country="")
                | (Q(scope=PlanScope.COUNTRY, site__isnull=True, supplier__isnull=True, product__isnull=True)
                   & ~Q(country="")))),
            models.CheckConstraint(name="plan_review_months_range", condition=Q(review_months__gte=1, review_months__lte=36)),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def page_url(self) -> str:
        return reverse("continuity:plan", args=[self.pk])

    def clean(self):
        targets = {"site": self.site_id, "supplier": self.supplier_id, "product": self.product_id, "country": self.country}
        if self.scope in targets and not targets[self.scope]:
            raise ValidationError({self.scope: f"A {self.get_scope_display().lower()} plan names its {self.scope}."})
        extra = [name for name, value in targets.items() if value and name != self.scope]
        if extra:
            raise ValidationError({extra[0]: f"A {self.get_scope_display().lower()} plan names no {extra[0]}."})

    @property
    def next_review(self) -> dt.date | None:
        if self.last_reviewed_on is None:
            return None
        month = self.last_reviewed_on.month - 1 + self.review_months
        return dt.date(self.last_reviewed_on.year + month // 12, month % 12 + 1, min(self.last_reviewed_on.day, 28))

    def review_overdue(self, today: dt.date) -> bool:
        due = self.next_review
        return due is None or due < today

    @property
    def scope_label(self) -> str:
        if self.scope == PlanScope.COUNTRY:
            return self.country
        target = {"site": self.site, "supplier": self.supplier, "product": self.product}[self.scope]
        return getattr(target, "ref", "")


class PlanStep(models.Model):
    plan = models.ForeignKey(ContinuityPlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    action = models.CharField(max_length=500)
    owner_role = models.CharField(max_length=120, help_text="who does it, e.g. 'regional supply manager'")
    within_hours = models.FloatField(help_text="hours after activation", validators=[MinValueValidator(0)])

    class Meta:
        ordering = ["plan", "position"]
        constraints = [
            models.UniqueConstraint(name="plan_step_position_unique", fields=["plan", "position"]),
            models.CheckConstraint(name="plan_step_within_non_negative", condition=Q(within_hours__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.action}"


class ResourceKind(models.TextChoices):
    ALTERNATE_SOURCE = "alternate_source", "Alternate source"
    ALTERNATE_SITE = "alternate_site", "Alternate site"
    INVENTORY = "inventory", "Safety inventory"


class PlanResource(models.Model):
    """What the plan falls back on: an alternate source or site on the map, or stock."""

    Kind = ResourceKind

    plan = models.ForeignKey(ContinuityPlan, on_delete=models.CASCADE, related_name="resources")
    kind = models.CharField(max_length=20, choices=ResourceKind.choices)
    source = models.ForeignKey("network.ItemSource", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    site = models.ForeignKey("network.Site", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    units = models.FloatField(null=True, blank=True, help_text="safety inventory: units held at the source")
    note = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            choice_check("plan_resource_kind_valid", "kind", ResourceKind),
            models.CheckConstraint(name="plan_resource_units_positive", condition=Q(units__gt=0) | Q(units__isnull=True)),
            models.CheckConstraint(name="plan_resource_target", condition=(
                Q(kind=ResourceKind.ALTERNATE_SITE, site__isnull=False, source__isnull=True)
                | (~Q(kind=ResourceKind.ALTERNATE_SITE) & Q(source__isnull=False, site__isnull=True)))),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.note or self.source_id or self.site_id}"


class PlanVersion(models.Model):
    """An approved edition of the plan; numbers count up per plan."""

    plan = models.ForeignKey(ContinuityPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    summary = models.CharField(max_length=500)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approver_name = models.CharField(max_length=150, blank=True)
    approved_on = models.DateField()

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [models.UniqueConstraint(name="plan_version_unique", fields=["plan", "number"]),
                       models.CheckConstraint(name="plan_version_positive", condition=Q(number__gte=1))]

    def __str__(self) -> str:
        return f"v{self.number}"
