"""Sample objects for the role × route matrix (tests/test_route_matrix.py).

No scoped role (supplier respondent, customer viewer) may see continuity records at all, so there is
no "foreign" object to ask for: the policy answers 403 first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from steadfast.continuity.models import (
    AnalysisRun,
    BcmDocument,
    ContinuityOwner,
    ContinuityPlan,
    Exercise,
    ExerciseFinding,
    ImpactAnalysis,
    PlanResource,
    PlanStep,
    SavedScenario,
    ServiceImpactAnalysis,
)
from steadfast.continuity.services.scenarios import SCENARIO_JOB_KIND
from steadfast.core.models import Job
from steadfast.core.roles import Role
from steadfast.network.models import (
    BomLine,
    Customer,
    CustomerNetwork,
    Deployment,
    Item,
    ItemSource,
    Site,
    Supplier,
)
from steadfast.network.testing import sample_chain

KWARGS = ("run_id", "scenario_job_id", "scenario_id", "bia_id", "plan_id", "exercise_id", "finding_id", "step_id",
          "resource_id", "owner_id", "document_id", "service_bia_id")


def _samples() -> dict:
    chain = sample_chain("MATRIX")
    run, _ = AnalysisRun.objects.get_or_create(label="matrix run", defaults={"status": "succeeded"})
    job = Job.objects.filter(kind=SCENARIO_JOB_KIND, label="matrix scenario").first() or Job.objects.create(
        kind=SCENARIO_JOB_KIND, label="matrix scenario", params={"kind": "sites", "refs": [chain["site_id"].ref],
                                                                 "ttr_days": 5})
    scenario, _ = SavedScenario.objects.get_or_create(name="matrix scenario", defaults={
        "hazard": "flood", "selection": "sites", "refs": [chain["site_id"].ref], "ttr_days": 5})
    bia, _ = ImpactAnalysis.objects.get_or_create(product=chain["product"], defaults={
        "mtpd_days": 10, "rto_days": 5, "mbco_percent": 50})
    plan, _ = ContinuityPlan.objects.get_or_create(ref="PLAN-MATRIX", defaults={
        "title": "Matrix flood plan", "hazard": "flood", "scope": "site", "site": chain["site_id"],
        "activation_criteria": "Site flooded"})
    exercise, _ = Exercise.objects.get_or_create(title="Matrix tabletop", defaults={
        "kind": "tabletop", "held_on": dt.date(2026, 3, 1), "participants": "BCM team", "objectives": "Walk through"})
    finding, _ = ExerciseFinding.objects.get_or_create(exercise=exercise, summary="Call tree outdated", defaults={
        "severity": "minor", "action": "Update the call tree", "action_owner": "BCM lead", "due_on": dt.date(2026, 4, 1)})
    step = PlanStep.objects.filter(plan=plan).first() or PlanStep.objects.create(
        plan=plan, position=1, action="Call the site manager", owner_role="BCM lead", within_hours=1)
    resource = PlanResource.objects.filter(plan=plan).first() or PlanResource.objects.create(
        plan=plan, kind="alternate_site", site=chain["site_id"], note="matrix")
    manager = get_user_model().objects.filter(role=Role.CONTINUITY_MANAGER).order_by("pk").first() or \
        get_user_model().objects.create_user(username="matrix-bcm", password="x", role=Role.CONTINUITY_MANAGER)
    owner = ContinuityOwner.objects.filter(supplier_tier=9).first() or ContinuityOwner.objects.create(
        scope="supplier_tier", supplier_tier=9, owner=manager)
    document, _ = BcmDocument.objects.get_or_create(ref="BCM-MATRIX", defaults={
        "kind": "policy", "title": "Matrix BCM policy", "statement": "We keep delivering."})
    service_bia, _ = ServiceImpactAnalysis.objects.get_or_create(service_kind="enterprise", defaults={
        "mtpd_days": 10, "rto_days": 5, "mbco_percent": 50})
    return {"run_id": run, "scenario_job_id": job, "scenario_id": scenario, "bia_id": bia, "plan_id": plan,
            "exercise_id": exercise, "finding_id": finding, "step_id": step, "resource_id": resource, "owner_id": owner,
            "document_id": document, "service_bia_id": service_bia}


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    if kwarg not in KWARGS:
        raise KeyError(kwarg)
    if foreign:
        return None
    return _samples()[kwarg].pk


SMALL_MAP = """A small hand-built map for the continuity tests, with numbers a reader can check by hand.

    supplier KOBE (JP, tier 1)  ── site KOBE-F1 (Kobe, JP)     ── source CHIP@KOBE-F1  cap 30/day, 40 on hand, ttr 30
    supplier HSIN (TW, tier 1)  ── site HSIN-F1 (Hsinchu, TW)  ── source CHIP@HSIN-F1  cap 10/day, no stock, ttr 20
    supplier RHEIN (DE, tier 1) ── site RHEIN-W1 (Mainz, DE)   ── source CASE@RHEIN-W1 cap 20/day, 100 on hand, ttr 10
    our own site HQ-F1 (Espoo, FI) ── source ROUTER@HQ-F1 (product, 10/day, margin 100), cap 20/day

    BOM: ROUTER ← 2 × CHIP, ROUTER ← 1 × CASE.  Chips needed: 20/day.
    Lose KOBE-F1: HSIN makes 10/day, 10 short a day; KOBE's 40 chips on hand (the stock stays
      usable) cover 4 days → TTS 4 days; over 30 days 10 × 30 + 40 = 340 chips make 170 of the
      300 routers: 130 × 100 = 13,000 lost.
    Lose RHEIN-W1: 100 cases on hand for 10 routers/day → TTS 10 days; over ttr 10: no loss.
    networks: NET-ROUTER-1 (ROUTER, 1,000,000 subscribers, revenue 250,000), NET-ROUTER-2 (ROUTER,
      50,000 subscribers, revenue 40,000).
