"""The BCM organisation (ISO 22301 clause 5): who answers for the continuity of a product, a site or
a tier of suppliers, and the policy, scope and objectives as reviewed, approved records."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from steadfast.continuity.models._checks import choice_check
from steadfast.core.models.base import TimeStampedModel


def months_after(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    return dt.date(day.year + month // 12, month % 12 + 1, min(day.day, 28))


class OwnerScope(models.TextChoices):
    PRODUCT = "product", "Product"
    SITE = "site", "Site"
    SUPPLIER_TIER = "supplier_tier", "Supplier tier"


class ContinuityOwner(TimeStampedModel):
    """The person accountable for one product's, one site's or one supplier tier's continuity, and a deputy."""

    Scope = OwnerScope

    scope = models.CharField(max_length=14, choices=OwnerScope.choices)
    product = models.OneToOneField("network.Item", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="continuity_owner")
    site = models.OneToOneField("network.Site", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="continuity_owner")
    supplier_tier = models.PositiveSmallIntegerField(null=True, blank=True, unique=True,
                                                     validators=[MinValueValidator(1), MaxValueValidator(9)])
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    deputy = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(blank=True)

    audit_fields = ("scope", "product_id", "site_id", "supplier_tier", "owner_id", "deputy_id", "notes")

    class Meta:
        ordering = ["scope", "supplier_tier", "pk"]
        constraints = [
            choice_check("bcm_owner_scope_valid", "scope", OwnerScope),
            # exactly the scope's target is set
            models.CheckConstraint(name="bcm_owner_scope_target", condition=(
                Q(scope=OwnerScope.PRODUCT, product__isnull=False, site__isnull=True, supplier_tier__isnull=True)
                | Q(scope=OwnerScope.SITE, product__isnull=True, site__isnull=False, supplier_tier__isnull=True)
                | Q(scope=OwnerScope.SUPPLIER_TIER, product__isnull=True, site__isnull=True,
                    supplier_tier__gte=1, supplier_tier__lte=9))),
            models.CheckConstraint(name="bcm_owner_deputy_differs", condition=~Q(deputy=F("owner"))),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.target_label}: {self.owner}"

    @property
    def target_label(self) -> str:
        if self.scope == OwnerScope.SUPPLIER_TIER:
            return f"tier {self.supplier_tier}"
        target = self.product if self.scope == OwnerScope.PRODUCT else self.site
        return getattr(target, "ref", "")

    def page_url(self) -> str:
        return reverse("continuity:bcm_owner_edit", args=[self.pk])

    def clean(self):
        targets = {"product": self.product_id, "site": self.site_id, "supplier_tier": self.supplier_tier}
        if self.scope in targets and not targets[self.scope]:
            raise ValidationError({self.scope: f"a {self.get_scope_display().lower()} owner names its {self.scope.replace('_', ' ')}"})
        extra = [name for name, value in targets.items() if value and name != self.scope]
        if extra:
            raise ValidationError({extra[0]: f"a {self.get_scope_display().lower()} owner names no {extra[0].replace('_', ' ')}"})
        if self.deputy_id is not None and self.deputy_id == self.owner_id:
            raise ValidationError({"deputy": "the deputy must be someone other than the owner"})


class DocumentKind(models.TextChoices):
    POLICY = "policy", "Policy"
    SCOPE = "scope", "Scope"
    OBJECTIVE = "objective", "Objective"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"
    RETIRED = "retired", "Retired"


class BcmDocument(TimeStampedModel):
    """The BCM policy, the scope of the BCM system, and its measurable objectives: owned, approved in
    numbered versions, reviewed on a cadence."""

    Kind = DocumentKind
    Status = DocumentStatus

    ref = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=10, choices=DocumentKind.choices, db_index=True)
    title = models.CharField(max_length=255)
    statement = models.TextField(help_text="the policy text, what the scope covers, or what the objective commits to")
    measure = models.CharField(max_length=255, blank=True, help_text="objectives: how it is measured and the target")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    version = models.PositiveSmallIntegerField(default=0, help_text="0 until first approved")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    review_months = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1), MaxValueValidator(36)])

    audit_fields = ("ref", "kind", "title", "statement", "measure", "owner_id", "status", "version", "approved_by_id",
                    "approved_on", "reviewed_on", "review_months")

    class Meta:
        ordering = ["kind", "ref"]
        constraints = [
            choice_check("bcm_document_kind_valid", "kind", DocumentKind),
            choice_check("bcm_document_status_valid", "status", DocumentStatus),
            models.CheckConstraint(name="bcm_document_review_months_range", condition=Q(review_months__gte=1, review_months__lte=36)),
            # approved means a numbered version with its date
            models.CheckConstraint(name="bcm_document_approved_versioned", condition=(
                ~Q(status=DocumentStatus.APPROVED) | Q(version__gte=1, approved_on__isnull=False))),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def page_url(self) -> str:
        return reverse("continuity:bcm_document", args=[self.pk])

    @property
    def next_review(self) -> dt.date | None:
        return months_after(self.reviewed_on, self.review_months) if self.reviewed_on else None

    def review_overdue(self, today: dt.date) -> bool:
        """Never reviewed, or past its next review (a retired record is never overdue)."""
        if self.status == DocumentStatus.RETIRED:
            return False
        due = self.next_review
        return due is None or due < today
