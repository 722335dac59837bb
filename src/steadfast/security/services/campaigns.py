"""Assessment campaigns: suppliers chosen by filter × a questionnaire × a due date, created in bulk
as a background job; and reassessments scheduled from the tier cadence."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from steadfast.core.services import crud
from steadfast.core.services.audit import record_events
from steadfast.core.services.jobs import start_job
from steadfast.network.models import Supplier
from steadfast.security.models import Assessment, Campaign, QuestionnaireTemplate
from steadfast.security.models.assessments import AssessmentStatus, CampaignStatus
from steadfast.security.models.questionnaires import TemplateStatus
from steadfast.security.services.cadence import cadence_months, default_template, template_for_tier
from steadfast.security.services.invitations import invite_assessments, invite_campaign

FILTER_KEYS = ("tier", "country", "category", "due")
CAMPAIGN_STATUSES = (Supplier.Status.ACTIVE, Supplier.Status.ONBOARDING)
BATCH = 1000
DEFAULT_REASSESSMENT_DAYS = 45
CAMPAIGN_JOB = "security.campaign"  # its handler is in security/tasks.py


def open_assessment_exists() -> Exists:
    return Exists(Assessment.objects.filter(supplier=OuterRef("pk")).exclude(status=AssessmentStatus.ACCEPTED))


def clean_filter(raw: dict[str, Any] | None) -> dict[str, Any]:
    """Validate a campaign's supplier filter: tier (1-4), country (ISO codes), category, due (bool)."""
    raw = dict(raw or {})
    unknown = sorted(set(raw) - set(FILTER_KEYS))
    if unknown:
        raise ValidationError({"filter": f"unknown filter {unknown[0]!r}; use {', '.join(FILTER_KEYS)}"})
    cleaned: dict[str, Any] = {}
    as_list = lambda v: [v] if isinstance(v, str | int) else list(v or [])  # noqa: E731
    try:
        tiers = sorted({int(t) for t in as_list(raw.get("tier"))})
    except (TypeError, ValueError):
        raise ValidationError({"filter": "tier must be numbers 1 to 4"}) from None
    if any(t not in (1, 2, 3, 4) for t in tiers):
        raise ValidationError({"filter": "tier must be numbers 1 to 4"})
    if tiers:
        cleaned["tier"] = tiers
    countries = sorted({str(c).strip().upper() for c in as_list(raw.get("country")) if str(c).strip()})
    if any(len(c) != 2 or not c.isalpha() for c in countries):
        raise ValidationError({"filter": "country must be two-letter ISO 3166 codes"})
    if countries:
        cleaned["country"] = countries
    categories = sorted({str(c).strip() for c in as_list(raw.get("category")) if str(c).strip()})
    bad = [c for c in categories if c not in Supplier.Category.values]
    if bad:
        raise ValidationError({"filter": f"unknown category {bad[0]!r}; use {', '.join(Supplier.Category.values)}"})
    if categories:
        cleaned["category"] = categories
    if raw.get("due") in (True, "1", "true", "on", 1):
        cleaned["due"] = True
    return cleaned


def describe_filter(filter: dict[str, Any] | None) -> str:
    """A campaign's supplier filter in words: "security tier 1 or 2 · country DE, FR · category
    Cloud and IT services · due for reassessment" (a stored filter is already clean)."""
    filter = filter or {}
    parts = []
    if filter.get("tier"):
        tiers = [str(t) for t in filter["tier"]]
        parts.append("security tier " + (" or ".join(tiers) if len(tiers) <= 2 else ", ".join(tiers[:-1]) + " or " + tiers[-1]))
    if filter.get("country"):
        parts.append(("countries " if len(filter["country"]) > 1 else "country ") + ", ".join(filter["country"]))
    if filter.get("category"):
        labels = dict(Supplier.Category.choices)
        parts.append(("categories " if len(filter["category"]) > 1 else "category ")
                     + ", ".join(str(labels.get(c, c)) for c in filter["category"]))
    if filter.get("due"):
        parts.append("due for reassessment")
    return " · ".join(parts) or "every active supplier"


