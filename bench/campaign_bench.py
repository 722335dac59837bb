"""Benchmark: a campaign over 4,000 suppliers (the target is under 30 seconds).

    STEADFAST_VAR_DIR=/tmp/bench .venv/bin/python bench/campaign_bench.py [--suppliers 4000]

Runs against a fresh database file in the var dir (migrated here), seeds tiered suppliers and a
questionnaire, then times populate_campaign (bulk insert + one audit event per assessment).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=4000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    var = os.environ.setdefault("STEADFAST_VAR_DIR", "/tmp/steadfast-campaign-bench")
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("STEADFAST_SQLITE_PATH", os.path.join(var, "bench.sqlite3"))
        if os.path.exists(os.environ["STEADFAST_SQLITE_PATH"]):
            os.remove(os.environ["STEADFAST_SQLITE_PATH"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from steadfast.core.models import AuditEvent
    from steadfast.network.models import Supplier
    from steadfast.security.models import Assessment, Question, QuestionnaireTemplate, SupplierRiskProfile
    from steadfast.security.services.campaigns import create_campaign, populate_campaign

    started = time.perf_counter()
    suppliers = Supplier.objects.bulk_create([
        Supplier(ref=f"BENCH-{n:06d}", legal_name=f"Bench supplier {n}", country=("DE", "FR", "CN", "US")[n % 4],
                 category="components") for n in range(args.suppliers)], batch_size=2000)
    SupplierRiskProfile.objects.bulk_create([SupplierRiskProfile(supplier=s, tier=1 + n % 4, inherent_score=50)
                                             for n, s in enumerate(suppliers)], batch_size=2000)
    template = QuestionnaireTemplate.objects.create(name="Bench questionnaire", status="published")
    Question.objects.bulk_create([Question(template=template, order=n, code=f"Q{n}", text=f"Question {n}?",
                                           answer_type="yes_no_partial_na", weight=5) for n in range(60)])
    print(f"seeded {args.suppliers:,} suppliers in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    campaign = create_campaign(actor=None, name="Bench campaign", template=template,
                               due_date=dt.date.today() + dt.timedelta(days=60), filter={})
    events_before = AuditEvent.objects.count()
    started = time.perf_counter()
    result = populate_campaign(actor=None, campaign=campaign)
    elapsed = time.perf_counter() - started
    created = Assessment.objects.filter(campaign=campaign).count()
    events = AuditEvent.objects.count() - events_before
    print(f"campaign: {result['created']:,} assessments ({created:,} in the database), {events:,} audit events "
          f"in {elapsed:.2f} s — target < 30 s: {'OK' if elapsed < 30 else 'TOO SLOW'}")


if __name__ == "__main__":
    main()
