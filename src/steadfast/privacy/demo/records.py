"""Demo records of processing and transfers (with TIAs) for the privacy demo."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command

from steadfast.network.models import Item
from steadfast.privacy.models import (
    AdequacyDecision,
    Breach,
    ProcessingActivity,
    Transfer,
    TransferImpactAssessment,
)
from steadfast.security.models import Control, Framework

# (name, role, purpose, basis, Art. 9 condition, data categories, subjects, retention)
BASE_ACTIVITIES = (
    ("Payroll", "controller", "Pay salaries, withhold taxes and social security", "6.1.c", "9.2.b",
     ["identification", "employment", "financial", "health"], ["employees"], "10 years after the tax year"),
    ("Recruiting", "controller", "Select and hire candidates", "6.1.b", "", ["identification", "employment"],
     ["applicants"], "6 months after the decision"),
    ("Customer support", "controller", "Handle customers' support tickets and field visits", "6.1.b", "",
     ["identification", "online_identifiers"], ["customer_contacts"], "3 years after closure"),
    ("Managed network operations", "processor", "Operate customers' radio and core networks under managed-service "
     "contracts", "6.1.b", "", ["traffic", "location", "subscriber"], ["end_users"], "as instructed, max. 6 months"),
    ("Lawful-interception support", "processor", "Technical support of operators' legal obligations", "6.1.c", "",
     ["traffic", "content", "subscriber"], ["end_users"], "none beyond the request"),
    ("Site access control", "controller", "Secure factories and data centres", "6.1.f", "9.2.b",
     ["identification", "biometric"], ["employees", "visitors"], "90 days"),
    ("Occupational health", "controller", "Fitness for work of field engineers", "6.1.c", "9.2.h",
     ["identification", "health"], ["employees"], "40 years (radiation exposure records)"),
    ("Supplier management", "controller", "Qualify and manage suppliers", "6.1.f", "",
     ["identification"], ["supplier_contacts"], "5 years after the last order"),
    ("Marketing", "controller", "Events and newsletters", "6.1.a", "", ["identification", "online_identifiers"],
     ["customer_contacts", "web_users"], "until consent is withdrawn"),
    ("Export-control screening", "controller", "Screen parties against sanctions lists", "6.1.c", "9.2.g",
     ["identification", "criminal"], ["customer_contacts", "supplier_contacts"], "5 years"),
)
UNITS = ("Networks EMEA", "Networks Americas", "Networks APAC", "Cloud Core", "Enterprise", "Group functions",
         "Services India", "Services Mexico", "R&D Finland", "R&D China", "Manufacturing Hungary", "Manufacturing Brazil")
UNIT_COUNTRIES = (["DE", "FR", "GB", "IE"], ["US", "MX", "BR"], ["SG", "JP", "AU"], ["FI", "SE"], ["NL", "DE"],
                  ["FI", "DE"], ["IN"], ["MX"], ["FI"], ["CN"], ["HU"], ["BR"])
DESTINATIONS = ("US", "IN", "GB", "CH", "JP", "KR", "CA", "IL", "NZ", "AR", "UY", "SG", "PH", "MY", "CN", "BR", "MX",
                "AU", "ZA", "AE", "SA", "TR", "EG", "MA", "VN", "TH", "ID", "KE", "NG", "CO", "CL", "PE", "UA", "RS",
                "UZ", "PK", "BD", "LK", "TW", "HK", "QA", "KZ", "GE", "CR")
MECHANISMS = ("scc_m2", "scc_m2", "scc_m3", "scc_m1", "scc_m4", "bcr", "art49", "none")


def build_activities(rng, *, scale: float, processors) -> tuple[list, list]:
    activities = []
    count = max(len(BASE_ACTIVITIES), round(120 * scale))
    n = 0
    while len(activities) < count:
        base = BASE_ACTIVITIES[n % len(BASE_ACTIVITIES)]
        unit_index = (n // len(BASE_ACTIVITIES)) % len(UNITS)
        name, role, purpose, basis, condition, data, subjects, retention = base
        n += 1
        activities.append(ProcessingActivity(
            ref=f"ROPA-{n:04d}", name=f"{name} — {UNITS[unit_index]}", our_role=role, purpose=purpose, legal_basis=basis,
            special_condition=condition, data_categories=data, subject_categories=subjects,
            processes_special_categories=bool({"health", "biometric", "criminal", "trade_union"} & set(data)),
            countries=UNIT_COUNTRIES[unit_index], retention=retention,
            controller_name="the operator customer" if role == "processor" else "",
            recipients="tax authorities, social security" if name == "Payroll" else "processors under DPA",
            security_measures="ISO/IEC 27001 controls; encryption at rest and in transit; role-based access"))
    ProcessingActivity.objects.bulk_create(activities)
    links = []
    through = ProcessingActivity.processors.through
    for activity in activities:
        for supplier in rng.sample(processors, k=min(len(processors), rng.randint(1, 4))):
            links.append(through(processingactivity_id=activity.pk, supplier_id=supplier.pk))
    through.objects.bulk_create(links, ignore_conflicts=True)
    _link_controls(rng, activities)
    _link_items(rng, activities)
    return activities, links


# Art. 30(1)(g): the NIST SP 800-53 controls that implement the measures (when the security app holds it).
MEASURE_CONTROLS = ("ac-2", "ac-3", "ac-6", "ia-2", "sc-8", "sc-12", "sc-13", "sc-28", "au-2", "au-6", "cp-9", "mp-6",
                    "si-4", "ir-6", "pt-2", "pt-3", "ra-3", "sa-9")
TELECOM_DATA = {"traffic", "location", "subscriber", "content"}


def _link_controls(rng, activities) -> None:
    framework = Framework.objects.filter(name__icontains="800-53").order_by("-version").first()
    if framework is None:
        return
    controls = list(Control.objects.filter(framework=framework, control_id__in=MEASURE_CONTROLS).values_list("pk", flat=True))
    if not controls:
        return
    through = ProcessingActivity.controls.through
    through.objects.bulk_create([through(processingactivity_id=a.pk, control_id=c) for a in activities
                                 for c in rng.sample(controls, k=min(len(controls), rng.randint(3, 6)))])


def _link_items(rng, activities) -> None:
    """Activities on subscribers' telecom data name the products that carry it."""
    products = list(Item.objects.filter(kind="product").order_by("ref").values_list("pk", flat=True)[:400])
    if not products:
        return
    through = ProcessingActivity.items.through
    through.objects.bulk_create([through(processingactivity_id=a.pk, item_id=i) for a in activities
                                 if TELECOM_DATA & set(a.data_categories)
                                 for i in rng.sample(products, k=min(len(products), rng.randint(1, 3)))])


