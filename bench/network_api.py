"""Benchmark: latency of the business-map API at 100,000 suppliers / 300,000 sites on SQLite.

What it seeds (into a throwaway SQLite database in a temporary directory):
  1. the demo organisation at --demo-scale (default 1.0: 4,200 suppliers, 10,530 sites, 20,710
     items, 38,565 sources, 1,600 customer networks; audit in summary mode to save time), so that
     the traces walk a realistic six-level BOM;
  2. padding suppliers (three tiers, real-city sites, no sources) up to --suppliers (default
     100,000) and --sites (default 300,000), written with bulk_create and no audit.
Then it times GET requests through django.test.Client with a bearer token of an administrator
and prints p50/p95/max in milliseconds per endpoint. Endpoints not (yet) routed are reported as
missing instead of failing. Benchmarks print figures; they are not tests.

    .venv/bin/python bench/network_api.py [--suppliers 100000] [--sites 300000] [--requests 30]

--traces measures only the traces, over every product, the --busiest demo suppliers, a random
sample of suppliers and networks, through the API and the pages; the first request of each kind
(cold caches) is shown apart. --existing uses the database the settings point at (e.g.
STEADFAST_VAR_DIR=/tmp/x after `steadfast demo --seed 7`, or DATABASE_URL) instead of seeding one;
it only adds a bench user and token:

    STEADFAST_VAR_DIR=/tmp/x .venv/bin/python bench/network_api.py --existing --traces

--gunicorn serves the traces as production does (`steadfast serve`: gunicorn, gthread worker) from
one server per --variant, all on the same database, and sends every request to each server in
turn (rotating who goes first), so the variants share whatever else the machine is doing; it
checks that every variant answers the same JSON (parsed) and prints p50/p95 per variant and the
ratio to the first. A variant is LABEL=SOURCE_DIR (the `src` folder to run), optionally followed by
`,collector-never-paused` (the worker's gc.disable becomes a no-op: the code's collector pauses
do nothing). --rounds repeats the whole pass:

    STEADFAST_VAR_DIR=/tmp/x .venv/bin/python bench/network_api.py --existing --gunicorn \
        --variant before=/tmp/old/src --variant after=src --variant after-no-pause=src,collector-never-paused
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=100_000, help="total suppliers (default 100,000)")
    parser.add_argument("--sites", type=int, default=300_000, help="total sites (default 300,000)")
    parser.add_argument("--demo-scale", type=float, default=1.0, help="scale of the demo organisation underneath")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per endpoint (default 30)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary database and print its path")
    parser.add_argument("--traces", action="store_true",
                        help="only the traces: every product, the --busiest suppliers, samples; API and pages")
    parser.add_argument("--busiest", type=int, default=200, help="with --traces: busiest demo suppliers (default 200)")
    parser.add_argument("--existing", action="store_true",
                        help="use the database the settings point at instead of seeding a throwaway one")
    parser.add_argument("--cold", type=int, default=0, metavar="N",
                        help="with --traces: also time the first request of N fresh processes per kind of trace")
    parser.add_argument("--gunicorn", action="store_true",
                        help="traces through gunicorn servers, one per --variant, requests interleaved")
    parser.add_argument("--variant", action="append", default=[], metavar="LABEL=SRC[,collector-never-paused]",
                        help="with --gunicorn: a server to compare (default: this tree, paused and not)")
    parser.add_argument("--rounds", type=int, default=3, help="with --gunicorn: passes over all requests")
    parser.add_argument("--port", type=int, default=8140, help="with --gunicorn: first port (one per variant)")
    parser.add_argument("--one", metavar="PATH", help=argparse.SUPPRESS)  # used by --cold: one request, print ms
    return parser.parse_args()


def setup_django(var_dir: Path | None) -> None:
    # Must precede django.setup(): settings read them at import. None: the database already configured.
    if var_dir is not None:
        os.environ["STEADFAST_VAR_DIR"] = str(var_dir)
        os.environ["STEADFAST_SQLITE_PATH"] = str(var_dir / "bench.sqlite3")
        os.environ.pop("DATABASE_URL", None)
        os.environ.pop("STEADFAST_DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    # One token sends every timed request: the API's rate limits would answer 429 part-way.
    os.environ.setdefault("STEADFAST_API_RATE_PER_TOKEN", "off")
    os.environ.setdefault("STEADFAST_API_RATE_PER_ADDRESS", "off")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()


def seed(args: argparse.Namespace) -> dict[str, float]:
    from django.core.management import call_command

    from steadfast.network.demo import load_demo, plan_demo

    timings = {}
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings["migrate"] = time.perf_counter() - started
    started = time.perf_counter()
    load_demo(plan_demo(seed=args.seed, scale=args.demo_scale), audit="summary")
    timings["demo organisation"] = time.perf_counter() - started
    started = time.perf_counter()
    pad_map(random.Random(args.seed), suppliers=args.suppliers, sites=args.sites)
    timings["padding to size"] = time.perf_counter() - started
    return timings


def pad_map(rng: random.Random, *, suppliers: int, sites: int) -> None:
    """Add suppliers (tiers 1-3) and sites up to the totals: list and search load, no audit."""
    from django.db import transaction

    from steadfast.network.demo.geography import site_location, supplier_country_weights
    from steadfast.network.demo.names import company_stem, legal_name
    from steadfast.network.models import Site, Supplier

    missing_suppliers = max(0, suppliers - Supplier.objects.count())
    categories = [c.value for c in Supplier.Category]
    kinds = [k.value for k in Site.Kind]
    with transaction.atomic():
        made: list[list[Supplier]] = [[], [], []]
        number = 0
        tier_counts = (round(missing_suppliers * 0.3), round(missing_suppliers * 0.45))
        for tier, count in enumerate((*tier_counts, missing_suppliers - sum(tier_counts)), start=1):
            batch = []
            for _ in range(count):
                number += 1
                category = rng.choice(categories)
                country = rng.choices(*supplier_country_weights(category))[0]
                name = legal_name(rng, stem=company_stem(rng, country), country=country, category=category)
                batch.append(Supplier(ref=f"BEN-{number:06d}", legal_name=name, country=country, tier=tier,
                                      parent=rng.choice(made[tier - 2]) if tier > 1 else None, category=category))
            Supplier.objects.bulk_create(batch, batch_size=5000)
            made[tier - 1] = batch
        owners = [s for tier in made for s in tier]
        missing_sites = max(0, sites - Site.objects.count())
        for start in range(0, missing_sites, 20000):
            batch = []
            for index in range(start, min(missing_sites, start + 20000)):
                owner = owners[index % len(owners)] if owners else None
                city, latitude, longitude = site_location(rng, owner.country if owner else "SE")
                batch.append(Site(ref=f"BEN-S{index + 1:07d}", owner_supplier=owner, name=f"{city.name} site {index + 1}",
                                  kind=rng.choice(kinds), country=city.country, subdivision=city.subdivision,
                                  city=city.name, latitude=latitude, longitude=longitude))
            Site.objects.bulk_create(batch, batch_size=5000)


def bench_user():
    from django.contrib.auth import get_user_model

    from steadfast.core.roles import Role
    from steadfast.core.services.accounts import create_user

    found = get_user_model().objects.filter(username="bench-admin").first()
    return found or create_user(actor=None, username="bench-admin", role=Role.ADMINISTRATOR,
                                password="bench-lantern-quartz-42")


def bearer_secret() -> str:
    from steadfast.core.services.tokens import create_token

    return create_token(actor=None, user=bench_user(), name="benchmark")[1]


def bearer_client():
    from django.test import Client

    return Client(HTTP_AUTHORIZATION=f"Bearer {bearer_secret()}")


def endpoints(rng: random.Random, n: int) -> list[tuple[str, list[str]]]:
    """(label, request paths) for each measured endpoint, with ids drawn from the seeded data."""
    from django.db.models import Count

    from steadfast.network.models import CustomerNetwork, Item, Supplier

    def sample(ids: list[int]) -> list[int]:
        return [rng.choice(ids) for _ in range(n)] if ids else []

    all_suppliers = list(Supplier.objects.values_list("pk", flat=True))
    demo_suppliers = list(Supplier.objects.filter(ref__startswith="SUP-").values_list("pk", flat=True))
    busiest = list(Supplier.objects.filter(ref__startswith="SUP-").annotate(n=Count("sites__sources"))
                   .order_by("-n").values_list("pk", flat=True)[:n])
    products = list(Item.objects.filter(kind="product").values_list("pk", flat=True))
    networks = list(CustomerNetwork.objects.values_list("pk", flat=True))
    words = ["electronics", "logistics", "software", "cloud", "huaxin", "gmbh", "ltd", "precision", "systems", "tek"]
    countries = ["CN", "DE", "US", "TW", "JP", "IN", "MY", "MX", "SE", "GB"]
    base = "/api/v1"
    return [
        ("suppliers list (page 1)", [f"{base}/suppliers"] * n),
        ("suppliers list, search", [f"{base}/suppliers?search={rng.choice(words)}" for _ in range(n)]),
        ("suppliers list, country+tier filter",
         [f"{base}/suppliers?country={rng.choice(countries)}&tier={rng.randint(1, 3)}" for _ in range(n)]),
        ("suppliers list, sorted by name", [f"{base}/suppliers?ordering=-legal_name" for _ in range(n)]),
        ("suppliers list, deep page", [f"{base}/suppliers?offset={rng.randrange(0, 99_000)}" for _ in range(n)]),
        ("sites list, country filter", [f"{base}/sites?country={rng.choice(countries)}" for _ in range(n)]),
        ("supplier detail", [f"{base}/suppliers/{pk}" for pk in sample(all_suppliers)]),
        ("supplier trace (random demo supplier)", [f"{base}/suppliers/{pk}/trace" for pk in sample(demo_suppliers)]),
        ("supplier trace (busiest demo suppliers)", [f"{base}/suppliers/{pk}/trace" for pk in busiest]),
        ("item trace (product sourcing tree)", [f"{base}/items/{pk}/trace" for pk in sample(products)]),
        ("network trace", [f"{base}/networks/{pk}/trace" for pk in sample(networks)]),
    ]


def print_payload_rendering(rng: random.Random, n: int) -> None:
    """The traces again, selector + trace_json only (no request handling): what the trace endpoints
    cost beyond the URL routing and authentication."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from steadfast.network import selectors
    from steadfast.network.models import CustomerNetwork, Item, Supplier
    from steadfast.network.selectors.trace_types import trace_json

    user = get_user_model().objects.get(username="bench-admin")
    demo = list(Supplier.objects.filter(ref__startswith="SUP-").values_list("pk", flat=True))
    busiest = list(Supplier.objects.filter(ref__startswith="SUP-").annotate(n=Count("sites__sources"))
                   .order_by("-n").values_list("pk", flat=True)[:n])
    products = list(Item.objects.filter(kind="product").values_list("pk", flat=True))
    networks = list(CustomerNetwork.objects.values_list("pk", flat=True))
    cases = [
        ("supplier trace (random demo supplier)", selectors.supplier_trace, "supplier_id", [rng.choice(demo) for _ in range(n)]),
        ("supplier trace (busiest demo suppliers)", selectors.supplier_trace, "supplier_id", busiest),
        ("item trace (product sourcing tree)", selectors.item_trace, "item_id", [rng.choice(products) for _ in range(n)]),
        ("network trace", selectors.network_trace, "network_id", [rng.choice(networks) for _ in range(n)]),
    ]
    print("\ntrace selector + trace_json (no request handling):")
    for label, trace_of, key, ids in cases:
        if not ids:
            continue
        times = []
        for pk in ids:
            started = time.perf_counter()
            trace_json(trace_of(user=user, **{key: pk}))
            times.append((time.perf_counter() - started) * 1000)
        print(f"{label:<42} {len(times):>4} {statistics.median(times):>9.1f} {percentile(times, 0.95):>9.1f} "
              f"{max(times):>9.1f}")


