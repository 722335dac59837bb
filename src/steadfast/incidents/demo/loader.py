"""The demo's major incidents: three years of them on the demo's customer networks, plus three
still open for the war room. Written in bulk with one audit event per incident."""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services import crud
from steadfast.core.services.audit import PendingEvent, record_events
from steadfast.incidents import rules, services
from steadfast.incidents import severity as matrix
from steadfast.incidents.demo.hazards import (
    CAUSES,
    KIND_OF,
    RESOLVE_HOURS,
    SHARE,
    TITLES,
    hazard_weights,
    pick,
)
from steadfast.incidents.demo.supply import load_supply_disruptions
from steadfast.incidents.models import (
    AffectedNetwork,
    CustomerUpdate,
    Incident,
    NationalUserBase,
    Obligation,
    PostIncidentReview,
    ReviewAction,
    RoleAssignment,
    TimelineEntry,
)
from steadfast.incidents.services.config import load_national_user_base
from steadfast.incidents.services.reviews import review_days
from steadfast.network.models import Customer, CustomerNetwork, Deployment, Site

PER_YEAR = 230  # at scale 1.0: "200+ major incidents a year"
YEARS = 3
RESPONDERS = ("a.okafor", "m.lindqvist", "r.banerjee", "s.moreau", "t.nakamura", "l.garcia", "k.mensah", "j.novak",
              "h.schmidt", "p.oliveira", "d.kowalski", "y.chen")
IMPACTS = {"total": 12, "major": 33, "partial": 40, "minor": 15}
BATCH = 2000
REVIEW_FACTORS = {
    "software_defect": "Upgrade applied network-wide without a canary; rollback procedure untested on this release.",
    "hardware_fault": "Single power feed on the aggregation shelf; spare board held at the wrong depot.",
    "fibre_cut": "Both fibre routes shared a duct for 400 m near the civil works.",
    "power_outage": "Batteries at the hub sites were past end of life; generator refuelling contract lapsed.",
    "cyber_attack": "Resolver capacity not scaled for amplification traffic; no upstream scrubbing agreement.",
    "earthquake": "Core site on soft ground without seismic racks; no geo-redundant core in the region.",
    "flood": "Exchange equipment on the ground floor in a flood zone.",
    "storm": "Radio sites without backup power on the coast; access roads blocked.",
    "epidemic": "Field teams understaffed; remote hands contract did not cover the region.",
    "conflict": "Transport routes through the affected area without alternatives.",
}
REVIEW_ACTIONS = {
    "software_defect": ["Canary every core software upgrade on one pool first", "Automate rollback and rehearse it quarterly",
                        "Add attach-success alarms to the upgrade checklist"],
    "hardware_fault": ["Dual-feed the aggregation shelves", "Move spares to the regional depot", "Replace ageing line cards"],
    "fibre_cut": ["Re-route the second fibre away from the shared duct", "Register routes with the one-call utility service"],
    "power_outage": ["Replace hub-site batteries", "Renew the generator refuelling contract", "Add power alarms to the NOC view"],
    "cyber_attack": ["Sign an upstream DDoS scrubbing agreement", "Rate-limit recursive DNS per subscriber",
                     "Rotate credentials on element managers"],
    "earthquake": ["Fit seismic racks at the core site", "Plan a geo-redundant core in the region"],
    "flood": ["Move exchange equipment above the flood line", "Add flood sensors to the site alarms"],
    "storm": ["Add backup power to coastal radio sites", "Pre-position portable generators before the storm season"],
    "epidemic": ["Extend the remote-hands contract to the region"],
    "conflict": ["Build a diverse transport route around the area", "Agree emergency access procedures with the authorities"],
}


@dataclass
class DemoReport:
    incidents: int = 0
    open_incidents: int = 0
    supply_disruptions: int = 0
    obligations: int = 0
    timeline: int = 0


def _lognormal(rng: random.Random, median: float, sigma: float) -> float:
    return median * math.exp(rng.gauss(0, sigma))


def _responders() -> list[User]:
    existing = {u.username: u for u in User.objects.filter(username__in=RESPONDERS)}
    missing = [User(username=name, role=Role.INCIDENT_MANAGER, email=f"{name}@demo.steadfast.invalid",
                    first_name=name[0].upper(), last_name=name[2:].title(), password=make_password(None))
               for name in RESPONDERS if name not in existing]
    User.objects.bulk_create(missing)
    return list(User.objects.filter(username__in=RESPONDERS).order_by("username"))


