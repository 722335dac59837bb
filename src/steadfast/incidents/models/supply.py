"""How long the affected supply holds: the continuity engine's answer for an incident's sites."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from steadfast.core.models import TimeStampedModel
from steadfast.incidents.models.incidents import Incident


class SupplyImpact(TimeStampedModel):
    """The engine's time to survive (TTS) when the incident's sites (and its suppliers' sites)
    lose their capacity for the expected recovery time; recomputed on request (a background job)."""

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="supply_impact")
    sites = models.JSONField(default=list, help_text="site refs disrupted")
    nodes = models.PositiveIntegerField(default=0, help_text="item sources at those sites")
    expected_recovery_days = models.FloatField()
    tts_days = models.FloatField(null=True, blank=True, help_text="blank = survives indefinitely")
    margin_lost = models.FloatField(default=0, help_text="performance impact over the recovery time")
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(name="supply_impact_recovery_positive", condition=Q(expected_recovery_days__gt=0)),
            models.CheckConstraint(name="supply_impact_tts_nonnegative",
                                   condition=Q(tts_days__isnull=True) | Q(tts_days__gte=0)),
        ]

    def __str__(self) -> str:
        return f"supply impact of {self.incident_id}"

    def audit_label(self) -> str:
        return f"supply impact of {self.incident.ref}"

    @property
    def at_risk(self) -> bool:
        return self.tts_days is not None and self.tts_days < self.expected_recovery_days
