"""The supplier list as a risk register: one row per supplier in scope with its security tier,
inherent and residual risk, open findings by severity, open KEV findings, what it exposes on the map
and its last and next assessment, all as annotations (one query per page, any sort)."""

from __future__ import annotations

from django.db.models import Count, F, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from steadfast.core.scoping import scoped
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment
from steadfast.security.models.assessments import AssessmentStatus
from steadfast.security.models.findings import OPEN_STATUSES, FindingSource


def risk_register(*, user):
    latest = (Assessment.objects.filter(supplier=OuterRef("pk"), status=AssessmentStatus.ACCEPTED)
              .order_by("-accepted_at"))
    open_q = Q(security_findings__status__in=OPEN_STATUSES)
    return (scoped(Supplier.objects.all(), user=user, supplier="id")
            .annotate(security_tier=Coalesce(F("risk_profile__tier_override"), F("risk_profile__tier"),
                                             output_field=IntegerField()),
                      inherent=F("risk_profile__inherent_score"),
                      residual=Subquery(latest.values("residual_risk")[:1]),
                      last_assessed=Max("assessments__accepted_at", filter=Q(assessments__status=AssessmentStatus.ACCEPTED)),
                      next_due=F("risk_profile__next_reassessment_due"),
                      networks=F("risk_profile__networks_exposed"), revenue=F("risk_profile__revenue_exposed"),
                      open_critical=Count("security_findings", filter=open_q & Q(security_findings__severity="critical"),
                                          distinct=True),
                      open_high=Count("security_findings", filter=open_q & Q(security_findings__severity="high"),
                                      distinct=True),
                      open_kev=Count("security_findings", filter=open_q & Q(security_findings__source=FindingSource.KEV),
                                     distinct=True)))
