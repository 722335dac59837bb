"""Transparency centres: the register (centres, rooms), evaluation sessions booked in the rooms, the
product versions presented there (with their SBOM hashes) and the findings they raise.

No room is ever double-booked: the database refuses two active sessions whose times overlap in the
same room. On PostgreSQL this is an exclusion constraint (GiST, `room WITH =`, `tstzrange && `) added
by migration 0002 through `django.contrib.postgres`; on SQLite two triggers (insert and update) do
the same check inside SQLite's write lock (docs/transparency.md, "Transparency centres").
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from steadfast.core.models import TimeStampedModel
from steadfast.core.validators import COUNTRY_CODES, validate_country


class Service(models.TextChoices):
    SOURCE_CODE_REVIEW = "source_code_review", "Source-code review"
    PRODUCT_TESTING = "product_testing", "Product security testing"
    INTEROP_TESTING = "interop_testing", "Interoperability testing"
    BRIEFING = "briefing", "Briefing"


class Centre(TimeStampedModel):
    ref = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    city = models.CharField(max_length=120)
    country = models.CharField(max_length=2, validators=[validate_country], db_index=True)
    address = models.CharField(max_length=300, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    offers_source_code_review = models.BooleanField(default=False)
    offers_product_testing = models.BooleanField(default=False)
    offers_interop_testing = models.BooleanField(default=False)
    offers_briefing = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.CheckConstraint(name="centre_country_iso", condition=Q(country__in=COUNTRY_CODES))]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("transparency:centre", args=[self.pk])

    def offers(self, service: str) -> bool:
        return bool(getattr(self, f"offers_{service}", False))

    @property
    def services(self) -> list[str]:
        return [label for value, label in Service.choices if self.offers(value)]


class Room(models.Model):
    centre = models.ForeignKey(Centre, on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=120)
    capacity = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    equipment = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["centre__name", "name"]
        constraints = [
            models.UniqueConstraint(name="room_centre_name_unique", fields=["centre", "name"]),
            models.CheckConstraint(name="room_capacity_positive", condition=Q(capacity__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.centre.name} · {self.name}"


class EvaluationStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    APPROVED = "approved", "Approved"
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    REPORTED = "reported", "Reported"
    REJECTED = "rejected", "Rejected"
    CANCELLED = "cancelled", "Cancelled"


# The statuses that hold a room (the exclusion constraint's WHERE): a request holds its slot until it
# is rejected or cancelled, so that approval never finds the room taken.
ACTIVE_STATUSES = ("requested", "approved", "scheduled", "held", "reported")

# request → approval → scheduled → held → report; rejected/cancelled end a session early.
TRANSITIONS = {
    "approve": (("requested",), "approved"),
    "reject": (("requested",), "rejected"),
    "schedule": (("approved",), "scheduled"),
    "hold": (("scheduled",), "held"),
    "report": (("held",), "reported"),
    "cancel": (("requested", "approved", "scheduled"), "cancelled"),
}


class Evaluation(TimeStampedModel):
    Status = EvaluationStatus

    ref = models.CharField(max_length=32, unique=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="evaluations")
    title = models.CharField(max_length=255)
    service = models.CharField(max_length=32, choices=Service.choices)
    organisation = models.CharField(max_length=255, help_text="who evaluates: the customer or the authority")
    customer = models.ForeignKey("network.Customer", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="evaluations")
    country = models.CharField(max_length=2, validators=[validate_country], db_index=True,
                               help_text="the evaluating organisation's country (regulators see their countries')")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="evaluation_requests")
    attendees = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    held_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    report_summary = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["room", "starts_at"])]
        constraints = [
            models.CheckConstraint(name="evaluation_ends_after_start", condition=Q(ends_at__gt=models.F("starts_at"))),
            models.CheckConstraint(name="evaluation_status_valid",
                                   condition=Q(status__in=[c.value for c in EvaluationStatus])),
            models.CheckConstraint(name="evaluation_service_valid", condition=Q(service__in=[c.value for c in Service])),
            models.CheckConstraint(name="evaluation_held_has_date",
                                   condition=~Q(status__in=["held", "reported"]) | Q(held_on__isnull=False)),
            models.CheckConstraint(name="evaluation_country_iso", condition=Q(country__in=COUNTRY_CODES)),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("transparency:evaluation", args=[self.pk])


class EvaluatedVersion(models.Model):
    """A product version presented in an evaluation, with the SHA-256 of its SBOM, so that a regulator
    can later check that a shipped version is the one evaluated."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="versions")
    product = models.ForeignKey("network.Item", on_delete=models.PROTECT, related_name="evaluated_versions")
    version = models.CharField(max_length=64)
    sbom_sha256 = models.CharField(max_length=64)
    component_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["product__name", "version"]
        constraints = [
            models.UniqueConstraint(name="evaluated_version_unique", fields=["evaluation", "product", "version"]),
            models.CheckConstraint(name="evaluated_version_sha256_hex", condition=Q(sbom_sha256__regex=r"^[0-9a-f]{64}$")),
        ]

    def __str__(self) -> str:
        return f"{self.product.name} {self.version}"


class FindingStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    RISK_ACCEPTED = "risk_accepted", "Risk accepted"


class EvaluationFinding(TimeStampedModel):
    Status = FindingStatus

    class Severity(models.IntegerChoices):
        LOW = 1, "Low"
        MEDIUM = 2, "Medium"
        HIGH = 3, "High"
        CRITICAL = 4, "Critical"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="findings")
    title = models.CharField(max_length=255)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.MEDIUM)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="evaluation_findings")
    due_on = models.DateField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_on"]
        constraints = [
            models.CheckConstraint(name="evaluation_finding_status_valid",
                                   condition=Q(status__in=[c.value for c in FindingStatus])),
            models.CheckConstraint(name="evaluation_finding_severity_range", condition=Q(severity__gte=1, severity__lte=4)),
            models.CheckConstraint(name="evaluation_finding_resolved_dated",
                                   condition=~Q(status="resolved") | Q(resolved_on__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.title


class RegulatorCountry(models.Model):
    """The countries a regulator account oversees (the "country" scope kind reads this table)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regulator_countries")
    country = models.CharField(max_length=2, validators=[validate_country])
    authority = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["user__username", "country"]
        constraints = [
            models.UniqueConstraint(name="regulator_country_unique", fields=["user", "country"]),
            models.CheckConstraint(name="regulator_country_iso", condition=Q(country__in=COUNTRY_CODES)),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.country}"
