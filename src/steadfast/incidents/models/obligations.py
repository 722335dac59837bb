"""The regulators' clocks: each obligation an incident owes, and the national user bases behind ENISA's thresholds."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from steadfast.core.models import TimeStampedModel
from steadfast.core.validators import COUNTRY_CODES, validate_country
from steadfast.incidents.models.incidents import Incident
from steadfast.network.models import CustomerNetworkKind


class ObligationStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    MISSED = "missed", "Missed"


class Obligation(TimeStampedModel):
    """One report owed to one authority (or one restore target), with its due time.

    `due_at` is recomputed by the rules on every change of the incident; `submitted_at` is what a
    person records. The status (open, met, missed) follows from both and the clock (selectors)."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="obligations")
    code = models.CharField(max_length=80, help_text="rule id + what it is owed for (country, network)")
    regime = models.CharField(max_length=16, db_index=True)
    rule = models.CharField(max_length=200)
    authority = models.CharField(max_length=200)
    legal_source = models.CharField(max_length=300)
    clock_started_at = models.DateTimeField()
    due_at = models.DateTimeField(db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    network = models.ForeignKey("network.CustomerNetwork", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    country = models.CharField(max_length=2, blank=True)
    report_fields = models.JSONField(default=dict, blank=True, help_text="what the report needs, as of the last evaluation")

    class Meta:
        ordering = ["incident", "due_at", "code"]
        constraints = [
            models.UniqueConstraint(name="obligation_code_unique", fields=["incident", "code"]),
            models.CheckConstraint(name="obligation_due_after_start", condition=Q(due_at__gte=models.F("clock_started_at"))),
        ]

    def __str__(self) -> str:
        return f"{self.rule} ({self.authority})"

    def audit_label(self) -> str:
        return f"{self.incident.ref} {self.rule}"[:255]


class NationalUserBase(TimeStampedModel):
    """Users of one kind of network service in one country: the denominator of ENISA's percentages."""

    country = models.CharField(max_length=2, validators=[validate_country])
    kind = models.CharField(max_length=16, choices=CustomerNetworkKind.choices)
    users = models.PositiveBigIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["country", "kind"]
        constraints = [
            models.UniqueConstraint(name="national_user_base_unique", fields=["country", "kind"]),
            models.CheckConstraint(name="national_user_base_country_iso", condition=Q(country__in=COUNTRY_CODES)),
            models.CheckConstraint(name="national_user_base_positive", condition=Q(users__gt=0)),
        ]

    def __str__(self) -> str:
        return f"{self.country} {self.kind}: {self.users:,}"

    def audit_label(self) -> str:
        return str(self)
