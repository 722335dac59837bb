"""The centres demo: the vendor's six transparency centres, three years of evaluation sessions by
named customers and national regulators, gated documents with access requests in every state, and
the stakeholder accounts that made them."""

from __future__ import annotations

import datetime as dt
import random
import secrets
import unicodedata
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from steadfast.core.models import User
from steadfast.core.roles import Role
from steadfast.core.services.accounts import create_user
from steadfast.network.models import Customer, CustomerNetwork, Item
from steadfast.transparency.models import (
    AccessEvent,
    AccessRequest,
    Centre,
    Document,
    EvaluatedVersion,
    Evaluation,
    EvaluationFinding,
    RegulatorCountry,
    Room,
)
from steadfast.transparency.services import portal
from steadfast.transparency.services.sboms import product_sbom
from steadfast.transparency.services.watermark import sample_pdf

# name, city, country, UTC hour of 09:00 local, address, opened, services, rooms (name, capacity, equipment)
CENTRES = [
    ("TC-BRU", "Brussels Cyber Security Transparency Centre", "Brussels", "BE", 8, "Rue de la Loi 81, 1040 Brussels",
     dt.date(2019, 3, 5), ("source_code_review", "product_testing", "interop_testing", "briefing"),
     [("Source Review Lab 1", 6, "air-gapped review workstations, build reproduction"),
      ("Source Review Lab 2", 6, "air-gapped review workstations"), ("Test Hall", 12, "RF-shielded test bed, 5G SA core"),
      ("Auditorium", 40, "briefing, video link")]),
    ("TC-BON", "Bonn Security Innovation Lab", "Bonn", "DE", 8, "Platz der Vereinten Nationen 7, 53113 Bonn",
     dt.date(2018, 11, 14), ("source_code_review", "product_testing", "briefing"),
     [("Review Room A", 4, "air-gapped review workstations"), ("Radio Lab", 8, "RAN test bed, shielded"),
      ("Board Room", 16, "briefing")]),
    ("TC-ROM", "Rome Interoperability and Transparency Centre", "Rome", "IT", 8, "Via Cristoforo Colombo 115, 00147 Rome",
     dt.date(2021, 6, 22), ("interop_testing", "product_testing", "briefing"),
     [("Interop Lab", 10, "multi-vendor IMS and transport test bed"), ("Briefing Room", 20, "briefing")]),
    ("TC-DXB", "Dubai Cyber Security Transparency Centre", "Dubai", "AE", 5, "Dubai Internet City, Building 17",
     dt.date(2022, 2, 9), ("source_code_review", "product_testing", "briefing"),
     [("Review Suite", 6, "air-gapped review workstations"), ("Test Lab", 10, "5G NSA/SA test bed"),
      ("Majlis", 18, "briefing")]),
    ("TC-SIN", "Singapore Transparency Centre", "Singapore", "SG", 1, "1 Fusionopolis Way, Singapore 138632",
     dt.date(2020, 9, 1), ("source_code_review", "interop_testing", "briefing"),
     [("Code Review Room", 5, "air-gapped review workstations"), ("Interop Lab", 8, "transport and IP test bed"),
      ("Briefing Theatre", 30, "briefing")]),
    ("TC-TOR", "Toronto Transparency Centre", "Toronto", "CA", 14, "200 Bay Street, Toronto, ON M5J 2J2",
     dt.date(2023, 4, 18), ("product_testing", "briefing"),
     [("Test Lab", 8, "RAN and core test bed"), ("Briefing Room", 14, "briefing")]),
]

REGULATORS = [  # (authority, country)
    ("Bundesamt für Sicherheit in der Informationstechnik (BSI)", "DE"),
    ("Agence nationale de la sécurité des systèmes d'information (ANSSI)", "FR"),
    ("Agenzia per la Cybersicurezza Nazionale (ACN)", "IT"),
    ("National Cyber Security Centre (NCSC)", "GB"),
    ("Centre for Cybersecurity Belgium (CCB)", "BE"),
    ("Nationaal Cyber Security Centrum (NCSC-NL)", "NL"),
    ("Instituto Nacional de Ciberseguridad (INCIBE)", "ES"),
    ("Telecommunications and Digital Government Regulatory Authority (TDRA)", "AE"),
    ("Cyber Security Agency of Singapore (CSA)", "SG"),
    ("Canadian Centre for Cyber Security", "CA"),
    ("Centro Nacional de Cibersegurança (CNCS)", "PT"),
    ("Urząd Komunikacji Elektronicznej (UKE)", "PL"),
]

