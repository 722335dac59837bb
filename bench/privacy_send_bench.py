"""Benchmark: send a DPA template to 5,000 suppliers without a DPA (the target is under 30 seconds).

    STEADFAST_VAR_DIR=/tmp/privacy-bench .venv/bin/python bench/privacy_send_bench.py [--suppliers 5000]

Runs against a fresh database file in the var dir (migrated here). Baseline in the same run: the
per-agreement services (create_dpa, add_document, send_dpa) on 50 suppliers, scaled up.
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=5000)
    parser.add_argument("--baseline", type=int, default=50)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    var = os.environ.setdefault("STEADFAST_VAR_DIR", "/tmp/steadfast-privacy-bench")
    if not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("STEADFAST_SQLITE_PATH", os.path.join(var, "bench.sqlite3"))
        if os.path.exists(os.environ["STEADFAST_SQLITE_PATH"]):
            os.remove(os.environ["STEADFAST_SQLITE_PATH"])
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from steadfast.network.models import Supplier
    from steadfast.privacy import services
    from steadfast.privacy.demo.wordings import agreement_text
    from steadfast.privacy.models import DpaTemplate
    from steadfast.privacy.services.bulk import send_template, suppliers_without_dpa

    total = args.suppliers + args.baseline
    Supplier.objects.bulk_create([Supplier(ref=f"B-{n:06d}", legal_name=f"Bench processor {n}", country="DE",
                                           category="software") for n in range(total)], batch_size=5000)
    template = DpaTemplate.objects.create(code="NW-DPA", version=1, title="Northwind DPA", body=agreement_text(
        controller="Northwind", supplier="[Processor]", service="[Services]", ref="[Ref]"))
    data = template.body.encode()
    ids = list(suppliers_without_dpa().values_list("pk", flat=True))
    baseline_ids, bulk_ids = ids[: args.baseline], ids[args.baseline:]

    started = time.perf_counter()
    for supplier_id in baseline_ids:
        dpa = services.create_dpa(actor=None, supplier=supplier_id, objection_window_days=30)
        services.add_document(actor=None, dpa=dpa, data=data, name="dpa.txt", purpose="sent")
        services.send_dpa(actor=None, dpa=dpa)
    per_agreement = (time.perf_counter() - started) / len(baseline_ids)

    started = time.perf_counter()
    sent = send_template(actor=None, template=template, supplier_ids=bulk_ids)
    bulk_seconds = time.perf_counter() - started
    extrapolated = per_agreement * sent
    print(f"bulk send: {sent:,} agreements in {bulk_seconds:.1f} s ({sent / bulk_seconds:,.0f}/s); target < 30 s")
    print(f"baseline (per-agreement services, {len(baseline_ids)} measured): {per_agreement * 1000:.0f} ms each, "
          f"{extrapolated:.0f} s for {sent:,}; bulk is {extrapolated / bulk_seconds:.1f}x faster")


if __name__ == "__main__":
    main()
