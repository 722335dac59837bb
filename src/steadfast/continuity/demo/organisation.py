"""The BCM organisation of the demo (continuity owners, policy, scope, objectives), a BIA per service
kind of the customer networks, and the plans' resources (alternate sources and sites, safety stock)."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.db.models import Count, F

from steadfast.continuity.models import (
    BcmDocument,
    ContinuityOwner,
    ContinuityPlan,
    ImpactAnalysis,
    PlanResource,
    ServiceImpactAnalysis,
)
from steadfast.core.roles import Role
from steadfast.network.models import CustomerNetworkKind, ItemSource, Site, Supplier

# the continuity team (named accounts without a password: they own records, sign in by reset)
TEAM = (("bcm.lindqvist", "Maria", "Lindqvist"), ("bcm.tanaka", "Aiko", "Tanaka"), ("bcm.okafor", "Chidi", "Okafor"),
        ("bcm.moreau", "Julien", "Moreau"), ("bcm.chen", "Wei", "Chen"), ("bcm.silva", "Beatriz", "Silva"))


def team() -> list:
    User = get_user_model()
    users = []
    for username, first, last in TEAM:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, first_name=first, last_name=last, role=Role.CONTINUITY_MANAGER,
                        email=f"{username}@steadfast.example")
            user.set_unusable_password()
            user.save()
        users.append(user)
    return users


def owners(users: list) -> list[ContinuityOwner]:
    """Critical and high-priority products, the busiest sites, every supplier tier in the map."""
    rows = []
    products = (ImpactAnalysis.objects.filter(priority__lte=2).order_by("priority", "product__ref")
                .values_list("product_id", flat=True)[:40])
    for k, pk in enumerate(products):
        owner, deputy = users[k % len(users)], users[(k + 1) % len(users)]
        rows.append(ContinuityOwner(scope="product", product_id=pk, owner=owner, deputy=deputy,
                                    notes="Owns the product's BIA, plans and exercises"))
    sites = (Site.objects.annotate(n=Count("sources")).filter(n__gt=0).order_by("-n", "ref").values_list("pk", flat=True)[:30])
    for k, pk in enumerate(sites):
        owner, deputy = users[(k + 2) % len(users)], users[(k + 3) % len(users)]
        rows.append(ContinuityOwner(scope="site", site_id=pk, owner=owner, deputy=deputy,
                                    notes="Site continuity lead: emergency response and recovery"))
    tiers = sorted(set(Supplier.objects.values_list("tier", flat=True)))
    for k, tier in enumerate(tiers):
        rows.append(ContinuityOwner(scope="supplier_tier", supplier_tier=tier, owner=users[k % len(users)],
                                    deputy=users[(k + 4) % len(users)],
                                    notes=f"Continuity requirements, evidence and follow-up of tier-{tier} suppliers"))
    return rows


def documents(users: list, today: dt.date) -> list[BcmDocument]:
    """A real-sounding BCM policy, the scope of the BCM system, and measurable objectives; one overdue."""
    chair, lead = users[0], users[1]

    def approved(ref, kind, title, statement, measure="", *, version=2, months_ago=5, owner=chair, review_months=12):
        reviewed = today - dt.timedelta(days=30 * months_ago)
        return BcmDocument(ref=ref, kind=kind, title=title, statement=statement, measure=measure, owner=owner,
                           status="approved", version=version, approved_by=chair, approved_on=reviewed,
                           reviewed_on=reviewed, review_months=review_months)

    suppliers = Supplier.objects.count()
    sites = Site.objects.count()
    countries = Site.objects.values("country").distinct().count()
    return [
        approved("BCM-POL-001", "policy", "Business continuity policy",
                 "Steadfast keeps delivering the products and services its customers' networks depend on through "
                 "earthquakes, floods, storms, conflicts, epidemics, cyber attacks, power failures and supplier "
                 "failures.\n\nThe Executive Board sponsors the BCM system and reviews it yearly. Every priority-1 and "
                 "priority-2 product, every site we operate and every supplier tier has a named continuity owner and a "
                 "deputy. Business impact analyses set MTPD, RTO, RPO and MBCO; contingency plans answer the scenarios "
                 "whose REI is high; plans are exercised and findings are tracked to closure.\n\nThe system follows ISO "
                 "22301:2019 and is audited internally every year.", version=3, months_ago=4),
        approved("BCM-SCO-001", "scope", "Scope of the BCM system",
                 f"All products and services Steadfast sells to network operators, the {sites:,} sites on the supply "
                 f"map in {countries} countries (our own factories, hubs and data centres, and our suppliers' sites), "
                 f"and the {suppliers:,} suppliers through every tier. Excluded: corporate real estate not used for "
                 "production or delivery.", version=2, months_ago=7),
        approved("BCM-OBJ-001", "objective", "Every priority-1 product has an exercised plan",
                 "Each priority-1 product is covered by an approved contingency plan exercised within 12 months.",
                 "share of priority-1 products with a plan exercised in the last 12 months; target 100 %",
                 owner=lead, months_ago=3),
        approved("BCM-OBJ-002", "objective", "Critical products survive their dependencies' recovery",
                 "No critical product has a dependency that leaves it short before that dependency recovers.",
                 "critical products whose every dependency survives its TTR (dashboard); target ≥ 90 %",
                 owner=lead, months_ago=2),
        approved("BCM-OBJ-003", "objective", "Plans reviewed on time",
                 "Contingency plans are reviewed at their cadence.",
                 "plans reviewed on time (dashboard); target ≥ 95 %", owner=users[2], months_ago=14),
        approved("BCM-OBJ-004", "objective", "Exercise findings closed by their due date",
                 "Actions from exercises close by their due date.",
                 "open actions past due; target 0 at each quarterly review", owner=users[3], version=1, months_ago=9,
                 review_months=6),
        BcmDocument(ref="BCM-OBJ-005", kind="objective", title="Tier-1 suppliers attest continuity plans",
                    statement="Every tier-1 supplier with a single-sourced part attests an exercised continuity plan.",
                    measure="share of such suppliers with an attestation under 12 months old; target 100 % by Q4",
                    owner=users[4], status="draft", version=0, review_months=12),
    ]


SERVICE_BIA = {  # kind: (priority, MTPD days, RTO days, RPO hours, MBCO %, owner, why)
    CustomerNetworkKind.MOBILE: (1, 3, 1, None, 90, "VP Operations, Radio Networks",
                                 "Radio access carries emergency calls; regulators require restoration within hours."),
    CustomerNetworkKind.CORE: (1, 2, 0.5, 0.25, 95, "Director Customer Operations",
                               "A core outage takes down every service of the operator at once."),
    CustomerNetworkKind.FIXED: (2, 7, 3, None, 75, "VP Operations, IP Routing",
                                "Fixed access serves homes and businesses; outages are local and partly redundant."),
    CustomerNetworkKind.TRANSPORT: (1, 5, 2, None, 85, "VP Operations, IP Routing",
                                    "Optical and IP transport links every other service; rings give some protection."),
    CustomerNetworkKind.ENTERPRISE: (3, 14, 7, 4, 50, "Director Customer Operations",
                                     "Enterprise networks have contractual SLAs; most customers keep a second carrier."),
}


def service_bias(today: dt.date) -> list[ServiceImpactAnalysis]:
    return [ServiceImpactAnalysis(service_kind=kind, priority=p, mtpd_days=mtpd, rto_days=rto, rpo_hours=rpo,
                                  mbco_percent=mbco, owner_name=owner, notes=why, reviewed_on=today - dt.timedelta(days=60),
                                  review_months=12)
            for kind, (p, mtpd, rto, rpo, mbco, owner, why) in SERVICE_BIA.items()]


BIGGEST = F("capacity_per_day").desc(nulls_last=True)


def _stock(source: ItemSource, days: float) -> float:
    """Days of the source's output (a source of unlimited capacity counts 50 a day)."""
    return max(1, round((source.capacity_per_day or 50) * days))