TITLES = {
    "source_code_review": ["Source-code review of {p} {v}", "Build reproducibility check, {p} {v}",
                           "Review of cryptographic modules in {p} {v}"],
    "product_testing": ["Security testing of {p} {v}", "Penetration test witness, {p} {v}",
                        "3GPP SCAS conformance testing, {p} {v}"],
    "interop_testing": ["Interoperability testing of {p} {v}", "Multi-vendor interop, {p} {v}"],
    "briefing": ["Security briefing: {p} roadmap", "NIS2 and supply-chain security briefing",
                 "Briefing on vulnerability handling and disclosure"],
}
FINDINGS = ["Debug interface reachable on management VLAN", "Default SNMP community left enabled in the lab image",
            "Build of {p} {v} not reproducible bit-for-bit", "Outdated OpenSSL in the OAM component",
            "Hard-coded test certificate in the installer", "Insufficient logging of administrator log-ins",
            "TLS 1.0 still accepted on the northbound interface", "Secure boot chain not documented for field upgrades",
            "Password policy weaker than the hardening guide", "Unsigned configuration backup"]
VERSIONS = ["22.4", "23.1", "23.2.1", "23.4", "24.1", "24.2", "24.3.1", "25.1"]

NDA_TEXT = """NON-DISCLOSURE AGREEMENT FOR THE STAKEHOLDER PORTAL

1. Confidential information. Every document obtained through the portal, and what it reveals about the
vendor's products, processes and customers, is confidential information.
2. Use. The recipient uses the confidential information only to assess the security of the vendor's
products and services for its own organisation or, for an authority, to perform its statutory tasks.
3. Protection. The recipient protects it with at least the care it applies to its own confidential
information, shares it only with staff who need it for that purpose and who are bound by equivalent
obligations, and does not remove the watermark.
4. Duration. These obligations last five years from the last download.
5. Authorities. Nothing here restricts a competent authority from using the information to perform its
statutory tasks under the law that applies to it."""


@dataclass
class Report:
    centres: int = 0
    rooms: int = 0
    evaluations: int = 0
    findings: int = 0
    documents: int = 0
    requests: int = 0


def _stakeholders(rng: random.Random) -> tuple[list[User], list[User]]:
    customers = list(Customer.objects.filter(networks__isnull=False).distinct().order_by("ref")[:12])
    people = [("Anna", "Schneider"), ("Marco", "Rossi"), ("Claire", "Dubois"), ("James", "Walsh"), ("Priya", "Iyer"),
              ("Omar", "Haddad"), ("Elena", "Novak"), ("Tomás", "García"), ("Yuki", "Tanaka"), ("Katarzyna", "Kowalska"),
              ("Lukas", "Berger"), ("Sofia", "Lindqvist")]
    customer_users = []
    for i, customer in enumerate(customers):
        first, last = people[i % len(people)]
        # e-mail addresses and user names in ASCII: "garcía" → "garcia"
        ascii_name = unicodedata.normalize("NFKD", f"{first}.{last}".lower()).encode("ascii", "ignore").decode()
        username = f"{ascii_name}.{customer.ref.lower()}"[:150]
        user = User.objects.filter(username=username).first() or create_user(
            actor=None, username=username, role=Role.CUSTOMER_VIEWER, password=secrets.token_urlsafe(24),
            email=f"{ascii_name}@{customer.ref.lower()}.example", customer=customer)
        user.first_name, user.last_name = first, last
        user.save(update_fields=["first_name", "last_name"])
        customer_users.append(user)
    regulator_users = []
    for authority, country in REGULATORS[:8]:
        username = f"liaison.{country.lower()}"
        user = User.objects.filter(username=username).first() or create_user(
            actor=None, username=username, role=Role.REGULATOR, password=secrets.token_urlsafe(24))
        RegulatorCountry.objects.get_or_create(user=user, country=country, defaults={"authority": authority})
        regulator_users.append(user)
    return customer_users, regulator_users


