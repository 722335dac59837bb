"""Business impact analysis per service kind of the customer networks (mobile, core, fixed, transport,
enterprise: `network.CustomerNetworkKind`): what the vendor's customers may bear when a kind of
service they run on its products is disrupted."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse

from steadfast.continuity.models.bia import ImpactTargets, impact_target_checks
from steadfast.network.models import CustomerNetworkKind


class ServiceImpactAnalysis(ImpactTargets):
    """MTPD, RTO, RPO, MBCO, priority and owner of one service kind (one record per kind)."""

    service_kind = models.CharField(max_length=20, choices=CustomerNetworkKind.choices, unique=True)

    class Meta:
        ordering = ["priority", "service_kind"]
        verbose_name = "service impact analysis"
        verbose_name_plural = "service impact analyses"
        constraints = [
            models.CheckConstraint(name="sbia_kind_valid", condition=Q(service_kind__in=CustomerNetworkKind.values)),
            *impact_target_checks("sbia"),
        ]

    def __str__(self) -> str:
        return f"BIA {self.get_service_kind_display()} service"

    def page_url(self) -> str:
        return reverse("continuity:service_bia", args=[self.pk])
