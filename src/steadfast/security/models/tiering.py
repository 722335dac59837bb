"""The intake profile of a supplier and the inherent risk and tier computed from it and the map."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from steadfast.core.models import TimeStampedModel

from ._checks import range_check


class SupplierRiskProfile(TimeStampedModel):
    supplier = models.OneToOneField("network.Supplier", on_delete=models.CASCADE, related_name="risk_profile")
    # Intake: what the supplier touches.
    network_access = models.BooleanField(default=False, help_text="access into customer networks")
    remote_access = models.BooleanField(default=False, help_text="remote access to our systems")
    personal_data = models.BooleanField(default=False, help_text="processes personal data for us")
    software_in_products = models.BooleanField(default=False, help_text="software or firmware in our products")
    hosts_our_data = models.BooleanField(default=False)
    physical_access = models.BooleanField(default=False, help_text="physical access to our or customers' sites")
    # Weight on the business map, as last computed.
    products_exposed = models.PositiveIntegerField(default=0)
    networks_exposed = models.PositiveIntegerField(default=0)
    revenue_exposed = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    # The result: documented in docs/security.md.
    inherent_score = models.FloatField(null=True, blank=True, help_text="0-100")
    tier = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1 (highest risk) to 4", db_index=True)
    tier_reasons = models.JSONField(default=list, blank=True)
    tier_override = models.PositiveSmallIntegerField(null=True, blank=True)
    tier_override_reason = models.TextField(blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    next_reassessment_due = models.DateField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["supplier"]
        constraints = [
            range_check("risk_profile_score_range", "inherent_score", 0, 100, nullable=True),
            range_check("risk_profile_tier_range", "tier", 1, 4, nullable=True),
            range_check("risk_profile_override_range", "tier_override", 1, 4, nullable=True),
            models.CheckConstraint(name="risk_profile_override_has_reason",
                                   condition=Q(tier_override__isnull=True) | ~Q(tier_override_reason="")),
            models.CheckConstraint(name="risk_profile_revenue_nonnegative", condition=Q(revenue_exposed__gte=0)),
        ]

    def __str__(self) -> str:
        return f"risk profile of {self.supplier_id}"

    @property
    def effective_tier(self) -> int | None:
        return self.tier_override or self.tier