def _centres() -> list[Centre]:
    made = []
    for ref, name, city, country, _, address, opened, services, rooms in CENTRES:
        centre = Centre.objects.create(ref=ref, name=name, city=city, country=country, address=address, opened_on=opened,
                                       **{f"offers_{s}": s in services for s in
                                          ("source_code_review", "product_testing", "interop_testing", "briefing")})
        for room_name, capacity, equipment in rooms:
            Room.objects.create(centre=centre, name=room_name, capacity=capacity, equipment=equipment)
        made.append(centre)
    return made


def _evaluations(rng: random.Random, report: Report, customer_users, regulator_users) -> None:
    products = list(Item.objects.filter(kind="product").order_by("ref")[:12])
    customers = list(Customer.objects.filter(networks__isnull=False).distinct().order_by("ref")[:40])
    start_hours = {ref: hour for ref, _, _, _, hour, *_ in CENTRES}
    rooms = list(Room.objects.select_related("centre").order_by("centre__ref", "name"))
    today = timezone.localdate()
    first_day = today.replace(day=1) - dt.timedelta(days=3 * 365)
    last_day = today + dt.timedelta(days=90)
    taken: set[tuple[int, dt.date]] = set()
    sboms: dict[tuple[int, str], object] = {}
    by_customer_user = {u.customer_id: u for u in customer_users}
    by_country_regulator = {rc.country: rc.user for rc in RegulatorCountry.objects.filter(user__in=regulator_users)}
    seq: dict[int, int] = {}
    target = 330
    attempts = 0
    while report.evaluations < target and attempts < target * 20:
        attempts += 1
        day = first_day + dt.timedelta(days=rng.randrange((last_day - first_day).days))
        if day.weekday() >= 5:
            continue
        room = rng.choice(rooms)
        services = [s for s in ("source_code_review", "product_testing", "interop_testing", "briefing") if room.centre.offers(s)]
        service = "briefing" if room.capacity >= 14 else rng.choice([s for s in services if s != "briefing"] or services)
        days = rng.choice([1, 2, 3]) if service == "source_code_review" else rng.choice([1, 1, 2])
        span = [day + dt.timedelta(days=i) for i in range(days)]
        if any((room.pk, d) in taken or d.weekday() >= 5 for d in span):
            continue
        taken.update((room.pk, d) for d in span)
        hour = start_hours[room.centre.ref]
        starts = dt.datetime.combine(day, dt.time(hour, 0), tzinfo=dt.UTC)
        ends = dt.datetime.combine(span[-1], dt.time(hour + 8, 0), tzinfo=dt.UTC)
        by_regulator = rng.random() < 0.3
        customer, requested_by = None, None
        if by_regulator:
            authority, country = rng.choice(REGULATORS)
            organisation = authority
            requested_by = by_country_regulator.get(country)
        else:
            customer = rng.choice(customers)
            organisation, country = customer.name, customer.country
            requested_by = by_customer_user.get(customer.pk)
        product = rng.choice(products) if products else None
        version = rng.choice(VERSIONS)
        title = rng.choice(TITLES[service]).format(p=product.name if product else "the RAN portfolio", v=version)
        if day < today - dt.timedelta(days=10):
            status = rng.choices(["reported", "held", "rejected", "cancelled"], [80, 6, 7, 7])[0]
        elif day < today:
            status = rng.choice(["held", "held", "reported", "cancelled"])
        else:
            status = rng.choices(["requested", "approved", "scheduled"], [3, 2, 5])[0]
        seq[day.year] = seq.get(day.year, 0) + 1
        evaluation = Evaluation.objects.create(
            ref=f"EVA-{day.year}-{seq[day.year]:04d}-{room.centre.ref[3:]}", room=room, title=title[:255], service=service,
            organisation=organisation, customer=customer, country=country, requested_by=requested_by,
            attendees=rng.randint(2, room.capacity), starts_at=starts, ends_at=ends, status=status,
            held_on=day if status in ("held", "reported") else None,
            report_summary=(f"{organisation} evaluated {title[0].lower() + title[1:]} over {days} day(s); "
                            "results shared with the evaluator under NDA.") if status == "reported" else "")
        report.evaluations += 1
        if product and service != "briefing" and status not in ("rejected", "cancelled"):
            key = (product.pk, version)
            if key not in sboms:
                sboms[key] = product_sbom(product=product, version=version)
            EvaluatedVersion.objects.create(evaluation=evaluation, product=product, version=version,
                                            sbom_sha256=sboms[key].sha256, component_count=sboms[key].component_count)
        if status in ("held", "reported") and service != "briefing" and rng.random() < 0.45:
            for title_template in rng.sample(FINDINGS, rng.randint(1, 3)):
                due = day + dt.timedelta(days=rng.choice([30, 60, 90]))
                state = ("resolved" if due < today and rng.random() < 0.8 else
                         rng.choice(["open", "in_progress", "risk_accepted"]))
                EvaluationFinding.objects.create(
                    evaluation=evaluation, title=title_template.format(p=product.name, v=version)[:255],
                    severity=rng.choices([1, 2, 3, 4], [3, 5, 3, 1])[0], due_on=due, status=state,
                    resolved_on=min(due, today) - dt.timedelta(days=rng.randint(0, 20)) if state == "resolved" else None)
                report.findings += 1
    # fix the refs to run per year in time order (what a register looks like)
    for year in sorted(seq):
        for n, evaluation in enumerate(Evaluation.objects.filter(starts_at__year=year).order_by("starts_at", "pk"), 1):
            Evaluation.objects.filter(pk=evaluation.pk).update(ref=f"EVA-{year}-{n:04d}")