def select_suppliers(*, filter: dict[str, Any], today: dt.date | None = None) -> QuerySet:
    """Active suppliers matching the filter, without an assessment still open elsewhere."""
    today = today or timezone.localdate()
    filter = clean_filter(filter)
    qs = (Supplier.objects.filter(status__in=CAMPAIGN_STATUSES)
          .annotate(risk_tier=Coalesce("risk_profile__tier_override", "risk_profile__tier"))
          .exclude(open_assessment_exists()))
    if "tier" in filter:
        qs = qs.filter(risk_tier__in=filter["tier"])
    if "country" in filter:
        qs = qs.filter(country__in=filter["country"])
    if "category" in filter:
        qs = qs.filter(category__in=filter["category"])
    if filter.get("due"):
        qs = qs.filter(due_for_reassessment(today))
    return qs


def due_for_reassessment(today: dt.date) -> Q:
    """Its next reassessment date has come, or it has a cadence but was never assessed."""
    with_cadence = [t for t in (1, 2, 3, 4) if cadence_months(t)]
    never = ~Exists(Assessment.objects.filter(supplier=OuterRef("pk"), status=AssessmentStatus.ACCEPTED))
    return Q(risk_profile__next_reassessment_due__lte=today) | (
        Q(risk_profile__next_reassessment_due__isnull=True) & Q(risk_tier__in=with_cadence) & never)


def create_campaign(*, actor, name: str, template: QuestionnaireTemplate, due_date: dt.date,
                    filter: dict[str, Any] | None = None) -> Campaign:
    errors = {}
    if not (name or "").strip():
        errors["name"] = "name the campaign"
    if template.status != TemplateStatus.PUBLISHED:
        errors["template"] = f"{template} is {template.get_status_display().lower()}; choose a published questionnaire"
    if due_date <= timezone.localdate():
        errors["due_date"] = "the due date must be in the future"
    try:
        cleaned = clean_filter(filter)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return crud.create(actor=actor, model=Campaign, name=name.strip(), template=template, due_date=due_date,
                       filter=cleaned, created_by=actor if getattr(actor, "pk", None) else None)


def _mark_running(*, actor, campaign: Campaign) -> Campaign:
    """A draft campaign becomes running (one audited update); call inside a transaction."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError({"status": f"campaign {campaign.pk} is already {campaign.get_status_display().lower()}"})
    return crud.update(actor=actor, instance=campaign, status=CampaignStatus.RUNNING, launched_at=timezone.now())


def _refuse_empty(campaign: Campaign) -> None:
    if not select_suppliers(filter=campaign.filter).exists():
        raise ValidationError({"filter": f"no supplier matches {describe_filter(campaign.filter)} (active, without "
                                         "an assessment already open): widen the selection before launching"})


def launch_campaign(*, actor, campaign: Campaign, invite: bool = True):
    """Mark it running and start the background job that creates its assessments; a campaign whose
    filter selects no supplier is refused, changing nothing."""
    with transaction.atomic():
        campaign = _mark_running(actor=actor, campaign=campaign)  # refuses a campaign already running
        _refuse_empty(campaign)  # rolls the update back
        return start_job(actor=actor, kind=CAMPAIGN_JOB, label=f"Campaign: {campaign.name}",
                         params={"campaign_id": campaign.pk, "invite": invite})


def run_campaign(*, actor, campaign: Campaign, invite: bool = False, report=None) -> dict[str, int]:
    """Run a campaign in this process (the CLI's `campaigns run`): a draft is marked running (one
    transaction, one audit event), a running one is topped up with suppliers its filter selects now;
    then its assessments are created in batches and, with `invite`, the drafts are invited. A
    closed campaign is refused, changing nothing."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.status == CampaignStatus.CLOSED:
            raise ValidationError({"status": f"campaign {campaign.pk} is closed"})
        if campaign.status == CampaignStatus.DRAFT:
            _refuse_empty(campaign)
            campaign = _mark_running(actor=actor, campaign=campaign)
    result = populate_campaign(actor=actor, campaign=campaign, report=report)
    if invite:
        result.update(invite_campaign(actor=actor, campaign=campaign, report=report))
    return result


