"""The privacy part of the demo organisation: ~2,000 more processors (payroll, CRM, cloud, field
services…) beside the map's suppliers, a DPA for most suppliers in every lifecycle state, their
documents (real PDF/DOCX files, a few with clauses left out) checked clause by clause, records of
processing and transfers to 40+ countries with TIAs. Bulk writes with one summary audit event per
entity kind (as `steadfast demo --audit summary` does), so that the whole load stays fast."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from steadfast.core.services.audit import PendingEvent, record_events
from steadfast.network.demo.names import company_stem, legal_name
from steadfast.network.demo.sizes import allocate
from steadfast.network.models import Contract, Supplier
from steadfast.privacy.checklist.checker import normalise
from steadfast.privacy.checklist.extract import extract_text
from steadfast.privacy.demo.documents import render_docx, render_pdf
from steadfast.privacy.demo.records import build_activities, build_breaches, build_transfers
from steadfast.privacy.demo.wordings import agreement_text
from steadfast.privacy.models import ClauseFinding, Dpa, DpaDocument, DpaTemplate, SubProcessor
from steadfast.privacy.services.documents import findings_for

CONTROLLER = "Northwind Networks SE"
PROCESSOR_COUNTRIES = {"DE": 14, "IE": 10, "NL": 8, "FR": 8, "GB": 8, "US": 16, "IN": 9, "PL": 5, "ES": 4, "SE": 4,
                       "CH": 3, "CA": 3, "JP": 2, "SG": 2, "PH": 2, "BR": 2, "IL": 1, "AU": 2, "RO": 2, "PT": 2}
SERVICES = ("payroll", "HR information system", "CRM and sales automation", "customer support desk", "cloud hosting",
            "e-mail delivery", "travel management", "recruiting", "field engineering services", "network operations centre",
            "billing and invoicing", "learning management", "occupational health", "background screening",
            "marketing automation", "managed security monitoring", "document archiving", "translation")
# Lifecycle mix over suppliers holding a DPA (weights); most are signed and active.
STATUS_WEIGHTS = {"active": 897, "signed": 8, "expiring": 30, "expired": 20, "terminated": 12, "sent": 20, "draft": 13}
OMISSION_RATE = 0.07


def extra_processor_count(scale: float) -> int:
    return max(10, round(2100 * scale))


def load(*, seed: int, scale: float, today: dt.date | None = None) -> dict[str, int]:
    rng = random.Random(f"{seed}/privacy")
    today = today or timezone.localdate()
    with transaction.atomic():
        processors = _processors(rng, extra_processor_count(scale))
        Supplier.objects.bulk_create(processors, batch_size=2000)
        templates = _templates()
        suppliers = list(Supplier.objects.filter(status__in=("active", "onboarding")).order_by("ref")
                         .only("id", "ref", "legal_name", "country"))
        rng.shuffle(suppliers)
        holders = suppliers[: int(len(suppliers) * 0.98)]
        dpas = _dpas(rng, holders, templates, today)
        Dpa.objects.bulk_create(dpas, batch_size=2000)
        documents, findings = _documents(rng, dpas, templates, today)
        _write_documents(documents, findings)
        # One UPDATE with a subquery: bulk_update's CASE per row is slow for thousands of rows.
        Dpa.objects.filter(pk__in=[d.pk for d in dpas]).update(current_document=Subquery(
            DpaDocument.objects.filter(dpa=OuterRef("pk"), version=1).values("pk")[:1]))
        finding_count = sum(len(findings[d.sha256]) for d in documents)
        _link_contracts(dpas)
        subprocessors = _subprocessors(rng, dpas, today)
        SubProcessor.objects.bulk_create(subprocessors, batch_size=5000)
        activities, activity_links = build_activities(rng, scale=scale, processors=holders)
        _link_activities(dpas, activity_links)
        transfers, assessments = build_transfers(rng, activities=activities, dpas=dpas, today=today)
        breaches = build_breaches(rng, dpas=dpas, today=today, count=max(8, round(36 * scale)))
        counts = {"processors added to the map": len(processors), "DPA templates": len(templates),
                  "data processing agreements": len(dpas), "DPA documents": len(documents), "sub-processors": len(subprocessors),
                  "Art. 28 findings": finding_count, "processing activities": len(activities),
                  "transfers": len(transfers), "transfer impact assessments": len(assessments), "personal-data breaches": len(breaches)}
        record_events(actor=None, events=[
            PendingEvent("create", label, "*", f"{count:,} {label} (privacy demo seed {seed})",
                         {"count": count, "seed": seed, "scale": scale})
            for label, count in counts.items() if count])
    return counts


def _processors(rng: random.Random, count: int) -> list[Supplier]:
    existing = set(Supplier.objects.values_list("legal_name", flat=True))
    countries = [c for c, w in PROCESSOR_COUNTRIES.items() for _ in range(w)]
    result = []
    for n in range(1, count + 1):
        country = rng.choice(countries)
        category = rng.choice(("software", "cloud_it_services", "professional_services", "professional_services"))
        name = legal_name(rng, stem=company_stem(rng, country), country=country, category=category)
        while name in existing:
            name = legal_name(rng, stem=company_stem(rng, country), country=country, category=category)
        existing.add(name)
        result.append(Supplier(ref=f"PRC-{n:05d}", legal_name=name, country=country, category=category, tier=1,
                               status="active", notes="Processor of personal data (no part in the supply map)."))
    return result


def _templates() -> list[DpaTemplate]:
    scc_text = (Path(__file__).resolve().parent.parent / "data" / "scc_2021_915_art28.txt").read_text(encoding="utf-8")
    templates = [DpaTemplate(code="NW-DPA", version=v, title="Northwind data processing agreement", kind="own",
                             body=agreement_text(controller=CONTROLLER, supplier="[Processor]", service="[Services]",
                                                 ref="[Ref]")) for v in (1, 2, 3)]
    templates.append(DpaTemplate(code="EU-SCC-ART28", version=1, title="Commission SCC for Art. 28 (2021/915)",
                                 kind="scc_2021_915", body=scc_text))
    return DpaTemplate.objects.bulk_create(templates)


def _dpas(rng, suppliers, templates, today) -> list[Dpa]:
    statuses = allocate(rng, len(suppliers), STATUS_WEIGHTS)  # exact proportions: small demos keep every state
    dpas = []
    for n, (supplier, status) in enumerate(zip(suppliers, statuses, strict=True), 1):
        signed = expires = effective = terminated = None
        years = rng.choice((2, 3, 3, 5))
        if status == "active":
            signed = today - dt.timedelta(days=rng.randint(30, 365 * years - 100))
        elif status == "expiring":
            signed = today - dt.timedelta(days=365 * years - rng.randint(1, 89))
        elif status == "expired":
            signed = today - dt.timedelta(days=365 * years + rng.randint(1, 400))
        elif status == "terminated":
            signed = today - dt.timedelta(days=rng.randint(400, 1800))
            terminated = signed + dt.timedelta(days=rng.randint(100, 380))
        elif status == "signed":  # signed lately, in force from a date still ahead
            signed = today - dt.timedelta(days=rng.randint(1, 20))
        if signed:
            effective = (today + dt.timedelta(days=rng.randint(7, 45)) if status == "signed"
                         else signed + dt.timedelta(days=rng.choice((0, 0, 1, 14, 30))))
            expires = signed + dt.timedelta(days=365 * years)
            if status == "active" and expires <= today + dt.timedelta(days=90):
                expires = today + dt.timedelta(days=rng.randint(120, 900))
            if status == "terminated" and expires <= terminated:
                expires = terminated + dt.timedelta(days=365)
        general = rng.random() < 0.8
        template = rng.choice(templates) if rng.random() < 0.7 else None
        dpas.append(Dpa(
            ref=f"DPA-{(signed or today).year}-{n:05d}", supplier=supplier, status=status, signed_on=signed,
            effective_on=effective, expires_on=expires, terminated_on=terminated, template=template,
            auto_renews=rng.random() < 0.3 and status == "active", renewal_months=12,
            relationship=rng.choices(("controller_processor", "processor_subprocessor", "joint_controllers"), (88, 10, 2))[0],
            breach_notice_hours=rng.choice((24, 24, 36, 48, 48, 48, 72)),
            subprocessor_authorisation="general" if general else "specific",
            objection_window_days=rng.choice((14, 30, 30, 30, 60)) if general else None,
            reminded_90_on=today - dt.timedelta(days=rng.randint(0, 30)) if status == "expiring" else None,
            notes=f"Terminated {terminated}: supplier exited" if terminated else ""))
    return dpas


def _write_documents(documents: list[DpaDocument], findings: dict[str, list[ClauseFinding]]) -> None:
    """Thousands of agreements share a few dozen distinct files. The first document of each file is
    written with its text and its findings; the others are written without the text, then each
    distinct file's text and findings are copied inside the database (one UPDATE and one INSERT …
    SELECT per file), instead of sending ~60,000 finding rows and thousands of copies of the text
    from Python."""
    first: dict[str, DpaDocument] = {}
    texts = {}
    for document in documents:
        if document.sha256 in first:
            texts.setdefault(document.sha256, document.text)
            document.text = ""
        else:
            first[document.sha256] = document
    DpaDocument.objects.bulk_create(documents, batch_size=2000)
    ClauseFinding.objects.bulk_create(
        [ClauseFinding(document=doc, clause=f.clause, found=f.found, passage=f.passage, passage_start=f.passage_start,
                       passage_end=f.passage_end) for sha, doc in first.items() for f in findings[sha]], batch_size=2000)
    doc_table, finding_table = DpaDocument._meta.db_table, ClauseFinding._meta.db_table
    columns = ("clause", "found", "passage", "passage_start", "passage_end", "confirmed", "confirmation_note")
    with connection.cursor() as cursor:
        for sha, source in first.items():
            if sha not in texts:
                continue  # no other document shares this file
            cursor.execute(f"UPDATE {doc_table} SET text = (SELECT text FROM {doc_table} WHERE id = %s) "
                           f"WHERE sha256 = %s AND id <> %s", [source.pk, sha, source.pk])
            cursor.execute(
                f"INSERT INTO {finding_table} (document_id, {', '.join(columns)}) "
                f"SELECT d.id, {', '.join('f.' + c for c in columns)} FROM {doc_table} d "
                f"JOIN {finding_table} f ON f.document_id = %s WHERE d.sha256 = %s AND d.id <> %s",
                [source.pk, sha, source.pk])


def _documents(rng, dpas, templates, today):
    """One document per agreement. Agreements on a template share its rendered file (same bytes,
    same SHA-256, as when one template PDF goes to thousands); supplier paper is rendered per
    variant of wording and omissions. Each distinct text is checked once."""
    media = Path(settings.MEDIA_ROOT) / "privacy" / "demo"
    media.mkdir(parents=True, exist_ok=True)
    rendered: dict[tuple, tuple[str, str, int, str, str]] = {}
    findings: dict[str, list[ClauseFinding]] = {}
    keys = ("28(3)(h)", "28(4)", "28(3)(g)", "28(3)(d)", "28(3)-final", "28(3)(f)")
    # Supplier paper leaves out one clause, or one of a few pairs: a bounded set of distinct files.
    omissions = [(k,) for k in keys] + [tuple(sorted(pair)) for pair in
                                        (keys[0:2], keys[2:4], keys[4:6], (keys[0], keys[3]))]

    def render(variant: tuple) -> tuple[str, str, int, str, str]:
        if variant in rendered:
            return rendered[variant]
        style, omit, fmt, version = variant
        if style == "scc":
            text = templates[-1].body
        else:
            text = agreement_text(style=style, omit=set(omit), controller=CONTROLLER, supplier="the Processor",
                                  service="contracted", ref=f"{style}-v{version}")
        data = render_pdf(text) if fmt == "pdf" else render_docx(text)
        sha = hashlib.sha256(data).hexdigest()
        name = f"{style}-v{version}{'-without-' + '-'.join(omit) if omit else ''}.{fmt}".replace("(", "").replace(")", "")
        (media / f"{sha}.{fmt}").write_bytes(data)

        _, raw = extract_text(data, name=name)
        normalised = normalise(raw)
        findings[sha] = findings_for(DpaDocument(), normalised)
        rendered[variant] = (sha, name, len(data), fmt, normalised)
        return rendered[variant]

    documents = []
    for dpa in dpas:
        omit = ()
        if rng.random() < OMISSION_RATE:
            omit = rng.choice(omissions)
        if dpa.template is not None and dpa.template.kind == "scc_2021_915" and not omit:
            variant = ("scc", (), "docx", 1)
        elif dpa.template is not None and not omit:
            variant = ("vendor", (), "pdf", dpa.template.version)
        else:
            variant = ("supplier_paper", omit, rng.choice(("pdf", "docx")), rng.randint(1, 2))
        sha, name, size, fmt, text = render(variant)
        uploaded = timezone.make_aware(dt.datetime.combine(dpa.signed_on or today, dt.time(9, 30)))
        documents.append(DpaDocument(
            dpa=dpa, version=1, purpose="signed_copy" if dpa.signed_on else "sent", kind=fmt,
            file=f"privacy/demo/{sha}.{fmt}", original_name=name, size=size, sha256=sha, text=text,
            uploaded_at=uploaded, clauses_present=sum(f.found == "present" for f in findings[sha])))
    return documents, findings


# Sub-processors commonly listed by SaaS processors (outside our map), with their usual locations.
OUTSIDE_SUBPROCESSORS = (("Amazon Web Services EMEA SARL", "cloud hosting", ["IE", "DE"]),
                         ("Microsoft Ireland Operations Ltd", "cloud hosting and e-mail", ["IE", "NL"]),
                         ("Google Cloud EMEA Ltd", "cloud hosting", ["BE", "FI"]),
                         ("Twilio Ireland Ltd", "SMS and voice notifications", ["IE", "US"]),
                         ("Zendesk Inc.", "customer support ticketing", ["US", "DE"]),
                         ("Salesforce Inc.", "CRM platform", ["US", "FR"]),
                         ("Infosys Ltd", "application support", ["IN"]),
                         ("Concentrix Services Ltd", "contact-centre staff", ["PH", "IN"]))


def _subprocessors(rng, dpas, today) -> list[SubProcessor]:
    """About a third of the live agreements list one to three sub-processors; some changes are
    announced and await our decision."""
    clouds = list(Supplier.objects.filter(category="cloud_it_services").values_list("pk", flat=True)[:200])
    rows = []
    for dpa in dpas:
        if dpa.status not in ("active", "expiring") or rng.random() > 0.35:
            continue
        for _ in range(rng.randint(1, 3)):
            proposed = rng.random() < 0.06
            announced = today - dt.timedelta(days=rng.randint(1, 12)) if proposed else dpa.signed_on
            window = dpa.objection_window_days or 30
            if clouds and rng.random() < 0.3:
                supplier_id, name, service, countries = rng.choice(clouds), "", "hosting", ["DE"]
            else:
                supplier_id = None
                name, service, countries = rng.choice(OUTSIDE_SUBPROCESSORS)
            rows.append(SubProcessor(dpa=dpa, supplier_id=supplier_id, name=name, service=service, countries=countries,
                                     status="proposed" if proposed else "authorised", announced_on=announced,
                                     objection_deadline=announced + dt.timedelta(days=window) if proposed else None))
    return rows


def _link_activities(dpas, activity_links) -> None:
    """Each processor's agreement serves the processing activities that name it."""
    dpa_of = {d.supplier_id: d.pk for d in dpas}
    through = Dpa.activities.through
    through.objects.bulk_create([through(dpa_id=dpa_of[link.supplier_id], processingactivity_id=link.processingactivity_id)
                                 for link in activity_links if link.supplier_id in dpa_of], ignore_conflicts=True)


def _link_contracts(dpas) -> int:
    """Each agreement covers its supplier's current supply contract, where the map has one."""

    contract_of = {}
    for supplier_id, contract_id in (Contract.objects.filter(status__in=("active", "draft"))
                                     .order_by("supplier_id", "-start_date").values_list("supplier_id", "pk")):
        contract_of.setdefault(supplier_id, contract_id)
    through = Dpa.contracts.through
    links = [through(dpa_id=d.pk, contract_id=contract_of[d.supplier_id]) for d in dpas if d.supplier_id in contract_of]
    through.objects.bulk_create(links, batch_size=5000)
    return len(links)
