"""Security data for the demo organisation (`steadfast security_demo`), on top of the network demo
and the shipped reference data: intake profiles and tiers for every supplier, a finished and a
running campaign, answers with evidence, assessments accepted, returned and submitted, findings in
every state, and CycloneDX SBOMs of a few software suppliers whose components are real CISA KEV
products. Everything goes through the security services (audited); the same seed gives the same
choices. It loads once: with security data already present it refuses and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import override_settings
from django.urls import NoReverseMatch
from django.utils import timezone

from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services import crud
from steadfast.core.services.accounts import create_user
from steadfast.core.services.audit import record_events
from steadfast.network.models import Item, ItemSource, Supplier
from steadfast.security.models import (
    Assessment,
    Campaign,
    Finding,
    KevEntry,
    Question,
    QuestionnaireTemplate,
    Sbom,
    SupplierRiskProfile,
)
from steadfast.security.models.assessments import CampaignStatus
from steadfast.security.models.findings import FindingStatus
from steadfast.security.models.questionnaires import AnswerType
from steadfast.security.services import campaigns, demo_history, portal, remediation, review, sbom, tiering
from steadfast.security.services.invitations import invite_assessment

C = Supplier.Category
# Probability of each intake flag by supplier category: what such a supplier typically touches.
INTAKE_ODDS: dict[str, dict[str, float]] = {
    C.SOFTWARE: {"software_in_products": 0.8, "remote_access": 0.4, "network_access": 0.25, "hosts_our_data": 0.1},
    C.CLOUD: {"hosts_our_data": 0.85, "personal_data": 0.6, "remote_access": 0.5, "network_access": 0.3},
    C.PROFESSIONAL: {"personal_data": 0.4, "remote_access": 0.45, "network_access": 0.3, "physical_access": 0.5},
    C.LOGISTICS: {"physical_access": 0.35, "personal_data": 0.25},
    C.MANUFACTURING: {"software_in_products": 0.35, "physical_access": 0.15, "remote_access": 0.1},
    C.COMPONENTS: {"software_in_products": 0.12, "remote_access": 0.05},
}
# Gate questions of the baseline questionnaire answered from the intake profile.
GATES = {"PRD-01": ("software_in_products",), "NET-01": ("network_access", "remote_access"), "PD-01": ("personal_data",)}
# Campaign filters, narrowest first: the first that selects enough suppliers is used (a small demo
# map may have no tier-1 cloud supplier at all).
FINISHED_FILTERS = ({"tier": [1], "category": [C.SOFTWARE, C.CLOUD]}, {"tier": [1, 2], "category": [C.SOFTWARE, C.CLOUD]},
                    {"tier": [1, 2]}, {})
RUNNING_FILTERS = ({"tier": [2], "category": [C.SOFTWARE, C.CLOUD, C.PROFESSIONAL]}, {"tier": [2, 3]}, {})
MIN_FINISHED = 8
MAX_FINISHED = 60  # the finished campaign's assessments are answered, reviewed and accepted one by one
RUNNING_STATES = (("accepted", 4), ("returned", 4), ("submitted", 8), ("in_progress", 10), ("invited", 4))
# (share, state) for findings of the finished campaign, in order; the rest stay open.
FINDING_STATES = ((0.25, FindingStatus.REMEDIATION_PLANNED), (0.20, FindingStatus.VERIFIED_CLOSED),
                  (0.10, FindingStatus.RISK_ACCEPTED), (0.05, FindingStatus.EXCEPTION))
MAX_FINDING_CHANGES = 250
# Real KEV products as an SBOM names them (KEV lists products, not versions, so each matches every
# CVE of its product: appliances such as PAN-OS or FortiOS, with dozens each, are left out to keep the
# demo readable): (CVE that must exist in the catalog, component).
KEV_COMPONENTS = (
    ("CVE-2021-44228", {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core",
                        "version": "2.14.1", "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}),
    ("CVE-2014-0160", {"type": "library", "name": "openssl", "version": "1.0.1f",
                       "cpe": "cpe:2.3:a:openssl:openssl:1.0.1f:*:*:*:*:*:*:*"}),
    ("CVE-2017-5638", {"type": "framework", "group": "Apache", "name": "Struts", "version": "2.3.31"}),
    ("CVE-2023-46604", {"type": "application", "group": "Apache", "name": "ActiveMQ", "version": "5.15.15"}),
    ("CVE-2022-22965", {"type": "framework", "group": "VMware", "name": "Spring Framework", "version": "5.3.17"}),
    ("CVE-2022-1388", {"type": "firmware", "group": "F5", "name": "BIG-IP", "version": "16.1.2"}),
)
BENIGN_COMPONENTS = (
    {"type": "library", "name": "zlib", "version": "1.3.1", "purl": "pkg:generic/zlib@1.3.1"},
    {"type": "library", "group": "com.fasterxml.jackson.core", "name": "jackson-databind", "version": "2.17.1",
     "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.1"},
)
SBOM_SUPPLIERS = 6


class SecurityDemoError(Exception):
    """The security demo cannot load; the message says why and what to run first."""


def _check_ready() -> QuestionnaireTemplate:
    if not Supplier.objects.exists():
        raise SecurityDemoError("the business map is empty: run 'steadfast demo' first")
    template = campaigns.default_template()
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


def seed_intake_profiles(*, actor, rng: random.Random) -> int:
    """Intake flags drawn from INTAKE_ODDS for every supplier whose profile is missing or has no flag set
    (a profile someone filled in is kept), one audit event each. Returns the profiles written."""
    flags_of = {p.supplier_id: p for p in SupplierRiskProfile.objects.all()}
    new, blank = [], []
    for supplier_id, category in Supplier.objects.order_by("pk").values_list("pk", "category"):
        flags = {flag: rng.random() < odds for flag, odds in INTAKE_ODDS.get(category, {}).items()}
        profile = flags_of.get(supplier_id)
        if profile is None:
            new.append(SupplierRiskProfile(supplier_id=supplier_id, **flags))
        elif not any(getattr(profile, f) for f in tiering.INTAKE_FLAGS) and any(flags.values()):
            changes = {f: [False, v] for f, v in flags.items() if v}
            for flag, value in flags.items():
                setattr(profile, flag, value)
            blank.append((profile, changes))
    with transaction.atomic():
        SupplierRiskProfile.objects.bulk_create(new, batch_size=1000)
        by_flags: dict[tuple, list[int]] = defaultdict(list)  # at most 64 combinations: one UPDATE each
        for profile, _ in blank:
            by_flags[tuple(getattr(profile, f) for f in tiering.INTAKE_FLAGS)].append(profile.pk)
        for values, pks in by_flags.items():
            SupplierRiskProfile.objects.filter(pk__in=pks).update(**dict(zip(tiering.INTAKE_FLAGS, values, strict=True)))
        created = SupplierRiskProfile.objects.filter(supplier_id__in=[r.supplier_id for r in new]).order_by("pk")
        record_events(actor=actor, events=[
            *(crud.pending_for("create", p, crud.diff({}, crud.snapshot(p))) for p in created),
            *(crud.pending_for("update", p, changes) for p, changes in blank)])
    return len(new) + len(blank)


# --- answering ----------------------------------------------------------------------------------

def _evidence(name: str, supplier: Supplier) -> tuple[str, bytes]:
    body = f"{name}\nSupplier: {supplier.legal_name} ({supplier.ref})\nIssued: {timezone.localdate().isoformat()}\n"
    if name.endswith(".pdf"):
        return name, b"%PDF-1.4\n% Steadfast demo evidence\n" + body.encode() + b"%%EOF\n"
    return name, body.encode()


def _answers(rng: random.Random, questions: list[Question], profile: SupplierRiskProfile | None,
             quality: float) -> dict[int, Any]:
    """A plausible answer to every question (hidden ones are ignored by the portal service)."""
    values: dict[int, Any] = {}
    for q in questions:
        if q.code in GATES:
            values[q.pk] = "yes" if profile and any(getattr(profile, f) for f in GATES[q.code]) else "no"
        elif q.answer_type == AnswerType.YES_NO_PARTIAL_NA:
            draw = rng.random()
            values[q.pk] = "yes" if draw < quality else "partial" if draw < quality + (1 - quality) / 2 else "no"
        elif q.answer_type == AnswerType.SINGLE_CHOICE:
            options = portal.choice_values(q)
            values[q.pk] = options[0] if rng.random() < quality else rng.choice(options)
        elif q.answer_type == AnswerType.MULTIPLE_CHOICE:
            options = [o for o in portal.choice_values(q) if o != "None"] or portal.choice_values(q)
            values[q.pk] = rng.sample(options, k=min(len(options), rng.randint(1, 2)))
        elif q.answer_type == AnswerType.NUMBER:
            values[q.pk] = rng.randint(1, 500)
        elif q.answer_type == AnswerType.DATE:
            values[q.pk] = (timezone.localdate() - dt.timedelta(days=rng.randint(30, 400))).isoformat()
        elif q.answer_type == AnswerType.TEXT:
            values[q.pk] = "Described in our security policy, section 4; contact the security office for details."
    return values


def answer(*, actor, assessment: Assessment, rng: random.Random, complete: bool = True) -> None:
    """Fill the questionnaire (all of it, or the first half as a draft), with evidence files."""
    questions = portal.template_questions(assessment)
    profile = SupplierRiskProfile.objects.filter(supplier_id=assessment.supplier_id).first()
    values = _answers(rng, questions, profile, quality=rng.uniform(0.45, 0.97))
    if not complete:
        values = dict(list(values.items())[: len(values) // 2])
    portal.save_answers(actor=actor, assessment=assessment, raw_values=values)
    if not complete:
        return
    visible = portal.visible_question_ids(questions, portal.stored_values(assessment))
    for q in questions:
        if q.answer_type == AnswerType.EVIDENCE_FILE and q.pk in visible:
            name, data = _evidence(f"{q.code.lower()}-attestation.pdf", assessment.supplier)
            portal.add_evidence(actor=actor, assessment=assessment, question=q, name=name, data=data)


def _gap_question(assessment: Assessment) -> int:
    scored = [q for q in portal.template_questions(assessment)
              if q.answer_type == AnswerType.YES_NO_PARTIAL_NA and q.weight > 0]
    return scored[0].pk


def run_to(*, actor, assessment: Assessment, state: str, rng: random.Random, today: dt.date) -> None:
    """Take a draft assessment to `state` through the portal and review services."""
    if state == "invited":
        try:
            invite_assessment(actor=actor, assessment=assessment)
        except NoReverseMatch:  # the portal's pages are not wired into this site's URLs: nothing to link to
            raise ValidationError({"invite": "the supplier portal URLs are not installed"}) from None
        return
    answer(actor=actor, assessment=assessment, rng=rng, complete=state != "in_progress")
    if state == "in_progress":
        return
    portal.submit_assessment(actor=actor, assessment=assessment)
    if state == "submitted":
        return
    if state == "accepted" and rng.random() >= 0.3:  # most are accepted at the first submission
        review.accept_assessment(actor=actor, assessment=assessment, today=today)
        return
    comment = "Please attach the policy document and say which products it covers."
    review.return_assessment(actor=actor, assessment=assessment, comments={_gap_question(assessment): comment})
    if state == "returned":
        return
    portal.submit_assessment(actor=actor, assessment=assessment)
    review.accept_assessment(actor=actor, assessment=assessment, today=today)


# --- findings and SBOMs ----------------------------------------------------------------------------

def move_findings(*, actor, findings: list[Finding], rng: random.Random, today: dt.date) -> Counter:
    """Spread findings over every state: remediation planned, verified closed, risk accepted, exception."""
    moved: Counter = Counter()
    findings = findings[:MAX_FINDING_CHANGES]
    start = 0
    for share, state in FINDING_STATES:
        count = max(1, round(share * len(findings)))
        for finding in findings[start:start + count]:
            if state in (FindingStatus.REMEDIATION_PLANNED, FindingStatus.VERIFIED_CLOSED):
                remediation.plan_remediation(actor=actor, finding=finding, due=today + dt.timedelta(days=rng.randint(14, 90)),
                                             plan="Roll out the control across all sites serving us; evidence to follow.")
                if state == FindingStatus.VERIFIED_CLOSED:
                    remediation.close_finding(actor=actor, finding=finding, note="Evidence reviewed, control in place.")
            else:
                remediation.accept_risk(actor=actor, finding=finding, kind=state, approver=actor,
                                        expires=today + dt.timedelta(days=rng.randint(60, 365)),
                                        reason="Compensating controls on our side; the supplier is being replaced.")
            moved[state] += 1
        start += count
    return moved


def upload_demo_sboms(*, actor, rng: random.Random) -> dict[str, int]:
    """SBOMs for a few software suppliers (those with a software item), each naming real KEV products."""
    known = set(KevEntry.objects.filter(cve_id__in=[c for c, _ in KEV_COMPONENTS]).values_list("cve_id", flat=True))
    pool = [component for cve, component in KEV_COMPONENTS if cve in known]
    if not pool:
        return {"sboms": 0, "kev_matches": 0}
    sources = (ItemSource.objects.filter(site__owner_supplier__category=C.SOFTWARE, item__kind="software")
               .order_by("site__owner_supplier_id", "item_id").values_list("site__owner_supplier_id", "item_id"))
    first_item: dict[int, int] = {}
    for supplier_id, item_id in sources:
        first_item.setdefault(supplier_id, item_id)
    chosen = sorted(rng.sample(sorted(first_item), k=min(SBOM_SUPPLIERS, len(first_item))))
    suppliers = Supplier.objects.in_bulk(chosen)
    items = Item.objects.in_bulk([first_item[s] for s in chosen])
    count = matches = 0
    for n, supplier_id in enumerate(chosen):
        supplier, item = suppliers[supplier_id], items[first_item[supplier_id]]
        components = [dict(c, **{"bom-ref": f"c{i}"}) for i, c in
                      enumerate([*{id(c): c for c in (pool[n % len(pool)], pool[(n + 2) % len(pool)])}.values(),
                                 *BENIGN_COMPONENTS])]
        document = {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
                    "serialNumber": uuid.UUID(int=rng.getrandbits(128), version=4).urn,
                    "metadata": {"component": {"type": "application", "name": item.name, "version": "1.0"}},
                    "components": components}
        result = sbom.upload_sbom(actor=actor, supplier=supplier, item=item, filename=f"{item.ref}.cdx.json",
                                  content=json.dumps(document, indent=1).encode())
        count += 1
        matches += result.matches
    return {"sboms": count, "kev_matches": matches}


# --- the whole load -------------------------------------------------------------------------------

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
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        finished = _campaign(actor=actor, template=template, name="Critical suppliers baseline",
                             filter=_first_filling(FINISHED_FILTERS, MIN_FINISHED), days=30, limit=MAX_FINISHED)
        for assessment in finished.assessments.order_by("pk").select_related("supplier"):
            run_to(actor=actor, assessment=assessment, state="accepted", rng=rng, today=today)
        crud.update(actor=actor, instance=finished, status=CampaignStatus.CLOSED)
        stage("finished campaign")
        running = _campaign(actor=actor, template=template, name="Annual supplier review",
                            filter=_first_filling(RUNNING_FILTERS, sum(n for _, n in RUNNING_STATES)), days=45,
                            limit=None)
        skipped: Counter = Counter()
        drafts = list(running.assessments.order_by("pk").select_related("supplier"))
        for state, count in RUNNING_STATES:
            for assessment in [drafts.pop(0) for _ in range(min(count, len(drafts)))]:
                try:
                    run_to(actor=actor, assessment=assessment, state=state, rng=rng, today=today)
                except ValidationError as error:  # e.g. no contacts to invite: it stays a draft
                    skipped[f"{state}: {'; '.join(error.messages)}"] += 1
        summary["not_moved"] = dict(skipped)
        stage("running campaign")
    gap_findings = list(Finding.objects.filter(assessment__campaign=finished).order_by("pk"))
    rng.shuffle(gap_findings)
    summary["findings_moved"] = dict(move_findings(actor=actor, findings=gap_findings, rng=rng, today=today))
    stage("findings")
    summary["backdated"] = demo_history.backdate_campaign(campaign=finished, rng=rng, today=today)
    stage("history")
    summary.update(upload_demo_sboms(actor=actor, rng=rng))
    stage("SBOMs")
    summary["tiers_after"] = tiering.recompute_tiers(actor=actor)["tiers"]  # next reassessment dates
    stage("reassessment dates")
    summary["campaigns"] = {finished.name: finished.assessments.count(), running.name: running.assessments.count()}
    summary["assessments"] = dict(Counter(Assessment.objects.values_list("status", flat=True)))
    summary["findings"] = dict(Counter(Finding.objects.values_list("status", flat=True)))
    summary["seconds"] = timings
    return summary


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
