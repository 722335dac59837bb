"""Security data for the demo organisation (`steadfast security_demo`), on top of the network demo
and the shipped reference data: intake profiles and tiers for every supplier; a finished and a
running campaign taken through the security services one assessment at a time (answers with
evidence, returned and accepted, findings closed, accepted and excepted with a second approver),
CycloneDX SBOMs of a few software suppliers whose components are real CISA KEV products; and, in
bulk, the assessment programme of three years around them (programme.py, bulk.py): about 97 % of
the suppliers assessed in the last twelve months, their earlier assessments, and the findings of
all of them aged to today. The same seed gives the same choices. It loads once: with security data
already present it refuses and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services import crud
from steadfast.core.services.accounts import create_user
from steadfast.network.models import Supplier
from steadfast.security.demo.answers import run_to
from steadfast.security.demo.bulk import age_open_findings, load_programme, programme_figures
from steadfast.security.demo.findings import move_findings
from steadfast.security.demo.history import backdate_campaign
from steadfast.security.demo.intake import seed_intake_profiles
from steadfast.security.demo.sboms import upload_demo_sboms
from steadfast.security.models import Assessment, Campaign, Finding, KevEntry, QuestionnaireTemplate, Sbom
from steadfast.security.models.assessments import CampaignStatus
from steadfast.security.services import campaigns, mail, tiering
from steadfast.security.services.cadence import default_template

C = Supplier.Category
# Campaign filters, narrowest first: the first that selects enough suppliers is used (a small demo
# map may have no tier-1 cloud supplier at all).
FINISHED_FILTERS = ({"tier": [1], "category": [C.SOFTWARE, C.CLOUD]}, {"tier": [1, 2], "category": [C.SOFTWARE, C.CLOUD]},
                    {"tier": [1, 2]}, {})
RUNNING_FILTERS = ({"tier": [2], "category": [C.SOFTWARE, C.CLOUD, C.PROFESSIONAL]}, {"tier": [2, 3]}, {})
MIN_FINISHED = 8
MAX_FINISHED = 40  # the finished campaign's assessments are answered, reviewed and accepted one by one
# The running campaign's assessments taken through the services: (state, how many on the full map of
# RUNNING_FULL_MAP suppliers, fewer on smaller maps), and a few left as drafts.
RUNNING_STATES = (("accepted", 4), ("returned", 4), ("submitted", 8), ("in_progress", 10), ("invited", 4))
RUNNING_DRAFTS = 6
RUNNING_FULL_MAP = 4000
OPEN_FOR_ANSWERS = ("invited", "in_progress", "returned")


class SecurityDemoError(Exception):
    """The security demo cannot load; the message says why and what to run first."""


def _check_ready() -> QuestionnaireTemplate:
    if not Supplier.objects.exists():
        raise SecurityDemoError("the business map is empty: run 'steadfast demo' first")
    template = default_template()
    if template is None or not KevEntry.objects.exists():
        raise SecurityDemoError("the security reference data is missing: run 'steadfast security_setup' first")
    present = {name: model.objects.count() for name, model in
               (("campaigns", Campaign), ("assessments", Assessment), ("findings", Finding), ("SBOMs", Sbom))}
    present = {name: count for name, count in present.items() if count}
    if present:
        listed = ", ".join(f"{count:,} {name}" for name, count in present.items())
        raise SecurityDemoError(f"security data already exists ({listed}); the security demo loads once, into a "
                                "map without assessments, findings or SBOMs")
    return template


def _analyst() -> User:
    """The demo's analyst (the 'analyst' account of demo_setup when there is one)."""
    user = (User.objects.filter(role=Role.RISK_ANALYST, is_active=True).order_by("-username").filter(username="analyst")
            .first() or User.objects.filter(role=Role.RISK_ANALYST, is_active=True).order_by("pk").first())
    return user or create_user(actor=None, username="security-demo-analyst", role=Role.RISK_ANALYST,
                               password=secrets.token_urlsafe(24), email="security-demo-analyst@demo.steadfast.invalid")


def _second_approver(analyst: User) -> User:
    """Someone other than the analyst who may approve critical and high risk acceptances."""
    user = (User.objects.filter(role__in=[Role.ADMINISTRATOR, Role.RISK_ANALYST], is_active=True)
            .exclude(pk=analyst.pk).order_by("role", "pk").first())
    return user or create_user(actor=None, username="security-demo-ciso", role=Role.ADMINISTRATOR,
                               password=secrets.token_urlsafe(24), email="security-demo-ciso@demo.steadfast.invalid")