def build_transfers(rng, *, activities, dpas, today: dt.date) -> tuple[list, list]:
    if not AdequacyDecision.objects.exists():
        call_command("privacy_adequacy", stdout=io.StringIO())
    adequate = set(AdequacyDecision.objects.values_list("country", flat=True))
    signed = [d for d in dpas if d.status in ("active", "expiring")]
    transfers, assessments = [], []
    count = max(len(DESTINATIONS), len(activities) * 3)
    for n in range(count):
        destination = DESTINATIONS[n % len(DESTINATIONS)]
        mechanism = "adequacy" if destination in adequate and rng.random() < 0.8 else MECHANISMS[n % len(MECHANISMS)]
        dpa = rng.choice(signed) if signed else None
        transfers.append(Transfer(
            ref=f"TRF-{n + 1:05d}", activity=activities[n % len(activities)], dpa=dpa,
            recipient_id=dpa.supplier_id if dpa else None, recipient_name="" if dpa else "Group affiliate",
            origin_country=rng.choice(("DE", "FI", "FR", "IE", "NL")), destination_country=destination,
            mechanism=mechanism, data_description="employee and customer contact data",
            derogation="Art. 49(1)(b): necessary for the performance of a contract" if mechanism == "art49" else ""))
    Transfer.objects.bulk_create(transfers)
    for transfer in transfers:
        if transfer.mechanism in ("scc_m1", "scc_m2", "scc_m3", "scc_m4", "bcr") and rng.random() < 0.85:
            assessed = today - dt.timedelta(days=rng.randint(30, 900))
            assessments.append(TransferImpactAssessment(
                transfer=transfer, assessed_on=assessed, outcome=rng.choice(
                    ("proceed", "proceed_with_measures", "proceed_with_measures")),
                destination_law="Public-authority access laws reviewed against EDPB Recommendations 01/2020",
                supplementary_measures="encryption with keys held in the EEA; pseudonymisation of subscriber IDs",
                next_review_on=assessed + dt.timedelta(days=rng.choice((365, 730)))))
    TransferImpactAssessment.objects.bulk_create(assessments)
    return transfers, assessments