def routed(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path.split("?")[0])
        return True
    except Resolver404:
        return False


def measure(client, paths: list[str], *, warm_up: bool = True) -> tuple[list[float], dict[int, int]]:
    if warm_up:
        client.get(paths[0])  # first-call imports and caches are not what we measure
    times, statuses = [], {}
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
    return times, statuses


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def trace_cases(rng: random.Random, n: int, busiest_n: int) -> list[tuple[str, str, list[int]]]:
    """(label, path pattern, ids): every product, the busiest demo suppliers (most sources), random
    suppliers and networks."""
    from django.db.models import Count

    from steadfast.network.models import CustomerNetwork, Item, Supplier

    demo = list(Supplier.objects.filter(ref__startswith="SUP-").values_list("pk", flat=True))
    busiest = list(Supplier.objects.filter(ref__startswith="SUP-").annotate(n=Count("sites__sources"))
                   .order_by("-n", "pk").values_list("pk", flat=True)[:busiest_n])
    products = list(Item.objects.filter(kind="product").order_by("pk").values_list("pk", flat=True))
    networks = list(CustomerNetwork.objects.values_list("pk", flat=True))
    return [
        (f"supplier trace ({len(busiest)} busiest)", "suppliers/{}/trace", busiest),
        ("supplier trace (random)", "suppliers/{}/trace", rng.sample(demo, min(n, len(demo)))),
        (f"item trace (all {len(products)} products)", "items/{}/trace", products),
        ("network trace (random)", "networks/{}/trace", rng.sample(networks, min(n, len(networks)))),
    ]


