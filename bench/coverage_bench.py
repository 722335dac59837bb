"""Benchmark: control coverage across the portfolio (the target is well under a second).

    cp -r /tmp/demo /tmp/coverage-bench   # a demo var dir (steadfast demo_setup --migrate): it is modified
    STEADFAST_VAR_DIR=/tmp/coverage-bench .venv/bin/python bench/coverage_bench.py [--suppliers 4000]

Tops the demo up to N suppliers with an accepted assessment of the baseline questionnaire (random
yes/partial/no/na answers to every question, on suppliers without one yet), then times the portfolio
selector, the portfolio page, a supplier's page and the API, each the median of five runs.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time


def _median(fn, runs: int = 5) -> str:
    """Wall and CPU time (the CPU time of this process is what a loaded shared machine distorts least;
    the database's own time is in the wall time only on SQLite's side of the same process)."""
    wall, cpu = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return f"{statistics.median(wall) * 1000:,.0f} ms wall, {statistics.median(cpu) * 1000:,.0f} ms CPU (median of {runs})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--suppliers", type=int, default=4000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from steadfast.core.models import User
    from steadfast.core.roles import Role
    from steadfast.network.models import Supplier
    from steadfast.security.models import Answer, Assessment, QuestionnaireTemplate
    from steadfast.security.selectors.coverage import portfolio_coverage

    template = QuestionnaireTemplate.objects.filter(status="published").order_by("-version").first()
    questions = list(template.questions.all())
    have = set(Assessment.objects.filter(status="accepted").values_list("supplier_id", flat=True))
    missing = args.suppliers - len(have)
    rng = random.Random(14)
    if missing > 0:
        started = time.perf_counter()
        targets = list(Supplier.objects.exclude(pk__in=have).order_by("pk").values_list("pk", flat=True)[:missing])
        now = timezone.now()
        with transaction.atomic():
            made = Assessment.objects.bulk_create(
                Assessment(supplier_id=pk, template=template, status="accepted", submitted_at=now, accepted_at=now,
                           locked=True) for pk in targets)
            answers = []
            for assessment in made:
                quality = rng.random()
                for q in questions:
                    if q.answer_type == "yes_no_partial_na":
                        value = rng.choices(["yes", "partial", "no", "na"],
                                            [quality, 0.3, 1 - quality, 0.05])[0]
                    else:
                        value = None
                    answers.append(Answer(assessment=assessment, question=q, value=value))
            Answer.objects.bulk_create(answers, batch_size=5000)
        print(f"seeded {len(targets):,} accepted assessments, {len(answers):,} answers "
              f"in {time.perf_counter() - started:.1f} s")
    accepted = Assessment.objects.filter(status="accepted").values("supplier_id").distinct().count()
    answers = Answer.objects.filter(assessment__status="accepted").count()
    print(f"{accepted:,} suppliers with an accepted assessment, {answers:,} answers of accepted assessments")

    analyst = User.objects.filter(role=Role.RISK_ANALYST).first()
    with CaptureQueriesContext(connection) as ctx:
        portfolio_coverage(user=analyst)
    print(f"portfolio selector: {_median(lambda: portfolio_coverage(user=analyst))}, "
          f"{len(ctx.captured_queries)} queries")
    client = Client()
    client.force_login(analyst)
    supplier_id = Assessment.objects.filter(status="accepted").values_list("supplier_id", flat=True).first()
    for label, path in (("portfolio page", "/security/coverage/"),
                        ("portfolio page, tier 1", "/security/coverage/?tier=1"),
                        ("supplier page", f"/security/suppliers/{supplier_id}/coverage/"),
                        ("drill-down page (SR)", "/security/coverage/controls/?framework=sp800-53&level=family&group=SR")):
        assert client.get(path).status_code == 200, path
        print(f"{label}: {_median(lambda p=path: client.get(p))}")
    from django.test import Client as ApiClient

    from steadfast.core.services.tokens import create_token

    _, secret = create_token(actor=None, user=analyst, name="coverage bench", scope="read")
    api = ApiClient(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/security/coverage").status_code == 200
    print(f"API /security/coverage: {_median(lambda: api.get('/api/v1/security/coverage'))}")


if __name__ == "__main__":
    main()
