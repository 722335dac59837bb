"""An incident in customers' networks and its place on the business map."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from steadfast.core.models import TimeStampedModel
from steadfast.incidents.models.choices import (
    OPEN_STATUSES,
    CauseCategory,
    Hazard,
    IncidentKind,
    ServiceImpact,
    Severity,
    Status,
    values,
)


def _after(later: str, earlier: str, name: str) -> models.CheckConstraint:
    """`later` is empty, or not before `earlier` (when that is set)."""
    return models.CheckConstraint(
        name=name, condition=Q(**{f"{later}__isnull": True}) | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}))


def _requires(statuses, field: str, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(name=name, condition=~Q(status__in=statuses) | Q(**{f"{field}__isnull": False}))


class Incident(TimeStampedModel):
    Kind = IncidentKind
    Status = Status

    ref = models.CharField(max_length=32, unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    kind = models.CharField(max_length=24, choices=IncidentKind.choices, db_index=True)
    service_impact = models.CharField(max_length=16, choices=ServiceImpact.choices, default=ServiceImpact.UNKNOWN)
    severity = models.PositiveSmallIntegerField(choices=Severity.choices, default=Severity.SEV1, db_index=True,
                                                help_text="from the severity matrix, never typed")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.CANDIDATE, db_index=True)
    cause_category = models.CharField(max_length=24, choices=CauseCategory.choices, blank=True, default="", db_index=True)
    hazard = models.CharField(max_length=24, choices=Hazard.choices, blank=True, default="", db_index=True)
    personal_data = models.BooleanField(default=False, help_text="personal data involved (GDPR Art. 33)")
    nis2_significant = models.BooleanField(default=False, help_text="marked significant under NIS2 Art. 23")
    privacy_breach_ref = models.CharField(max_length=64, blank=True, help_text="the privacy app's breach register entry")

    impact_started_at = models.DateTimeField(db_index=True)
    detected_at = models.DateTimeField()
    declared_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True, help_text="the first responder took it")
    investigating_at = models.DateTimeField(null=True, blank=True)
    mitigated_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    # Computed by the services from the affected networks and the times (never typed).
    subscribers_affected = models.PositiveBigIntegerField(default=0)
    user_minutes = models.PositiveBigIntegerField(default=0, help_text="to resolution, or to the last change while open")

    alert_key = models.CharField(max_length=200, blank=True, default="", help_text="dedup key of the alerts that opened it")
    version = models.PositiveIntegerField(default=1, help_text="optimistic lock: every change adds one")

    networks = models.ManyToManyField("network.CustomerNetwork", through="AffectedNetwork", related_name="incidents")
    sites = models.ManyToManyField("network.Site", blank=True, related_name="incidents")
    suppliers = models.ManyToManyField("network.Supplier", blank=True, related_name="incidents")
    items = models.ManyToManyField("network.Item", blank=True, related_name="incidents",
                                   help_text="products and items involved")

    audit_fields = ("ref", "title", "summary", "kind", "service_impact", "severity", "status", "cause_category", "hazard",
                    "personal_data", "nis2_significant", "privacy_breach_ref", "impact_started_at", "detected_at",
                    "declared_at", "acknowledged_at", "investigating_at", "mitigated_at", "resolved_at", "closed_at",
                    "declined_at", "subscribers_affected", "user_minutes", "alert_key", "version")

    class Meta:
        ordering = ["-impact_started_at", "-id"]
        constraints = [
            models.CheckConstraint(name="incident_kind_valid", condition=Q(kind__in=values(IncidentKind))),
            models.CheckConstraint(name="incident_impact_valid", condition=Q(service_impact__in=values(ServiceImpact))),
            models.CheckConstraint(name="incident_severity_range", condition=Q(severity__gte=1, severity__lte=4)),
            models.CheckConstraint(name="incident_status_valid", condition=Q(status__in=values(Status))),
            models.CheckConstraint(name="incident_cause_valid", condition=Q(cause_category__in=values(CauseCategory))),
            models.CheckConstraint(name="incident_hazard_valid", condition=Q(hazard__in=values(Hazard))),
            models.CheckConstraint(name="incident_version_positive", condition=Q(version__gte=1)),
            models.CheckConstraint(name="incident_detected_after_impact", condition=Q(detected_at__gte=F("impact_started_at"))),
            _after("declared_at", "detected_at", "incident_declared_after_detected"),
            _after("acknowledged_at", "detected_at", "incident_acknowledged_after_detected"),
            _after("mitigated_at", "impact_started_at", "incident_mitigated_after_impact"),
            _after("resolved_at", "detected_at", "incident_resolved_after_detected"),
            _after("resolved_at", "mitigated_at", "incident_resolved_after_mitigated"),
            _after("closed_at", "resolved_at", "incident_closed_after_resolved"),
            _requires([s for s in values(Status) if s not in ("candidate", "declined")], "declared_at", "incident_declared_stamped"),
            _requires(["investigating", "mitigated", "resolved", "closed"], "investigating_at", "incident_investigating_stamped"),
            _requires(["mitigated", "resolved", "closed"], "mitigated_at", "incident_mitigated_stamped"),
            _requires(["resolved", "closed"], "resolved_at", "incident_resolved_stamped"),
            _requires(["closed"], "closed_at", "incident_closed_stamped"),
            _requires(["declined"], "declined_at", "incident_declined_stamped"),
            # One open incident per alert dedup key: concurrent alerts cannot open two candidates.
            models.UniqueConstraint(name="incident_open_alert_key_unique", fields=["alert_key"],
                                    condition=~Q(alert_key="") & Q(status__in=[str(s) for s in OPEN_STATUSES])),
        ]
        indexes = [models.Index(fields=["status", "severity"])]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def audit_label(self) -> str:
        return str(self)[:255]

    def get_absolute_url(self) -> str:
        return reverse("incidents:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def end_at(self):
        """When the impact ended: resolution (mitigation restores service for the regulators' clocks
        only when the incident is resolved)."""
        return self.resolved_at

    @property
    def review_completed(self) -> bool:
        review = getattr(self, "review", None) if self.pk else None
        return bool(review and review.completed_at)

    @property
    def time_to_acknowledge(self):
        return self.acknowledged_at - self.detected_at if self.acknowledged_at else None

    @property
    def time_to_resolve(self):
        return self.resolved_at - self.detected_at if self.resolved_at else None


class AffectedNetwork(TimeStampedModel):
    """A customer network hit by an incident, with the share of its subscribers affected."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="affected_networks")
    network = models.ForeignKey("network.CustomerNetwork", on_delete=models.PROTECT, related_name="incident_impacts")
    share = models.FloatField(help_text="share of the network's subscribers affected, above 0 and at most 1")

    class Meta:
        ordering = ["incident", "network"]
        constraints = [
            models.UniqueConstraint(name="affected_network_unique", fields=["incident", "network"]),
            models.CheckConstraint(name="affected_network_share_range", condition=Q(share__gt=0, share__lte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.network_id} ({self.share:.0%})"

    def audit_label(self) -> str:
        return f"{self.incident.ref} affects {self.network.ref} ({self.share:.0%})"

    @property
    def subscribers_affected(self) -> int:
        return round(self.network.subscribers * self.share)
