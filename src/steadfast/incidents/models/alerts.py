"""Inbound alerts from monitoring systems, and the tokens those systems post with."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from steadfast.core.models import TimeStampedModel
from steadfast.incidents.models.choices import AlertSeverity, values
from steadfast.incidents.models.incidents import Incident


class AlertSource(TimeStampedModel):
    """A monitoring system. Its token opens POST /api/v1/alerts and nothing else (SHA-256 stored)."""

    name = models.CharField(max_length=100, unique=True)
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True, help_text="last accepted request (to the minute)")

    audit_fields = ("name", "prefix", "revoked_at")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Alert(models.Model):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="alerts")
    fingerprint = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the alert as sent: the same alert twice is one")
    dedup_key = models.CharField(max_length=200, db_index=True)
    source = models.CharField(max_length=100)
    network = models.ForeignKey("network.CustomerNetwork", on_delete=models.PROTECT, related_name="+")
    severity = models.CharField(max_length=16, choices=AlertSeverity.choices)
    summary = models.CharField(max_length=500)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["incident", "received_at", "id"]
        constraints = [models.CheckConstraint(name="alert_severity_valid", condition=Q(severity__in=values(AlertSeverity)))]

    def __str__(self) -> str:
        return f"{self.source}: {self.summary}"