def run_cold(args: argparse.Namespace) -> None:
    """Each kind of trace's heaviest request (most sources, largest tree, most products) as the first
    trace of a fresh process. The process first serves one small list request, timed apart: that one
    pays for importing every view and API module (the URL configuration is loaded on first use)."""
    import subprocess

    from django.db.models import Count

    from steadfast.network.models import CustomerNetwork, Item, Supplier

    bench_user()  # created here, not timed there
    busiest = Supplier.objects.filter(ref__startswith="SUP-").annotate(n=Count("sites__sources")).order_by("-n", "pk")
    product = Item.objects.filter(kind="product").annotate(n=Count("bom_children")).order_by("-n", "pk")
    network = CustomerNetwork.objects.annotate(n=Count("deployments")).order_by("-n", "pk")
    cases = [("supplier trace (busiest)", "/api/v1/suppliers/{}/trace", busiest.values_list("pk", flat=True).first()),
             ("item trace (most BOM lines)", "/api/v1/items/{}/trace", product.values_list("pk", flat=True).first()),
             ("network trace (most products)", "/api/v1/networks/{}/trace", network.values_list("pk", flat=True).first())]
    print(f"\n{'cold: first trace of a fresh process':<40} {'n':>4} {'min ms':>8} {'p50 ms':>8} {'max ms':>8}"
          f"  (first request of the process, a list: p50 / max ms)")
    for label, pattern, pk in cases:
        if pk is None:
            continue
        firsts, times = [], []
        for _ in range(args.cold):
            done = subprocess.run([sys.executable, __file__, "--existing", "--one", pattern.format(pk)],
                                  capture_output=True, text=True)
            if done.returncode:
                raise SystemExit(f"cold run of {pattern.format(pk)} failed:\n{done.stderr[-2000:]}")
            first, elapsed = (float(word) for word in done.stdout.split()[-2:])
            firsts.append(first)
            times.append(elapsed)
        print(f"{label:<40} {len(times):>4} {min(times):>8.1f} {statistics.median(times):>8.1f} {max(times):>8.1f}"
              f"  ({statistics.median(firsts):.0f} / {max(firsts):.0f})", flush=True)


