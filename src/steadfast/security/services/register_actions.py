"""Bulk actions on rows of the risk register: add the chosen suppliers to a running campaign, or
reassess them now (an assessment each, outside any campaign, invited at once).

Only a running campaign takes suppliers by hand: a draft campaign selects its suppliers by its
filter at launch, so suppliers added to it would sit beside a filter that may select thousands more.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.services.audit import record_event
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment, Campaign, QuestionnaireTemplate
from steadfast.security.models.assessments import CampaignStatus
from steadfast.security.services.cadence import default_template, template_for_tier
from steadfast.security.services.campaigns import (
    CAMPAIGN_STATUSES,
    DEFAULT_REASSESSMENT_DAYS,
    create_assessments,
    open_assessment_exists,
)
from steadfast.security.services.invitations import invite_assessments

# Invitations send e-mail in the request; more than this goes through a campaign (a background job).
MAX_REASSESS_NOW = 200


def _eligible(supplier_ids: Iterable[int]) -> tuple[list[int], dict[str, int]]:
    """The ids that can take a new assessment (active or onboarding, none open), and why the rest cannot."""
    wanted = sorted({int(s) for s in supplier_ids})
    if not wanted:
        raise ValidationError({"supplier": "choose at least one supplier"})
    rows = Supplier.objects.filter(pk__in=wanted).annotate(busy=open_assessment_exists()).values_list("pk", "status", "busy")
    found = {pk: (status, busy) for pk, status, busy in rows}
    missing = [s for s in wanted if s not in found]
    if missing:
        raise ValidationError({"supplier": f"no supplier with id {missing[0]}"})
    inactive = [s for s in wanted if found[s][0] not in CAMPAIGN_STATUSES]
    busy = [s for s in wanted if s not in inactive and found[s][1]]
    eligible = [s for s in wanted if s not in inactive and s not in busy]
    return eligible, {"inactive": len(inactive), "already_open": len(busy)}


def _nothing_to_add(skipped: dict[str, int]) -> ValidationError:
    return ValidationError({"supplier": f"none of the chosen suppliers can take a new assessment "
                                        f"({skipped['already_open']:,} already have one open, "
                                        f"{skipped['inactive']:,} are not active)"})


def add_to_campaign(*, actor, campaign: Campaign, supplier_ids: Iterable[int]) -> dict[str, int]:
    """Create a draft assessment in the running `campaign` for each chosen supplier that is active
    and has no assessment open; the campaign page invites them. Returns added / already_open /
    inactive. Refused, changing nothing, when the campaign is not running or nobody can be added."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status != CampaignStatus.RUNNING:
            raise ValidationError({"campaign": f"{campaign.name} is {campaign.get_status_display().lower()}; "
                                               "suppliers are added by hand to a running campaign only"})
        eligible, skipped = _eligible(supplier_ids)
        if not eligible:
            raise _nothing_to_add(skipped)
        created = create_assessments(actor=actor, supplier_ids=eligible, template_id=campaign.template_id,
                                     due_date=campaign.due_date, campaign=campaign)
        record_event(actor=actor, verb="add_suppliers", instance=campaign,
                     changes={"assessments_added": [None, len(created)], **{k: [None, v] for k, v in skipped.items()}})
    return {"added": len(created), **skipped}


def reassess_now(*, actor, supplier_ids: Iterable[int], days_to_answer: int = DEFAULT_REASSESSMENT_DAYS,
                 template: QuestionnaireTemplate | None = None, today: dt.date | None = None) -> dict[str, int]:
    """An assessment for each chosen supplier (the questionnaire its security tier names, or the
    newest published one), due in `days_to_answer` days, invited at once. At most MAX_REASSESS_NOW
    suppliers (invitations are e-mailed in the request: more go through a campaign)."""
    today = today or timezone.localdate()
    eligible, skipped = _eligible(supplier_ids)
    if len(eligible) > MAX_REASSESS_NOW:
        raise ValidationError({"supplier": f"{len(eligible):,} suppliers: reassess at most {MAX_REASSESS_NOW} at once; "
                                           "add more to a campaign"})
    if not eligible:
        raise _nothing_to_add(skipped)
    tiers = {pk: override or tier for pk, override, tier in Supplier.objects.filter(pk__in=eligible).values_list(
        "pk", "risk_profile__tier_override", "risk_profile__tier")}
    by_template: dict[int, list[int]] = {}
    fallback = template or default_template()
    if fallback is None:
        raise ValidationError({"template": "there is no published questionnaire to send"})
    cache: dict[int | None, QuestionnaireTemplate | None] = {}
    for supplier_id in eligible:
        tier = tiers.get(supplier_id)
        if template is None and tier not in cache:
            cache[tier] = template_for_tier(tier)
        chosen = template or cache.get(tier) or fallback
        by_template.setdefault(chosen.pk, []).append(supplier_id)
    created: list[int] = []
    with transaction.atomic():
        for template_id, ids in sorted(by_template.items()):
            created += create_assessments(actor=actor, supplier_ids=ids, template_id=template_id,
                                          due_date=today + dt.timedelta(days=days_to_answer))
    result = invite_assessments(actor=actor, assessment_ids=created)
    invited = Assessment.objects.filter(pk__in=created, status="invited").count()
    return {"added": len(created), "invited": invited, **skipped, **result}