def load_incident_demo(*, seed: int = 7, scale: float = 1.0, now: dt.datetime | None = None) -> DemoReport:
    rng = random.Random(seed)
    now = now or timezone.now()
    report = DemoReport()
    with transaction.atomic():
        load_national_user_base(actor=None)
        people = _responders()
        networks = list(CustomerNetwork.objects.filter(subscribers__gt=0, kind__in=["mobile", "fixed", "core", "transport"])
                        .values("id", "ref", "name", "country", "kind", "subscribers", "restore_target_hours", "customer_id"))
        if not networks:
            return report
        by_country = defaultdict(list)
        for network in networks:
            by_country[network["country"]].append(network)
        products = defaultdict(list)
        for network_id, product_id in Deployment.objects.values_list("network_id", "product_id"):
            products[network_id].append(product_id)
        user_base = {(c, k): u for c, k, u in NationalUserBase.objects.values_list("country", "kind", "users")}
        supplier_sites = defaultdict(list)
        for site_id, country, supplier_id in Site.objects.filter(owner_supplier__isnull=False).values_list(
                "id", "country", "owner_supplier_id").order_by("id"):
            supplier_sites[country].append((site_id, supplier_id))
        weights = [math.sqrt(n["subscribers"]) for n in networks]
        # the current calendar year and the two before it
        earliest = dt.datetime(now.year - YEARS + 1, 1, 1, tzinfo=dt.UTC)
        count = max(4, round(PER_YEAR * scale * (now - earliest).days / 365))
        starts = sorted(earliest + dt.timedelta(seconds=rng.uniform(0, (now - earliest).total_seconds() - 3 * 86400))
                        for _ in range(count))
        plans = [_plan(rng, start, rng.choices(networks, weights=weights)[0], by_country, now) for start in starts]
        _write(rng, plans, people, products, user_base, now, report, supplier_sites)
        _open_incidents(rng, networks, people, now, report)
        disruptions = load_supply_disruptions(rng=rng, people=people, now=now, scale=scale, years=YEARS)
        report.supply_disruptions = len(disruptions)
        report.open_incidents += sum(1 for i in disruptions if i.resolved_at is None)
    return report


def _plan(rng, start, network, by_country, now) -> dict:
    hazard = pick(rng, hazard_weights(network["country"]))
    cause = pick(rng, CAUSES[hazard])
    neighbours = [n for n in by_country[network["country"]] if n["id"] != network["id"]]
    hit = [network]
    if hazard in ("earthquake", "flood", "storm", "power_outage", "conflict") and neighbours:
        hit += rng.sample(neighbours, min(len(neighbours), rng.choice((0, 1, 1, 2))))
    shares = [min(1.0, max(0.005, _lognormal(rng, SHARE[hazard], 0.7))) for _ in hit]
    detect = dt.timedelta(minutes=_lognormal(rng, 180 if hazard == "cyber_attack" else 6, 0.8))
    ack = dt.timedelta(minutes=_lognormal(rng, 11, 0.6))
    resolve = dt.timedelta(hours=max(0.6, _lognormal(rng, *RESOLVE_HOURS[hazard])))
    detected = start + detect
    resolved = max(detected + dt.timedelta(minutes=20), start + resolve)
    return {"start": start, "hazard": hazard, "cause": cause, "networks": hit, "shares": shares, "detected": detected,
            "acknowledged": detected + ack, "resolved": min(resolved, now - dt.timedelta(hours=1)),
            "impact": pick(rng, IMPACTS), "kind": KIND_OF.get(hazard, rng.choice(("outage", "outage", "degradation")))}


