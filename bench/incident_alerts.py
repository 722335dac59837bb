"""Benchmark: inbound alerts on SQLite through POST /api/v1/alerts (monitoring token), none lost.

Seeds a throwaway SQLite database with --networks customer networks, then posts --alerts alerts
through django.test.Client (the full middleware, auth, schema and service path): a mix of new
dedup keys (each opens a candidate), later alerts with a known key (attach) and exact repeats
(answered 200, nothing written). Prints alerts per minute against the issue's target of 10,000 a
minute, and checks that every distinct alert was stored. Benchmarks print figures; not tests.

    .venv/bin/python bench/incident_alerts.py [--alerts 12000] [--networks 200] [--batch 100]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

TARGET_PER_MINUTE = 10_000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--alerts", type=int, default=12000, help="12,000 one at a time: about a minute sustained")
    parser.add_argument("--networks", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keys", type=int, default=0, help="distinct dedup keys (default: one per 100 alerts)")
    parser.add_argument("--batch", type=int, default=0,
                        help="post to /alerts/batch in batches of this size (0: one alert per request)")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="alerts-bench-"))
    os.environ["STEADFAST_VAR_DIR"] = str(var_dir)
    os.environ["STEADFAST_SQLITE_PATH"] = str(var_dir / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from steadfast.incidents.models import Alert, Incident
    from steadfast.incidents.services import create_alert_source
    from steadfast.network.models import Customer, CustomerNetwork

    call_command("migrate", verbosity=0)
    customer = Customer.objects.create(ref="BENCH-CUS", name="Bench Telecom", country="DE")
    CustomerNetwork.objects.bulk_create(
        [CustomerNetwork(ref=f"BENCH-NET-{i:05d}", customer=customer, name=f"Bench network {i}", country="DE",
                         kind="mobile", subscribers=100_000) for i in range(args.networks)])
    _, secret = create_alert_source(actor=None, name="bench")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    rng = random.Random(args.seed)
    sent, bodies = [], []
    keys = list(range(args.keys or max(1, args.alerts // 100)))
    for i in range(args.alerts):
        if bodies and rng.random() < 0.2:
            body = rng.choice(bodies)  # an exact repeat
        else:
            key = rng.choice(keys)
            body = {"dedup_key": f"key-{key}", "source": "prometheus", "network": f"BENCH-NET-{key % args.networks:05d}",
                    "severity": rng.choice(["critical", "major", "minor"]), "summary": f"alarm {i} on {key}"}
            bodies.append(body)
        sent.append(body)
    # Warm-up outside the clock: the first request imports the URL configuration and the API (about
    # a second); a sustained rate is what a long-running web worker does. An unknown network is a
    # 422 and writes nothing.
    warm = client.post("/api/v1/alerts", data=json.dumps({"dedup_key": "warm-up", "source": "bench", "network": "NONE",
                                                          "severity": "minor", "summary": "warm-up"}),
                       content_type="application/json")
    assert warm.status_code == 422, warm.content
    started = time.perf_counter()
    statuses = {}
    if args.batch:
        for start in range(0, len(sent), args.batch):
            response = client.post("/api/v1/alerts/batch", data=json.dumps({"alerts": sent[start:start + args.batch]}),
                                   content_type="application/json")
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    else:
        for body in sent:
            response = client.post("/api/v1/alerts", data=json.dumps(body), content_type="application/json")
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    seconds = time.perf_counter() - started
    distinct = len({json.dumps(b, sort_keys=True) for b in sent})
    stored = Alert.objects.count()
    rate = len(sent) / seconds * 60
    mode = f"batches of {args.batch}" if args.batch else "one per request"
    print(f"{mode}: {len(sent):,} alerts in {seconds:.1f} s: {rate:,.0f} a minute "
          f"({rate / TARGET_PER_MINUTE:.2f}x the target of {TARGET_PER_MINUTE:,}); statuses {statuses}")
    print(f"distinct alerts sent {distinct:,}, stored {stored:,}, lost {distinct - stored:,}; "
          f"incidents opened {Incident.objects.count():,} for {len(keys):,} keys")
    return 0 if stored == distinct else 1


if __name__ == "__main__":
    raise SystemExit(main())
