"""/security/coverage (the portfolio) and /security/suppliers/{id}/coverage: control coverage per
CSF 2.0 function and category and SP 800-53 family, the same numbers as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Query, Schema

from steadfast.security.api.base import PORTAL_VIEW, VIEW, router
from steadfast.security.selectors import coverage as select


class CoverageQuery(Schema):
    framework: Literal["csf", "sp800-53"] | None = None
    tier: list[int] = Field(default_factory=list, description="security tiers 1 to 4 (repeat the parameter)")


class SupplierCoverageQuery(Schema):
    framework: Literal["csf", "sp800-53"] | None = None


class GroupOut(Schema):
    key: str
    title: str
    controls_in_catalog: int
    controls_mapped: int
    controls_answered: int
    suppliers_assessed: int
    mean_coverage: float | None = Field(description="percent, 0 to 100; null when no control was answered")
    below_half: int = Field(description="suppliers below 50 %")


class LevelOut(Schema):
    framework: str
    level: str
    label: str
    overall: GroupOut
    groups: list[GroupOut]


class CoverageOut(Schema):
    suppliers: int = Field(description="suppliers counted, each with its latest accepted assessment")
    tier: list[int]
    levels: list[LevelOut]


class SupplierCoverageOut(CoverageOut):
    supplier_id: int
    assessment_id: int | None
    template_id: int | None
    accepted_at: dt.datetime | None


def _levels(coverage: select.Coverage) -> list[dict]:
    return [{"framework": lv.framework.key, "level": lv.level.key, "label": lv.level.label,
             "overall": lv.overall, "groups": lv.rows} for lv in coverage.levels]


@router.get("/security/coverage", response=CoverageOut, auth=VIEW)
def portfolio(request, query: Query[CoverageQuery]):
    filters = select.CoverageFilter.from_params({"framework": query.framework or "", "tier": query.tier})
    coverage = select.portfolio_coverage(user=request.user, filters=filters)
    return {"suppliers": coverage.assessments, "tier": list(filters.tier), "levels": _levels(coverage)}


@router.get("/security/suppliers/{supplier_id}/coverage", response=SupplierCoverageOut, auth=PORTAL_VIEW)
def supplier(request, supplier_id: int, query: Query[SupplierCoverageQuery]):
    """A supplier respondent reads its own supplier's coverage; another supplier answers 404."""
    found, assessment, coverage = select.supplier_coverage(user=request.user, supplier_id=supplier_id,
                                                           framework=query.framework or "")
    return {"suppliers": coverage.assessments, "tier": [], "levels": _levels(coverage), "supplier_id": found.pk,
            "assessment_id": assessment.pk if assessment else None,
            "template_id": assessment.template_id if assessment else None,
            "accepted_at": assessment.accepted_at if assessment else None}