BREACHES = (
    ("Payroll file e-mailed to the wrong recipient", "confidentiality", ["financial", "identification"], ["employees"]),
    ("Ransomware at a field-services contractor", "availability and confidentiality", ["identification", "employment"],
     ["employees"]),
    ("Misconfigured storage bucket at a CRM supplier", "confidentiality", ["identification", "online_identifiers"],
     ["customer_contacts"]),
    ("Stolen engineer laptop with NOC logs", "confidentiality", ["traffic", "subscriber"], ["end_users"]),
    ("Phishing of a recruiter's mailbox", "confidentiality", ["identification", "employment"], ["applicants"]),
    ("Badge-system export posted to a shared drive", "confidentiality", ["identification", "biometric"],
     ["employees", "visitors"]),
    ("Support ticket attachments exposed by a portal bug", "confidentiality", ["identification"], ["customer_contacts"]),
    ("Health questionnaire sent to all staff in copy", "confidentiality", ["health"], ["employees"]),
)
LATE_REASONS = ("forensic scoping by the processor took four days before the affected records were known",
                "the processor notified us late (see its DPA hours); we notified within 72 h of that notice",
                "weekend and public holiday in the lead authority's state delayed the internal decision")


def build_breaches(rng, *, dpas, today: dt.date, count: int) -> list:
    signed = [d for d in dpas if d.status in ("active", "expiring", "expired")]
    breaches = []
    for n in range(count):
        title, nature, data, subjects = BREACHES[n % len(BREACHES)]
        aware = dt.datetime.combine(today - dt.timedelta(days=rng.randint(5, 3 * 365)), dt.time(rng.randint(6, 22)),
                                    tzinfo=dt.UTC)
        late = n % 5 == 2  # one in five notified after 72 h, with its reasons
        risk = "risk" if late else rng.choices(("unlikely", "risk", "high"), (20, 60, 20))[0]
        hours = rng.uniform(76, 140) if late else rng.uniform(6, 70)
        via_processor = rng.random() < 0.5 and signed
        dpa = rng.choice(signed) if via_processor else None
        processor_aware = aware - dt.timedelta(hours=rng.uniform(4, 60)) if dpa else None
        size = int(rng.lognormvariate(6, 1.6)) + 1
        breaches.append(Breach(
            ref=f"BR-{aware.year}-{n + 1:03d}", title=title, nature=nature, dpa=dpa, data_categories=data,
            subject_categories=subjects, aware_at=aware, occurred_at=(processor_aware or aware) - dt.timedelta(hours=rng.uniform(1, 200)),
            processor_aware_at=processor_aware, processor_notified_at=aware if dpa else None,
            subjects_approx=size, records_approx=size * rng.randint(1, 12), risk=risk,
            consequences="phishing and identity fraud against the persons concerned" if risk != "unlikely" else "",
            measures="access revoked, credentials reset, recipients asked to delete, processor audited",
            authority="" if risk == "unlikely" else rng.choice(("BfDI", "Data Protection Commission (IE)", "CNIL",
                                                                "Office of the Data Protection Ombudsman (FI)")),
            authority_notified_at=None if risk == "unlikely" else aware + dt.timedelta(hours=hours),
            late_reason=rng.choice(LATE_REASONS) if late else "",
            subjects_notified_at=aware + dt.timedelta(hours=rng.uniform(24, 120)) if risk == "high" else None,
            incident_ref=f"MI-{aware.year}-{rng.randint(1, 240):04d}" if rng.random() < 0.25 else ""))
    Breach.objects.bulk_create(breaches)
    return breaches
