"""Telling customers: signed webhooks to their systems, with every delivery attempt logged."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from steadfast.core.models import TimeStampedModel
from steadfast.incidents.models.work import CustomerUpdate


class CustomerWebhook(TimeStampedModel):
    """An endpoint of a customer's that receives published updates, signed with a shared secret
    (HMAC-SHA256 over timestamp and body; docs/incidents.md)."""

    customer = models.ForeignKey("network.Customer", on_delete=models.CASCADE, related_name="incident_webhooks")
    url = models.URLField(max_length=500)
    secret = models.CharField(max_length=100, help_text="shared with the customer to verify signatures")
    active = models.BooleanField(default=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=300, blank=True, help_text="why it is off: a person's reason or "
                                                                             "the failures that switched it off")
    consecutive_failures = models.PositiveIntegerField(default=0, help_text="failed attempts since the last success")

    audit_fields = ("customer_id", "url", "active", "disabled_reason")

    class Meta:
        ordering = ["customer", "url"]
        constraints = [
            models.UniqueConstraint(name="webhook_customer_url_unique", fields=["customer", "url"]),
            models.CheckConstraint(name="webhook_off_stamped",
                                   condition=Q(active=True, disabled_at__isnull=True)
                                   | Q(active=False, disabled_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.url

    def audit_label(self) -> str:
        return f"webhook {self.url}"[:255]


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (gave up)"


class WebhookDelivery(TimeStampedModel):
    webhook = models.ForeignKey(CustomerWebhook, on_delete=models.CASCADE, related_name="deliveries")
    update = models.ForeignKey(CustomerUpdate, on_delete=models.CASCADE, related_name="deliveries")
    body = models.TextField(help_text="the exact JSON sent (the signature covers it)")
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    log = models.JSONField(default=list, blank=True, help_text="one entry per attempt: time, status code or error")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(name="delivery_once_per_update", fields=["webhook", "update"]),
            models.CheckConstraint(name="delivery_status_valid",
                                   condition=Q(status__in=[c.value for c in DeliveryStatus])),
            models.CheckConstraint(name="delivery_delivered_stamped",
                                   condition=~Q(status="delivered") | Q(delivered_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.update_id} → {self.webhook_id} ({self.status})"