"""


@dataclass
class SmallMap:
    suppliers: dict
    sites: dict
    items: dict
    sources: dict
    networks: dict


def build_small_map() -> SmallMap:
    """The hand-built map described in `SMALL_MAP` (tests of the continuity app and its browser test)."""

    suppliers = {
        "KOBE": Supplier.objects.create(ref="KOBE", legal_name="Kobe Semiconductor KK", country="JP", category="components"),
        "HSIN": Supplier.objects.create(ref="HSIN", legal_name="Hsinchu Silicon Co.", country="TW", category="components"),
        "RHEIN": Supplier.objects.create(ref="RHEIN", legal_name="Rhein Gehäuse GmbH", country="DE",
                                         category="components"),
    }
    sites = {
        "KOBE-F1": Site.objects.create(ref="KOBE-F1", owner_supplier=suppliers["KOBE"], name="Kobe fab", kind="factory",
                                       country="JP", subdivision="JP-28", latitude=34.69, longitude=135.19, ttr_days=30),
        "HSIN-F1": Site.objects.create(ref="HSIN-F1", owner_supplier=suppliers["HSIN"], name="Hsinchu fab",
                                       kind="factory", country="TW", latitude=24.80, longitude=120.97, ttr_days=20),
        "RHEIN-W1": Site.objects.create(ref="RHEIN-W1", owner_supplier=suppliers["RHEIN"], name="Mainz works",
                                        kind="factory", country="DE", latitude=50.0, longitude=8.27, ttr_days=10),
        "HQ-F1": Site.objects.create(ref="HQ-F1", name="Espoo assembly", kind="factory", country="FI",
                                     latitude=60.21, longitude=24.66),
    }
    items = {
        "CHIP": Item.objects.create(ref="CHIP", name="Switch ASIC", kind="component"),
        "CASE": Item.objects.create(ref="CASE", name="Chassis", kind="component"),
        "ROUTER": Item.objects.create(ref="ROUTER", name="Edge router ER-8", kind="product", demand_per_day=10,
                                      margin_per_unit=100),
    }
    sources = {
        "CHIP@KOBE-F1": ItemSource.objects.create(ref="CHIP@KOBE-F1", item=items["CHIP"], site=sites["KOBE-F1"],
                                                  capacity_per_day=30, inventory=40, ttr_days=30, share=0.7),
        "CHIP@HSIN-F1": ItemSource.objects.create(ref="CHIP@HSIN-F1", item=items["CHIP"], site=sites["HSIN-F1"],
                                                  capacity_per_day=10, inventory=0, ttr_days=20, share=0.3),
        "CASE@RHEIN-W1": ItemSource.objects.create(ref="CASE@RHEIN-W1", item=items["CASE"], site=sites["RHEIN-W1"],
                                                   capacity_per_day=20, inventory=100, ttr_days=10),
        "ROUTER@HQ-F1": ItemSource.objects.create(ref="ROUTER@HQ-F1", item=items["ROUTER"], site=sites["HQ-F1"],
                                                  capacity_per_day=20),
    }
    BomLine.objects.create(parent=items["ROUTER"], child=items["CHIP"], quantity=2)
    BomLine.objects.create(parent=items["ROUTER"], child=items["CASE"], quantity=1)
    telco = Customer.objects.create(ref="NORDTEL", name="Nordtel Oyj", country="FI")
    networks = {
        "NET-ROUTER-1": CustomerNetwork.objects.create(ref="NET-ROUTER-1", customer=telco, name="Nordtel mobile core",
                                                       country="FI", kind="mobile", subscribers=1_000_000),
        "NET-ROUTER-2": CustomerNetwork.objects.create(ref="NET-ROUTER-2", customer=telco, name="Nordtel enterprise",
                                                       country="FI", kind="enterprise", subscribers=50_000),
    }
    Deployment.objects.create(network=networks["NET-ROUTER-1"], product=items["ROUTER"], annual_revenue=250_000)
    Deployment.objects.create(network=networks["NET-ROUTER-2"], product=items["ROUTER"], annual_revenue=40_000)
    return SmallMap(suppliers, sites, items, sources, networks)