def _documents(rng: random.Random, report: Report, customer_users, regulator_users) -> None:
    nda_old = portal.create_nda(actor=None, version="1.0", title="Stakeholder portal NDA",
                                text=NDA_TEXT.replace("five years", "three years"), effective_on=dt.date(2023, 1, 9))
    nda = portal.create_nda(actor=None, version="2.0", title="Stakeholder portal NDA", text=NDA_TEXT,
                            effective_on=dt.date(2025, 3, 1))
    today = timezone.localdate()
    products = list(Item.objects.filter(kind="product").order_by("ref")[:12])
    specs = [("certificate", "ISO/IEC 27001:2022 certificate — information security management",
              ["Certificate no. IS 742913", "Scope: design, development, delivery and support of telecommunications network products"]),
             ("certificate", "ISO 22301:2019 certificate — business continuity", ["Certificate no. BCMS 611208"]),
             ("certificate", "ISO/IEC 27701:2019 certificate — privacy information management", ["Certificate no. PIMS 702211"]),
             ("certificate", "SOC 2 Type II report summary — managed services", ["Period: 1 January to 31 December"]),
             ("certificate", "CSA STAR Level 2 certificate — cloud services", ["Certificate no. STAR 0457"]),
             ("certificate", "GSMA NESAS development and lifecycle assessment", ["Audit report reference NESAS-DLA-2025-114"]),
             ("whitepaper", "Cyber security white paper: how we build trustworthy products", ["Principles, processes and evidence"]),
             ("whitepaper", "Supply-chain security: from component sourcing to field upgrade", ["SBOMs, signing and provenance"]),
             ("whitepaper", "Vulnerability handling and coordinated disclosure policy", ["PSIRT process, CVSS, timelines"]),
             ("whitepaper", "5G security: 3GPP SCAS and NESAS explained", ["For operators and regulators"]),
             ("whitepaper", "Secure software development lifecycle", ["Threat modelling, code review, fuzzing"]),
             ("whitepaper", "NIS2 readiness for telecom operators", ["What suppliers provide"])]
    for product in products:
        for version in ("24.1", "24.3.1"):
            specs.append(("pentest", f"{product.name} {version} penetration-test summary",
                          [f"Independent penetration test of {product.name} {version}",
                           "Tester: accredited laboratory (ISO/IEC 17025)", "Critical: 0 · High: 1 (fixed) · Medium: 4"]))
    documents = []
    for i, (kind, title, lines) in enumerate(specs):
        issued = today - dt.timedelta(days=rng.randint(20, 700))
        data = sample_pdf([title, *lines, f"Issued {issued:%d %B %Y}"])
        documents.append(portal.upload_document(actor=None, title=title, kind=kind, data=data,
                                                filename=f"{kind}-{i + 1:03d}.pdf", issued_on=issued,
                                                access_days=rng.choice([14, 30, 30, 60]), summary=lines[0]))
    for product in products:
        for version in ("23.4", "24.1", "24.3.1"):
            documents.append(portal.publish_product_sbom(actor=None, product=product, version=version))
    report.documents = len(documents)
    requesters = customer_users + regulator_users
    if not requesters:
        return
    now = timezone.now()
    states = ["requested", "nda_accepted", "approved", "expired", "rejected", "revoked"]
    for n in range(140):
        document = rng.choice(documents)
        requester = requesters[n % len(requesters)]
        if AccessRequest.objects.filter(document=document, requester=requester).exists():
            continue
        state = states[n % len(states)] if n < 60 else rng.choices(states, [2, 3, 8, 4, 1, 1])[0]
        created = now - dt.timedelta(days=rng.randint(1, 400), hours=rng.randint(0, 23))
        used_nda = nda if created.date() >= nda.effective_on else nda_old
        fields = {"status": "approved" if state == "expired" else state}
        if state != "requested" and state != "rejected":
            fields.update(nda=used_nda, nda_sha256=used_nda.sha256, nda_accepted_at=created + dt.timedelta(hours=2))
        if state in ("approved", "expired", "rejected", "revoked"):
            decided = created + dt.timedelta(days=rng.randint(1, 4))
            expires = decided + dt.timedelta(days=document.access_days)
            if state == "approved" and expires <= now:
                decided = now - dt.timedelta(days=rng.randint(0, document.access_days - 1))
                expires = decided + dt.timedelta(days=document.access_days)
            if state == "expired" and expires > now:
                expires = now - dt.timedelta(days=rng.randint(1, 30))
                decided = expires - dt.timedelta(days=document.access_days)
            fields.update(decided_at=decided, expires_at=expires if state != "rejected" else None,
                          decision_note={"rejected": "Not within the scope of your evaluation agreement.",
                                         "revoked": "Superseded by a newer report; request that one."}.get(state, ""))
        access = AccessRequest.objects.create(document=document, requester=requester,
                                              reason=rng.choice(["Supplier security due diligence",
                                                                 "NIS2 supply-chain risk assessment",
                                                                 "Preparing our evaluation visit",
                                                                 "Statutory review of a national operator's vendor",
                                                                 "Tender evaluation, security lot"]), **fields)
        AccessRequest.objects.filter(pk=access.pk).update(created_at=created)
        report.requests += 1
        if state in ("approved", "expired", "revoked"):
            for k in range(rng.randint(1, 3)):
                AccessEvent.objects.create(document=document, request=access, user=requester, username=requester.username,
                                           action="download" if k else "view", document_sha256=document.sha256,
                                           at=fields["decided_at"] + dt.timedelta(hours=1 + k),
                                           detail="watermarked copy" if k and document.format == "pdf" else "")
        if state == "expired":
            AccessEvent.objects.create(document=document, request=access, user=requester, username=requester.username,
                                       action="refused", document_sha256=document.sha256,
                                       at=fields["expires_at"] + dt.timedelta(days=2),
                                       detail=f"Your access expired on {fields['expires_at']:%Y-%m-%d %H:%M}; request it again.")