def run_one(path: str) -> None:
    client = bearer_client()
    elapsed = []
    for url in ("/api/v1/suppliers?limit=1", path):
        started = time.perf_counter()
        response = client.get(url)
        elapsed.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    print(" ".join(f"{ms:.1f}" for ms in elapsed))


def run_traces(args: argparse.Namespace) -> None:
    """API and page latency of the traces; `first` is the first request of its kind in this process
    (cold: imports, connection, caches), kept out of p50/p95 but in max."""
    from django.test import Client

    api = bearer_client()
    pages = Client()
    pages.force_login(bench_user())
    cases = trace_cases(random.Random(args.seed), args.requests, args.busiest)
    print(f"\n{'trace':<40} {'via':<5} {'n':>4} {'first ms':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  status")
    for via, client, prefix, suffix in (("api", api, "/api/v1/", ""), ("page", pages, "/", "/")):
        for label, pattern, ids in cases:
            paths = [prefix + pattern.format(pk) + suffix for pk in ids]
            if not paths or not routed(paths[0]):
                print(f"{label:<40} {via:<5}    -  (no data or no route)")
                continue
            times, statuses = measure(client, paths, warm_up=False)
            codes = ", ".join(f"{code}×{count}" for code, count in sorted(statuses.items()))
            rest = times[1:] or times
            print(f"{label:<40} {via:<5} {len(times):>4} {times[0]:>9.1f} {statistics.median(rest):>8.1f} "
                  f"{percentile(rest, 0.95):>8.1f} {max(times):>8.1f}  {codes}", flush=True)


