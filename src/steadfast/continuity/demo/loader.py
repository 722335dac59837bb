"""Load the continuity demo: a BIA for every product, contingency plans across the hazards and the
countries with the most sites, exercises with findings, saved scenarios, and a full analysis (and
the saved scenarios' answers) queued for the worker. Fast: bulk inserts with one audit event per
object (as the network demo writes them)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from django.db import transaction
from django.db.models import Count

from steadfast.continuity.demo import catalogue, organisation
from steadfast.continuity.hazards import country_rates
from steadfast.continuity.models import (
    BcmDocument,
    ContinuityOwner,
    ContinuityPlan,
    Exercise,
    ExerciseFinding,
    ImpactAnalysis,
    PlanResource,
    PlanStep,
    PlanVersion,
    SavedScenario,
    ServiceImpactAnalysis,
)
from steadfast.core.services import crud
from steadfast.core.validators import country_name
from steadfast.network.models import Item, ItemKind, Site, Supplier

TODAY = dt.date(2026, 12, 1)  # the demo's "now": dates stay the same whenever it is loaded


def _events(objects) -> list:
    return [crud.pending_for("create", obj, {k: [None, v] for k, v in crud.snapshot(obj).items()}) for obj in objects]


def _bias(rng: random.Random) -> list[ImpactAnalysis]:
    products = list(Item.objects.filter(kind=ItemKind.PRODUCT).order_by("ref").values_list("pk", "ref", "name",
                                                                                            "demand_per_day"))
    ranked = sorted(products, key=lambda p: -p[3])
    priority = {pk: 1 + min(3, 4 * i // max(len(ranked), 1)) for i, (pk, *_rest) in enumerate(ranked)}
    rows = []
    for pk, ref, name, _ in products:
        p = priority[pk]
        mtpd = {1: 14, 2: 30, 3: 45, 4: 60}[p] + rng.choice((0, 0, 7))
        software = any(word in name.lower() for word in ("software", "cloud", "orchestr", "licence", "service"))
        rows.append(ImpactAnalysis(
            product_id=pk, mtpd_days=mtpd, rto_days=round(mtpd * rng.uniform(0.4, 0.7)),
            rpo_hours=rng.choice((1, 4, 24)) if software else None, mbco_percent={1: 70, 2: 50, 3: 40, 4: 25}[p],
            priority=p, owner_name=rng.choice(catalogue.OWNERS),
            reviewed_on=TODAY - dt.timedelta(days=rng.randint(20, 420)), review_months=12,
            notes=f"Impact analysis of {name} ({ref}): margin, customer SLAs and contractual penalties reviewed."))
    return rows


def _plan(ref: str, title: str, hazard: str, scope: str, rng: random.Random, **target) -> ContinuityPlan:
    reviewed = TODAY - dt.timedelta(days=rng.randint(30, 500))
    return ContinuityPlan(ref=ref, title=title, hazard=hazard, scope=scope, activation_criteria=catalogue.ACTIVATION[hazard],
                          communication_tree=catalogue.COMMUNICATION, owner_name=rng.choice(catalogue.OWNERS),
                          status="approved", review_months=12, last_reviewed_on=reviewed, country=target.pop("country", ""),
                          **target)


def _plans(rng: random.Random) -> list[ContinuityPlan]:
    plans: list[ContinuityPlan] = []
    site_counts = Counter(dict(Site.objects.values("country").annotate(n=Count("id")).values_list("country", "n")))
    for country, _ in site_counts.most_common(12):
        rates = country_rates(country)
        hazards = [h for h, r in sorted(rates.items(), key=lambda kv: -kv[1]) if r > 0][:3] or ["epidemic"]
        for hazard in hazards:
            plans.append(_plan(f"BCP-{country}-{hazard[:4].upper()}", f"{hazard.capitalize()} in {country}: supply and "
                               f"delivery continuity", hazard, "country", rng, country=country))
    busiest_sites = (Site.objects.annotate(n=Count("sources")).filter(n__gt=0).order_by("-n", "ref")
                     .values_list("pk", "name", "country")[:15])
    for i, (pk, name, country) in enumerate(busiest_sites):
        rates = country_rates(country)
        hazard = max(rates, key=rates.get) if rates and max(rates.values()) > 0 else ("power", "flood")[i % 2]
        if i % 3 == 2:
            hazard = "power"
        plans.append(_plan(f"BCP-SITE-{i + 1:03d}", f"{name}: {hazard.replace('_', ' ')} response", hazard, "site", rng,
                           site_id=pk))
    tier1 = (Supplier.objects.filter(tier=1).annotate(n=Count("sites__sources")).filter(n__gt=0)
             .order_by("-n", "ref").values_list("pk", "legal_name")[:16])
    for i, (pk, name) in enumerate(tier1):
        hazard = "cyber" if i % 2 == 0 else "supplier_failure"
        plans.append(_plan(f"BCP-SUP-{i + 1:03d}", f"{name}: {'ransomware' if hazard == 'cyber' else 'supplier failure'}",
                           hazard, "supplier", rng, supplier_id=pk))
    products = (ImpactAnalysis.objects.filter(priority=1).order_by("product__ref")
                .values_list("product_id", "product__name")[:12])
    for i, (pk, name) in enumerate(products):
        hazard = ("supplier_failure", "epidemic", "power")[i % 3]
        plans.append(_plan(f"BCP-PRD-{i + 1:03d}", f"{name}: keep deliveries at the MBCO", hazard, "product", rng,
                           product_id=pk))
    # a few plans overdue for review, a few still drafts
    for plan in plans[::9]:
        plan.last_reviewed_on = TODAY - dt.timedelta(days=rng.randint(400, 700))
    for plan in plans[4::13]:
        plan.status = "draft"
    return plans


def _steps_and_versions(plans: list[ContinuityPlan], rng: random.Random):
    steps, versions, resources = [], [], []
    for plan in plans:
        for position, (action, owner, hours) in enumerate(catalogue.STEPS[plan.hazard], start=1):
            steps.append(PlanStep(plan=plan, position=position, action=action, owner_role=owner, within_hours=hours))
        if plan.status == "approved":
            count = rng.randint(1, 3)
            for number in range(1, count + 1):
                versions.append(PlanVersion(plan=plan, number=number, approver_name=rng.choice(catalogue.OWNERS[:3]),
                                            approved_on=plan.last_reviewed_on - dt.timedelta(days=365 * (count - number)),
                                            summary="First issue" if number == 1 else "Annual review: owners, stock "
                                                                                      "levels and alternate sources updated"))
    # its own random stream: the rest of the demo (exercises, findings) draws the same numbers as before
    resources = organisation.resources(plans, random.Random(len(plans)))
    return steps, versions, resources


def _scenarios(rng: random.Random) -> list[SavedScenario]:
    """The named scenarios, each only when the map has sites there."""
    def sites_in(*countries):
        return Site.objects.filter(country__in=countries).exists()

    candidates = [
        SavedScenario(name="Earthquake M7.3 near Tokyo", hazard="earthquake", selection="circle", latitude=35.68,
                      longitude=139.69, radius_km=150, ttr_days=45,
                      description="Shaking intensity 6+ across the Kanto plain: fabs, EMS plants and the Yokohama port.")
        if sites_in("JP") else None,
        SavedScenario(name="Earthquake M7.4 off Hualien, Taiwan", hazard="earthquake", selection="circle", latitude=24.0,
                      longitude=121.3, radius_km=200, ttr_days=21,
                      description="As in April 2024: fabs in Hsinchu and Taichung pause for inspection and recalibration.")
        if sites_in("TW") else None,
        SavedScenario(name="Thailand floods (Chao Phraya basin)", hazard="flood", selection="circle", latitude=14.35,
                      longitude=100.57, radius_km=120, ttr_days=60,
                      description="As in 2011: industrial estates around Ayutthaya and Pathum Thani under water.")
        if sites_in("TH") else None,
        SavedScenario(name="Epidemic lockdown of China", hazard="epidemic", selection="countries", refs=["CN"], ttr_days=30,
                      description="Workplaces closed nationwide for a month, ports working at reduced staffing.")
        if sites_in("CN") else None,
    ]
    conflict = next((c for c in ("UA", "IL", "RU", "TW", "KR", "IN") if sites_in(c)), None)
    if conflict:
        candidates.append(SavedScenario(name=f"Armed conflict: supply from {country_name(conflict)} cut off",
                                        hazard="conflict",
                                        selection="countries", refs=[conflict], ttr_days=120,
                                        description="No shipments from the country for four months; sanctions follow."))
    tier1 = (Supplier.objects.filter(tier=1).annotate(n=Count("sites__sources")).filter(n__gt=0)
             .order_by("-n", "ref").values_list("ref", "legal_name").first())
    if tier1:
        candidates.append(SavedScenario(name=f"Ransomware at {tier1[1]}", hazard="cyber", selection="suppliers",
                                        refs=[tier1[0]], ttr_days=14,
                                        description="Order, MES and EDI systems encrypted; every site of the supplier stops."))
    return [c for c in candidates if c is not None]


def _exercises(plans: list[ContinuityPlan], scenarios: list[SavedScenario], rng: random.Random):
    exercises, findings = [], []
    chosen = rng.sample(plans, min(24, len(plans)))
    for i, plan in enumerate(chosen):
        held = TODAY - dt.timedelta(days=rng.randint(10, 600))
        kind = ("tabletop", "tabletop", "simulation", "live")[i % 4]
        scenario = next((s for s in scenarios if s.hazard == plan.hazard), None)
        exercise = Exercise(title=f"{kind.capitalize()} exercise: {plan.title}", kind=kind, held_on=held, plan=plan,
                            scenario=scenario, participants=catalogue.PARTICIPANTS, objectives=catalogue.OBJECTIVES,
                            outcome="Plan activated within its targets; see the findings for the gaps found.")
        exercises.append(exercise)
        for summary, severity, action in rng.sample(catalogue.FINDINGS, rng.randint(1, 3)):
            due = held + dt.timedelta(days=rng.choice((30, 60, 90)))
            closed = due - dt.timedelta(days=rng.randint(0, 20)) if due < TODAY and rng.random() < 0.75 else None
            findings.append(ExerciseFinding(exercise=exercise, summary=summary, severity=severity, action=action,
                                            action_owner=rng.choice(catalogue.OWNERS), due_on=due, closed_on=closed))
    return exercises, findings


def load_continuity_demo(*, seed: int = 7) -> dict[str, int]:
    """Write the continuity demo in one transaction (refuses when continuity records exist)."""
    rng = random.Random(seed)
    if ImpactAnalysis.objects.exists() or ContinuityPlan.objects.exists():
        raise ValueError("the continuity demo is already loaded")
    with transaction.atomic():
        bias = ImpactAnalysis.objects.bulk_create(_bias(rng), batch_size=1000)
        plans = ContinuityPlan.objects.bulk_create(_plans(rng), batch_size=1000)
        steps, versions, resources = _steps_and_versions(plans, rng)
        PlanStep.objects.bulk_create(steps, batch_size=2000)
        PlanVersion.objects.bulk_create(versions, batch_size=2000)
        PlanResource.objects.bulk_create(resources, batch_size=1000)
        scenarios = SavedScenario.objects.bulk_create(_scenarios(rng))
        for plan in plans:
            for scenario in scenarios:
                if scenario.hazard == plan.hazard and plan.scope in ("country", "supplier") and rng.random() < 0.5:
                    plan.scenarios.add(scenario)
        exercises, findings = _exercises(plans, scenarios, rng)
        Exercise.objects.bulk_create(exercises)
        ExerciseFinding.objects.bulk_create(findings)
        users = organisation.team()
        service_bias = ServiceImpactAnalysis.objects.bulk_create(organisation.service_bias(TODAY))
        owners = ContinuityOwner.objects.bulk_create(organisation.owners(users))
        documents = BcmDocument.objects.bulk_create(organisation.documents(users, TODAY))
        crud.record_events(actor=None, events=_events([*bias, *plans, *scenarios, *exercises, *service_bias, *owners,
                                                       *documents, *resources]))
    return {"bias": len(bias), "service bias": len(service_bias), "continuity owners": len(owners),
            "BCM records": len(documents), "resources": len(resources),
            "plans": len(plans), "steps": len(steps), "versions": len(versions),
            "scenarios": len(scenarios), "exercises": len(exercises), "findings": len(findings)}
