"""Assessment summaries for the CLI and exports (no N+1: one query with the joins)."""

from __future__ import annotations

from django.db.models import QuerySet

from steadfast.core.scoping import scoped
from steadfast.security.models import Assessment


def assessment_summaries(queryset: QuerySet[Assessment]) -> list[dict]:
    rows = queryset.select_related("supplier", "template").order_by("pk")
    return [{
        "id": a.pk, "supplier": a.supplier.legal_name, "supplier_ref": a.supplier.ref,
        "template": a.template.name, "template_version": a.template.version, "status": a.status,
        "due_date": a.due_date.isoformat() if a.due_date else None, "score": a.score, "residual_risk": a.residual_risk,
        "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
        "accepted_at": a.accepted_at.isoformat() if a.accepted_at else None,
    } for a in rows]


def exportable_assessments(*, user) -> QuerySet[Assessment]:
    """What `user` may export: every assessment for the security roles; a supplier's own otherwise."""
    return scoped(Assessment.objects.all(), user=user, supplier="supplier")