def _alternate_source(item_id: int, *, not_site=None, not_supplier=None, not_country=None):
    qs = ItemSource.objects.filter(item_id=item_id).select_related("site")
    if not_site is not None:
        qs = qs.exclude(site_id=not_site)
    if not_supplier is not None:
        qs = qs.exclude(site__owner_supplier_id=not_supplier)
    if not_country:
        qs = qs.exclude(site__country=not_country)
    return qs.order_by(BIGGEST, "ref").first()


def resources(plans: list[ContinuityPlan], rng: random.Random) -> list[PlanResource]:
    """Two or three resources per plan, from the map: an alternate source of the part most at stake,
    an alternate site of the same kind elsewhere, and safety stock (two weeks of the source's output)."""
    rows = []
    for plan in plans:
        if plan.scope == "site":
            site = Site.objects.get(pk=plan.site_id)
            main = ItemSource.objects.filter(site=site).order_by(BIGGEST, "ref").first()
            other = (Site.objects.filter(kind=site.kind).exclude(country=site.country).exclude(pk=site.pk)
                     .order_by("ref").first())
            if other is not None:
                rows.append(PlanResource(plan=plan, kind="alternate_site", site=other,
                                         note=f"{site.get_kind_display().lower()} capacity outside {site.country}"))
            if main is not None:
                alt = _alternate_source(main.item_id, not_site=site.pk)
                if alt is not None:
                    rows.append(PlanResource(plan=plan, kind="alternate_source", source=alt, note="qualified second source"))
                rows.append(PlanResource(plan=plan, kind="inventory", source=main,
                                         units=_stock(main, 14), note="two weeks of output"))
        elif plan.scope == "country":
            main = (ItemSource.objects.filter(site__country=plan.country).order_by(BIGGEST, "ref")
                    .select_related("site").first())
            if main is not None:
                alt = _alternate_source(main.item_id, not_country=plan.country)
                if alt is not None:
                    rows.append(PlanResource(plan=plan, kind="alternate_source", source=alt,
                                             note=f"largest capacity outside {plan.country}"))
                    rows.append(PlanResource(plan=plan, kind="inventory", source=alt,
                                             units=_stock(alt, 21), note="three weeks buffer"))
                other = (Site.objects.filter(kind=main.site.kind).exclude(country=plan.country).order_by("ref").first())
                if other is not None:
                    rows.append(PlanResource(plan=plan, kind="alternate_site", site=other, note="relocation target"))
        elif plan.scope == "supplier":
            main = (ItemSource.objects.filter(site__owner_supplier_id=plan.supplier_id).order_by(BIGGEST, "ref")
                    .first())
            if main is not None:
                alt = _alternate_source(main.item_id, not_supplier=plan.supplier_id)
                if alt is not None:
                    rows.append(PlanResource(plan=plan, kind="alternate_source", source=alt, note="qualified second source"))
                rows.append(PlanResource(plan=plan, kind="inventory", source=main,
                                         units=_stock(main, rng.choice((10, 14, 21))),
                                         note="consignment stock at the supplier"))
        elif plan.scope == "product":
            main = ItemSource.objects.filter(item_id=plan.product_id).order_by(BIGGEST, "ref").first()
            if main is not None:
                rows.append(PlanResource(plan=plan, kind="inventory", source=main,
                                         units=_stock(main, 14), note="finished-goods buffer"))
                alt = _alternate_source(plan.product_id, not_site=main.site_id)
                if alt is not None:
                    rows.append(PlanResource(plan=plan, kind="alternate_source", source=alt, note="second assembly line"))
    return rows