def create_assessments(*, actor, supplier_ids: list[int], template_id: int, due_date: dt.date | None,
                       campaign: Campaign | None = None,
                       report: Callable[[int, int, str], None] | None = None) -> list[int]:
    """Bulk-create one draft assessment per supplier, in batches, with one audit event each."""
    created: list[int] = []
    total = len(supplier_ids)
    for start in range(0, total, BATCH):
        chunk = supplier_ids[start:start + BATCH]
        with transaction.atomic():
            rows = Assessment.objects.bulk_create([
                Assessment(supplier_id=sid, template_id=template_id, campaign=campaign, due_date=due_date,
                           status=AssessmentStatus.DRAFT) for sid in chunk])
            if rows and rows[0].pk is None:  # no RETURNING: read the new rows back
                rows = list(Assessment.objects.filter(campaign=campaign, supplier_id__in=chunk, template_id=template_id)
                            .order_by("pk")) if campaign else rows
            record_events(actor=actor, events=[crud.pending_for("create", a, {
                "supplier_id": [None, a.supplier_id], "template_id": [None, template_id],
                "campaign_id": [None, campaign.pk if campaign else None],
                "due_date": [None, due_date.isoformat() if due_date else None], "status": [None, a.status],
            }) for a in rows])
        created.extend(a.pk for a in rows)
        if report:
            report(len(created), total, f"{len(created):,} of {total:,} assessments created")
    return created


def populate_campaign(*, actor, campaign: Campaign, report=None, today: dt.date | None = None) -> dict[str, int]:
    """Create the campaign's assessments for the suppliers its filter selects now (rerunnable)."""
    already = Assessment.objects.filter(campaign=campaign).values("supplier_id")
    supplier_ids = list(select_suppliers(filter=campaign.filter, today=today).exclude(pk__in=already)
                        .order_by("pk").values_list("pk", flat=True))
    if report:
        report(0, len(supplier_ids), f"{len(supplier_ids):,} suppliers selected")
    created = create_assessments(actor=actor, supplier_ids=supplier_ids, template_id=campaign.template_id,
                                 due_date=campaign.due_date, campaign=campaign, report=report)
    return {"created": len(created)}


def schedule_reassessments(*, actor, today: dt.date | None = None, template: QuestionnaireTemplate | None = None,
                           days_to_answer: int = DEFAULT_REASSESSMENT_DAYS, invite: bool = False,
                           report=None) -> dict[str, int]:
    """Create an assessment for every supplier whose next reassessment date has come (and that has
    no assessment open), with the questionnaire its effective tier names (STEADFAST_TIER_TEMPLATES)
    unless `template` is given; a supplier whose tier names none is counted in `without_template`.
    With `invite`, the suppliers' contacts are emailed. Rerunning the same day creates nothing more."""
    today = today or timezone.localdate()
    if template is None and default_template() is None:
        raise ValidationError({"template": "there is no published questionnaire to send"})
    rows = (Supplier.objects.filter(status__in=CAMPAIGN_STATUSES, risk_profile__next_reassessment_due__lte=today)
            .exclude(open_assessment_exists())
            .annotate(risk_tier=Coalesce("risk_profile__tier_override", "risk_profile__tier"))
            .order_by("pk").values_list("pk", "risk_tier"))
    by_template: dict[int, list[int]] = {}
    tier_templates: dict[int | None, QuestionnaireTemplate | None] = {}
    without_template = 0
    for supplier_id, tier in rows:
        if template is None and tier not in tier_templates:
            tier_templates[tier] = template_for_tier(tier)
        chosen = template or tier_templates[tier]
        if chosen is None:
            without_template += 1
            continue
        by_template.setdefault(chosen.pk, []).append(supplier_id)
    created: list[int] = []
    for template_id, supplier_ids in sorted(by_template.items()):
        created += create_assessments(actor=actor, supplier_ids=supplier_ids, template_id=template_id,
                                      due_date=today + dt.timedelta(days=days_to_answer), report=report)
    result = {"created": len(created), "without_template": without_template}
    if invite:
        result.update(invite_assessments(actor=actor, assessment_ids=created, report=report))
    return result
