"""The reassessment cadence, shared by tiering, review and campaigns: how many months pass between a
supplier's assessments for its tier, the month arithmetic, and which questionnaire each tier gets.
Settings: STEADFAST_REASSESSMENT_MONTHS and STEADFAST_TIER_TEMPLATES (tier → value)."""

from __future__ import annotations

import calendar
import datetime as dt

from django.conf import settings

from steadfast.security.models import QuestionnaireTemplate
from steadfast.security.models.questionnaires import TemplateStatus

DEFAULT_CADENCE_MONTHS: dict[int, int | None] = {1: 12, 2: 24, 3: 36, 4: None}
DEFAULT_TIER_TEMPLATES: dict[int, str | None] = {1: "Supplier cyber-security baseline", 2: "Supplier cyber-security baseline",
                                                 3: "Supplier cyber-security baseline", 4: None}


def _per_tier(configured: dict, tier: int):
    # Settings read from the environment or JSON may key the tiers by string.
    return configured.get(tier, configured.get(str(tier)))


def cadence_months(tier: int | None) -> int | None:
    """Months between assessments for a risk tier; None: no cadence."""
    if tier is None:
        return None
    return _per_tier(getattr(settings, "STEADFAST_REASSESSMENT_MONTHS", None) or DEFAULT_CADENCE_MONTHS, tier)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter (31 Jan + 1 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def template_for_tier(tier: int | None) -> QuestionnaireTemplate | None:
    """The newest published questionnaire named for the tier."""
    if tier is None:
        return None
    name = _per_tier(getattr(settings, "STEADFAST_TIER_TEMPLATES", None) or DEFAULT_TIER_TEMPLATES, tier)
    if not name:
        return None
    return QuestionnaireTemplate.objects.filter(name=name, status=TemplateStatus.PUBLISHED).order_by("-version").first()


def default_template() -> QuestionnaireTemplate | None:
    """The newest published questionnaire of any name."""
    return QuestionnaireTemplate.objects.filter(status=TemplateStatus.PUBLISHED).order_by("-created_at").first()