def main() -> int:
    args = parse_args()
    var_dir = None if args.existing else Path(tempfile.mkdtemp(prefix="steadfast-bench-"))
    setup_django(var_dir)
    from steadfast.network.models import CustomerNetwork, Item, ItemSource, Site, Supplier

    if args.one:
        run_one(args.one)
        return 0
    timings = {} if args.existing else seed(args)
    print(f"{'Using' if args.existing else 'Seeded'} {Supplier.objects.count():,} suppliers, {Site.objects.count():,} sites, "
          f"{Item.objects.count():,} items, {ItemSource.objects.count():,} sources, "
          f"{CustomerNetwork.objects.count():,} networks ({', '.join(f'{k} {v:.1f} s' for k, v in timings.items())})")
    if args.gunicorn:
        from trace_servers import run_gunicorn

        run_gunicorn(args, trace_cases(random.Random(args.seed), args.requests, args.busiest), bearer_secret())
        cleanup(var_dir, keep=args.keep)
        return 0
    if args.traces:
        run_traces(args)
        if args.cold:
            run_cold(args)
        cleanup(var_dir, keep=args.keep)
        return 0
    client = bearer_client()
    rng = random.Random(args.seed)
    print(f"\n{'endpoint':<42} {'n':>4} {'p50 ms':>9} {'p95 ms':>9} {'max ms':>9}  status")
    missing = []
    for label, paths in endpoints(rng, args.requests):
        if not paths:
            print(f"{label:<42} {'-':>4}  (no data to request)")
            continue
        if not routed(paths[0]):
            missing.append(f"{label}: {paths[0].split('?')[0]}")
            print(f"{label:<42} {'-':>4}  MISSING: no route for {paths[0].split('?')[0]}")
            continue
        times, statuses = measure(client, paths)
        codes = ", ".join(f"{code}×{count}" for code, count in sorted(statuses.items()))
        print(f"{label:<42} {len(times):>4} {statistics.median(times):>9.1f} {percentile(times, 0.95):>9.1f} "
              f"{max(times):>9.1f}  {codes}")
    print_payload_rendering(rng, args.requests)
    if missing:
        print(f"\n{len(missing)} endpoint(s) missing:\n  " + "\n  ".join(missing))
    cleanup(var_dir, keep=args.keep)
    return 0


def cleanup(var_dir: Path | None, *, keep: bool) -> None:
    if var_dir is None:
        return
    if keep:
        print(f"\nDatabase kept at {var_dir / 'bench.sqlite3'}")
    else:
        import shutil

        from django.db import connection

        connection.close()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