def load_centres_demo(*, seed: int) -> Report:
    rng = random.Random(seed)
    report = Report()
    with transaction.atomic():
        customer_users, regulator_users = _stakeholders(rng)
        report.centres = len(_centres())
        report.rooms = Room.objects.count()
        _evaluations(rng, report, customer_users, regulator_users)
        _documents(rng, report, customer_users, regulator_users)
    return report


def finish_demo_accounts() -> str:
    """After demo_setup made its accounts: bind the demo `regulator` to the country with the most
    customer networks (once: a restart keeps what it has), and give the centres' unowned documents
    and findings to the demo risk analyst. Returns the regulator's country (or "")."""
    regulator = User.objects.filter(username="regulator", role=Role.REGULATOR).first()
    country = ""
    if regulator is not None:
        bound = RegulatorCountry.objects.filter(user=regulator).order_by("country").first()
        if bound is None:
            top = (CustomerNetwork.objects.values("country").order_by().annotate(n=Count("id"))
                   .order_by("-n", "country").first())
            if top is not None:
                authority = next((a for a, c in REGULATORS if c == top["country"]), f"National regulator ({top['country']})")
                bound = RegulatorCountry.objects.create(user=regulator, country=top["country"], authority=authority)
        country = bound.country if bound else ""
    analyst = User.objects.filter(username="analyst", role=Role.RISK_ANALYST).first()
    if analyst is not None:
        Document.objects.filter(owner__isnull=True).update(owner=analyst)
        EvaluationFinding.objects.filter(owner__isnull=True).update(owner=analyst)
    return country