def _write(rng, plans, people, products, user_base, now, report: DemoReport, supplier_sites=None) -> None:
    incidents, links, roles, entries, updates, obligations, items = [], [], [], [], [], [], []
    reviews, review_plans, site_links, supplier_links = [], [], [], []
    numbers = defaultdict(int)
    for plan in plans:
        year = plan["start"].year
        numbers[year] += 1
        primary = plan["networks"][0]
        affected = [round(n["subscribers"] * s) for n, s in zip(plan["networks"], plan["shares"], strict=True)]
        subscribers = sum(affected)
        declared = plan["acknowledged"]
        resolved = max(plan["resolved"], declared + dt.timedelta(minutes=10))
        mitigated = plan["start"] + (resolved - plan["start"]) * rng.uniform(0.5, 0.9)
        mitigated = min(max(mitigated, declared + dt.timedelta(minutes=5)), resolved)
        closed = resolved + dt.timedelta(days=rng.uniform(2, 12))
        closed = closed if closed < now else None
        severity = matrix.severity(subscribers=subscribers, impact=plan["impact"], duration=resolved - plan["start"])
        countries = {n["country"] for n in plan["networks"]}
        kind = plan["kind"]
        personal = rng.random() < (0.35 if kind == "security" else 0.015)
        nis2 = rules.nis2_suggested(severity=severity, countries=countries, kind=kind) and rng.random() < 0.85
        title = rng.choice(TITLES[plan["hazard"]]).format(net=primary["name"], product="vRAN")
        incidents.append(Incident(
            ref=f"INC-{year}-{numbers[year]:04d}", title=title[:200], kind=kind, service_impact=plan["impact"],
            severity=severity, status="closed" if closed else "resolved", cause_category=plan["cause"],
            hazard=plan["hazard"], personal_data=personal, nis2_significant=nis2, impact_started_at=plan["start"],
            detected_at=plan["detected"], declared_at=declared, acknowledged_at=plan["acknowledged"],
            investigating_at=declared + dt.timedelta(minutes=4), mitigated_at=mitigated, resolved_at=resolved,
            closed_at=closed, subscribers_affected=subscribers,
            user_minutes=round(subscribers * (resolved - plan["start"]).total_seconds() / 60)))
        plan["times"] = (declared, mitigated, resolved, closed)
    Incident.objects.bulk_create(incidents, batch_size=BATCH)
    for incident, plan in zip(incidents, plans, strict=True):
        declared, mitigated, resolved, closed = plan["times"]
        for network, share in zip(plan["networks"], plan["shares"], strict=True):
            links.append(AffectedNetwork(incident=incident, network_id=network["id"], share=round(share, 4)))
        for product_id in products.get(plan["networks"][0]["id"], [])[:1]:
            items.append(Incident.items.through(incident_id=incident.pk, item_id=product_id))
        # A natural hazard that hits networks often hits the suppliers' plants in the same country too.
        nearby = (supplier_sites or {}).get(plan["networks"][0]["country"], [])
        if plan["hazard"] in ("earthquake", "flood", "storm", "conflict") and nearby and rng.random() < 0.4:
            site_id, supplier_id = rng.choice(nearby)
            site_links.append(Incident.sites.through(incident_id=incident.pk, site_id=site_id))
            supplier_links.append(Incident.suppliers.through(incident_id=incident.pk, supplier_id=supplier_id))
        commander, comms = rng.sample(people, 2)
        roles += [RoleAssignment(incident=incident, role="commander", person=commander, assumed_at=plan["acknowledged"]),
                  RoleAssignment(incident=incident, role="communications_lead", person=comms, assumed_at=declared)]
        steps = [("status_change", plan["detected"], "Opened as candidate from NOC monitoring"),
                 ("status_change", declared, "Declared"),
                 ("role_change", plan["acknowledged"], f"{commander.username} is incident commander"),
                 ("status_change", declared + dt.timedelta(minutes=4), "Investigating"),
                 ("update_published", declared + dt.timedelta(minutes=25), "Tactical update published to customers"),
                 ("status_change", mitigated, "Mitigated"), ("status_change", resolved, "Resolved")]
        if closed:
            steps.append(("status_change", closed, "Closed after post-incident review"))
        entries += [TimelineEntry(incident=incident, kind=k, at=at, text=text,
                                  actor=comms if k == "update_published" else commander if k != "status_change" or at > plan["detected"] else None)
                    for k, at, text in steps]
        reviews.append(PostIncidentReview(
            incident=incident, due_at=resolved + dt.timedelta(days=review_days()),
            completed_at=closed - dt.timedelta(hours=rng.uniform(1, 24)) if closed else None,
            timeline_summary=f"{incident.title}. Detected {plan['detected']:%H:%M} UTC, service restored "
                             f"{resolved:%Y-%m-%d %H:%M} UTC." if closed else "",
            contributing_factors=REVIEW_FACTORS[plan["hazard"]] if closed else "",
            went_well="Fast escalation to the vendor's TAC; customer updates every hour." if closed else "",
            went_badly="Alarm correlation was slow; spare parts were two hours away." if closed else ""))
        review_plans.append((plan["hazard"], closed, commander))
        updates.append(CustomerUpdate(incident=incident, kind="tactical", author=comms, published_at=declared + dt.timedelta(minutes=25),
                                      conditions=f"{incident.title}. Service is affected for about "
                                                 f"{incident.subscribers_affected:,} subscribers.",
                                      actions="Our NOC and the network's operations team are restoring service.",
                                      needs="Share any alarms seen on your side with our NOC."))
        facts = rules.IncidentFacts(
            impact_started=incident.impact_started_at, detected=incident.detected_at, resolved=resolved, as_of=now,
            networks=tuple(rules.NetworkImpact(n["id"], n["ref"], n["country"], n["kind"], round(n["subscribers"] * s),
                                               n["restore_target_hours"]) for n, s in zip(plan["networks"], plan["shares"], strict=True)),
            personal_data=incident.personal_data, nis2_significant=incident.nis2_significant, user_base=user_base)
        for due in rules.evaluate(facts):
            allowance = due.due - due.clock_started
            if due.code.startswith("restore_target."):
                submitted = resolved
            elif rng.random() < 0.07:  # some reports went in late
                submitted = due.due + allowance * rng.uniform(0.05, 0.5)
            else:
                submitted = due.clock_started + allowance * rng.uniform(0.3, 0.95)
            obligations.append(Obligation(
                incident=incident, code=due.code, regime=due.regime, rule=due.rule, authority=due.authority,
                legal_source=due.legal_source, clock_started_at=due.clock_started, due_at=due.due,
                submitted_at=submitted if submitted < now else None, network_id=due.network_id, country=due.country,
                report_fields=due.report_fields))
    for model, rows in ((AffectedNetwork, links), (Incident.items.through, items), (RoleAssignment, roles),
                        (TimelineEntry, entries), (CustomerUpdate, updates), (Obligation, obligations),
                        (PostIncidentReview, reviews), (Incident.sites.through, site_links),
                        (Incident.suppliers.through, supplier_links)):
        model.objects.bulk_create(rows, batch_size=BATCH)
    actions = []
    for review, (hazard, closed, owner) in zip(reviews, review_plans, strict=True):
        for title in rng.sample(REVIEW_ACTIONS[hazard], rng.randint(1, min(3, len(REVIEW_ACTIONS[hazard])))):
            due = (review.due_at + dt.timedelta(days=rng.randint(14, 90))).date()
            # most actions are closed by their due date; a few drag on
            done = closed is not None and due < now.date() and rng.random() < 0.9
            closed_at = dt.datetime.combine(due, dt.time(12), tzinfo=dt.UTC) - dt.timedelta(days=rng.randint(0, 10))
            actions.append(ReviewAction(review=review, title=title, owner=owner, due_date=due,
                                        closed_at=min(now, closed_at) if done else None))
    ReviewAction.objects.bulk_create(actions, batch_size=BATCH)
    events = [crud.pending_for("create", i, {"ref": [None, i.ref], "title": [None, i.title], "severity": [None, i.severity],
                                            "status": [None, i.status], "impact_started_at": [None, i.impact_started_at],
                                            "resolved_at": [None, i.resolved_at]}) for i in incidents]
    events += [PendingEvent("create", m._meta.label_lower, "", f"demo: {len(rows):,} {m._meta.verbose_name_plural}",
                            {"count": [None, len(rows)]})
               for m, rows in ((AffectedNetwork, links), (RoleAssignment, roles), (TimelineEntry, entries),
                               (CustomerUpdate, updates), (Obligation, obligations), (PostIncidentReview, reviews),
                               (ReviewAction, actions))]
    record_events(actor=None, events=events)
    report.incidents += len(incidents)
    report.obligations += len(obligations)
    report.timeline += len(entries)