def load_security_demo(*, seed: int = 7, report: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Load the security demo in one transaction (a failure leaves nothing behind); returns what was
    created and how long each stage took."""
    with transaction.atomic():
        return _load(seed=seed, report=report)


def _load(*, seed: int, report: Callable[[str], None] | None) -> dict[str, Any]:
    template = _check_ready()
    rng, today, actor = random.Random(seed), timezone.localdate(), _analyst()
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def stage(label: str) -> None:
        nonlocal started
        timings[label] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        if report:
            report(label)

    summary: dict[str, Any] = {"intake_profiles": seed_intake_profiles(actor=actor, rng=rng)}
    summary["tiers"] = tiering.recompute_tiers(actor=actor)["tiers"]
    stage("tiers")
    # Invitations in the demo are not delivered: the emails stay in memory.
    with mail.held_in_memory():
        finished = _campaign(actor=actor, template=template, name="Critical suppliers baseline",
                             filter=_first_filling(FINISHED_FILTERS, MIN_FINISHED), days=30, limit=MAX_FINISHED)
        for assessment in finished.assessments.order_by("pk").select_related("supplier"):
            run_to(actor=actor, assessment=assessment, state="accepted", rng=rng, today=today)
        crud.update(actor=actor, instance=finished, status=CampaignStatus.CLOSED)
        stage("finished campaign")
        states = _running_states(Supplier.objects.count())
        running = _campaign(actor=actor, template=template, name=f"Priority reassessment {today:%B %Y}",
                            filter=_first_filling(RUNNING_FILTERS, sum(n for _, n in states)), days=45,
                            limit=sum(n for _, n in states) + _scaled(RUNNING_DRAFTS, Supplier.objects.count()))
        skipped: Counter = Counter()
        drafts = list(running.assessments.order_by("pk").select_related("supplier"))
        for state, count in states:
            for assessment in [drafts.pop(0) for _ in range(min(count, len(drafts)))]:
                try:
                    run_to(actor=actor, assessment=assessment, state=state, rng=rng, today=today)
                except ValidationError as error:  # e.g. no contacts to invite: it stays a draft
                    skipped[f"{state}: {'; '.join(error.messages)}"] += 1
        summary["not_moved"] = dict(skipped)
        stage("running campaign")
    gap_findings = list(Finding.objects.filter(assessment__campaign=finished).order_by("pk"))
    rng.shuffle(gap_findings)
    summary["findings_moved"] = dict(move_findings(actor=actor, approver=_second_approver(actor), findings=gap_findings,
                                                   rng=rng, today=today))
    stage("findings")
    summary["backdated"] = backdate_campaign(campaign=finished, rng=rng, today=today)
    stage("history")
    summary.update(upload_demo_sboms(actor=actor, rng=rng))
    stage("SBOMs")
    approver = _second_approver(actor)
    summary["finished_aged"] = age_open_findings(actor=actor, approver=approver, campaign=finished, seed=seed, rng=rng,
                                                 today=today)
    # The respondent of demo_setup answers for the first supplier (by ref) with a questionnaire open:
    # the bulk programme leaves none open before it, so that stays one the services invited.
    first_open = (Assessment.objects.filter(status__in=OPEN_FOR_ANSWERS).order_by("supplier__ref")
                  .values_list("supplier__ref", flat=True).first())
    summary.update(load_programme(
        actor=actor, approver=approver, template=template, seed=seed, rng=rng, today=today, stage=stage,
        exclude_last_year=set(finished.assessments.values_list("supplier_id", flat=True)), keep_first_ref=first_open))
    summary["tiers_after"] = tiering.recompute_tiers(actor=actor)["tiers"]  # next reassessment dates
    stage("reassessment dates")
    summary["campaigns"] = {finished.name: finished.assessments.count(), running.name: running.assessments.count()}
    summary["assessments"] = dict(Counter(Assessment.objects.values_list("status", flat=True)))
    summary["programme"] = programme_figures(today=today)
    summary["findings"] = dict(Counter(Finding.objects.values_list("status", flat=True)))
    summary["seconds"] = timings
    return summary


def _scaled(count: int, suppliers: int) -> int:
    return max(1, round(count * min(1.0, suppliers / RUNNING_FULL_MAP)))


def _running_states(suppliers: int) -> list[tuple[str, int]]:
    return [(state, _scaled(count, suppliers)) for state, count in RUNNING_STATES]


def _first_filling(filters: tuple[dict, ...], enough: int) -> dict:
    for candidate in filters:
        if campaigns.select_suppliers(filter=candidate).count() >= enough:
            return candidate
    return filters[-1]


def _campaign(*, actor, template, name: str, filter: dict, days: int, limit: int | None) -> Campaign:
    """Create and launch a campaign in this process (no background job), its assessments created now."""
    campaign = campaigns.create_campaign(actor=actor, name=name, template=template, filter=filter,
                                         due_date=timezone.localdate() + dt.timedelta(days=days))
    crud.update(actor=actor, instance=campaign, status=CampaignStatus.RUNNING, launched_at=timezone.now())
    if limit is None:
        campaigns.populate_campaign(actor=actor, campaign=campaign)
    else:  # the filter's suppliers, at most `limit` of them, highest inherent risk first
        ids = list(campaigns.select_suppliers(filter=campaign.filter).order_by("-risk_profile__inherent_score", "pk")
                   .values_list("pk", flat=True)[:limit])
        campaigns.create_assessments(actor=actor, supplier_ids=ids, template_id=template.pk,
                                     due_date=campaign.due_date, campaign=campaign)
    return campaign
