"""Personal-data breaches: the Art. 33(5) register, with the 72-hour clock and Art. 34 notices.

`incident` points at the major incident in the incidents app, when the breach came out of one
(`incidents.Incident.privacy_breaches` the other way); `incident_ref` keeps a reference that is not an
incident in Steadfast (a text kept from before the link, or another system's ticket).
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from steadfast.core.models import TimeStampedModel
from steadfast.network.models import ref_validator
from steadfast.privacy.models.choices import values

AUTHORITY_HOURS = 72  # Art. 33(1)


def elapsed_hours(start: dt.datetime, end: dt.datetime) -> float:
    """Real hours between two aware times. Both go to UTC first: Python subtracts two datetimes
    that share a tzinfo by their wall clocks, which is an hour off across a daylight-saving change."""
    return (end.astimezone(dt.UTC) - start.astimezone(dt.UTC)).total_seconds() / 3600


class BreachRisk(models.TextChoices):
    UNLIKELY = "unlikely", "Unlikely to result in a risk (no notification, Art. 33(1))"
    RISK = "risk", "Risk to rights and freedoms (notify the authority)"
    HIGH = "high", "High risk (also tell the data subjects, Art. 34)"


class Breach(TimeStampedModel):
    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    title = models.CharField(max_length=200)
    nature = models.TextField(help_text="what happened: confidentiality, integrity and/or availability")
    dpa = models.ForeignKey("privacy.Dpa", null=True, blank=True, on_delete=models.PROTECT, related_name="breaches",
                            help_text="when a processor's breach: the agreement that sets its notice hours")
    incident = models.ForeignKey("incidents.Incident", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="privacy_breaches", help_text="the major incident it came out of, if any")
    incident_ref = models.CharField("other incident reference", max_length=64, blank=True,
                                    help_text="a reference outside Steadfast (another system's ticket), if any")
    occurred_at = models.DateTimeField(null=True, blank=True)
    processor_aware_at = models.DateTimeField(null=True, blank=True)
    processor_notified_at = models.DateTimeField(null=True, blank=True, help_text="when the processor told us")
    aware_at = models.DateTimeField(help_text="when we became aware: the 72-hour clock starts")
    data_categories = models.JSONField(default=list, blank=True)
    subject_categories = models.JSONField(default=list, blank=True)
    subjects_approx = models.PositiveIntegerField(default=0)
    records_approx = models.PositiveIntegerField(default=0)
    consequences = models.TextField(blank=True)
    measures = models.TextField(blank=True)
    risk = models.CharField(max_length=10, choices=BreachRisk.choices, default=BreachRisk.RISK)
    authority = models.CharField(max_length=200, blank=True, help_text="the lead supervisory authority")
    authority_notified_at = models.DateTimeField(null=True, blank=True)
    late_reason = models.TextField(blank=True, help_text="Art. 33(1): the reasons for a notification after 72 hours")
    subjects_notified_at = models.DateTimeField(null=True, blank=True)
    subjects_not_notified_reason = models.TextField(blank=True, help_text="Art. 34(3) exemption")

    class Meta:
        ordering = ["-aware_at"]
        verbose_name_plural = "breaches"
        constraints = [
            models.CheckConstraint(name="breach_risk_valid", condition=Q(risk__in=values(BreachRisk))),
            models.CheckConstraint(name="breach_notified_after_awareness",
                                   condition=Q(authority_notified_at__isnull=True) | Q(authority_notified_at__gte=F("aware_at"))),
            models.CheckConstraint(name="breach_occurred_before_awareness",
                                   condition=Q(occurred_at__isnull=True) | Q(occurred_at__lte=F("aware_at"))),
            models.CheckConstraint(name="breach_processor_notice_after_awareness",
                                   condition=Q(processor_notified_at__isnull=True) | Q(processor_aware_at__isnull=True)
                                   | Q(processor_notified_at__gte=F("processor_aware_at"))),
            models.CheckConstraint(name="breach_processor_notice_needs_dpa",
                                   condition=Q(processor_notified_at__isnull=True) | Q(dpa__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("privacy:breach", args=[self.pk])

    @property
    def authority_deadline(self) -> dt.datetime:
        return self.aware_at + dt.timedelta(hours=AUTHORITY_HOURS)

    @property
    def hours_to_authority(self) -> float | None:
        if self.authority_notified_at is None:
            return None
        return elapsed_hours(self.aware_at, self.authority_notified_at)

    @property
    def notified_late(self) -> bool:
        hours = self.hours_to_authority
        return hours is not None and hours > AUTHORITY_HOURS

    @property
    def processor_hours(self) -> float | None:
        if self.processor_notified_at is None or self.processor_aware_at is None:
            return None
        return elapsed_hours(self.processor_aware_at, self.processor_notified_at)

    @property
    def processor_late(self) -> bool:
        hours = self.processor_hours
        return hours is not None and self.dpa is not None and hours > self.dpa.breach_notice_hours