def _open_incidents(rng, networks, people, now, report: DemoReport) -> None:
    """Three incidents still being worked, through the services (as a person would)."""

    demo_customer = Customer.objects.filter(networks__isnull=False).order_by("ref").first()
    own = [n for n in networks if n["customer_id"] == getattr(demo_customer, "pk", None)]
    picks = (own[:1] or networks[:1]) + rng.sample(networks, 2)
    stories = (("Packet core outage after vEPC software upgrade", "software_defect", "system_failure", "investigating", 0.4),
               ("Dual fibre cut isolates northern region", "fibre_cut", "third_party_failure", "mitigated", 0.15),
               ("DDoS against DNS resolvers", "cyber_attack", "malicious_action", "declared", 0.3))
    for network, (title, hazard, cause, status, share) in zip(picks, stories, strict=True):
        start = now - dt.timedelta(hours=rng.uniform(1.5, 5))
        incident = services.create_incident(
            actor=None, title=title, kind="security" if hazard == "cyber_attack" else "outage", hazard=hazard,
            cause_category=cause, service_impact="major", networks=[{"network": network["id"], "share": share}],
            impact_started=start, detected=start + dt.timedelta(minutes=7), status="candidate",
            personal_data=hazard == "cyber_attack")
        at = start + dt.timedelta(minutes=15)
        incident = services.transition(actor=None, incident=incident, to="declared", at=at)
        services.assign_role(actor=None, incident=incident, role="commander", person=people[0], at=at)
        services.assign_role(actor=None, incident=incident, role="communications_lead", person=people[1], at=at)
        services.add_task(actor=None, incident=incident, title="Open a case with the vendor's TAC and share logs",
                          owner=people[2], due_at=now + dt.timedelta(hours=1))
        services.publish_update(actor=None, incident=incident, conditions=f"{title}; about {share:.0%} of subscribers affected.",
                                actions="Engineers are on site and in the core; next update within 60 minutes.",
                                at=at + dt.timedelta(minutes=10))
        for step in ("investigating", "mitigated")[: ("declared", "investigating", "mitigated").index(status)]:
            at = at + dt.timedelta(minutes=20)
            incident = services.transition(actor=None, incident=incident, to=step, at=min(at, now))
        report.open_incidents += 1
