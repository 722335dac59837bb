"""50 concurrent users against `steadfast serve` for 60 s: requests/s, errors, p50/p95/p99.

Each user is a thread with its own keep-alive connection, its own API token and its own signed-in
session (a risk analyst), looping over a mix of what people do: API lists, API details, the three
traces, and pages (lists, a supplier page, a trace page, home). The server is the production command
line (`steadfast serve`: gunicorn, STEADFAST_WEB_WORKERS x STEADFAST_WEB_THREADS) on the database
DATABASE_URL names, which must already hold an organisation:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/steadfast_bench
    steadfast migrate && steadfast demo_setup --scale 1
    python bench/concurrent_users.py [--users 50] [--seconds 60] [--port 8765]

Every user comes from 127.0.0.1, so the per-address API limit is turned off for the server (each user
keeps its own per-token limit, as real users would). An error is a status >= 400 or a failed
connection. The client runs on the same machine and takes CPU from the server: the figures are a
floor of what the server alone would do.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

SRC = str(Path(__file__).resolve().parents[1] / "src")
sys.path.insert(0, SRC)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")


def prepare(users: int) -> tuple[list[tuple[str, str]], dict[str, list[int]]]:
    """Bench accounts (a token and a session cookie each) and the ids the requests pick from."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from steadfast.core.models import User
    from steadfast.core.services.accounts import create_user
    from steadfast.core.services.tokens import create_token
    from steadfast.network.models import CustomerNetwork, Item, Supplier

    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        print("note: DATABASE_URL is not PostgreSQL; the figures are for", settings.DATABASES["default"]["ENGINE"])
    credentials = []
    for n in range(users):
        username = f"bench-analyst-{n:02d}"
        user = User.objects.filter(username=username).first() or create_user(
            actor=None, username=username, role="risk_analyst", password=f"Bench-{os.urandom(8).hex()}-pass")
        _, secret = create_token(actor=None, user=user, name="concurrent_users bench")
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        credentials.append((secret, session.session_key))
    ids = {
        "supplier": list(Supplier.objects.order_by("?").values_list("pk", flat=True)[:500]),
        "item": list(Item.objects.exclude(kind="product").order_by("?").values_list("pk", flat=True)[:500]),
        "product": list(Item.objects.filter(kind="product").order_by("?").values_list("pk", flat=True)[:100]),
        "network": list(CustomerNetwork.objects.order_by("?").values_list("pk", flat=True)[:500]),
    }
    empty = [kind for kind, found in ids.items() if not found]
    if empty:
        raise SystemExit(f"the database has no {', '.join(empty)}: run `steadfast demo_setup` first")
    return credentials, ids


# (kind, weight, API?, path template)
MIX = [
    ("list", 3, True, "/api/v1/suppliers?limit=50&offset={offset}"),
    ("list", 2, True, "/api/v1/items?limit=50&offset={offset}"),
    ("list", 1, True, "/api/v1/networks?limit=50"),
    ("detail", 3, True, "/api/v1/suppliers/{supplier}"),
    ("detail", 2, True, "/api/v1/items/{item}"),
    ("detail", 1, True, "/api/v1/networks/{network}"),
    ("trace", 2, True, "/api/v1/suppliers/{supplier}/trace"),
    ("trace", 1, True, "/api/v1/networks/{network}/trace"),
    ("trace", 1, True, "/api/v1/items/{product}/trace"),
    ("page", 2, False, "/suppliers/?page={page}"),
    ("page", 2, False, "/suppliers/{supplier}/"),
    ("page", 1, False, "/suppliers/{supplier}/trace/"),
    ("page", 1, False, "/"),
]


def user_loop(port: int, secret: str, session: str, ids, stop_at: float, seed: int, results: list) -> None:
    rng = random.Random(seed)
    choices = [entry for entry in MIX for _ in range(entry[1])]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    while time.monotonic() < stop_at:
        kind, _, api, template = rng.choice(choices)
        path = template.format(offset=rng.randrange(0, 2000, 50), page=rng.randint(1, 20),
                               **{k: rng.choice(v) for k, v in ids.items()})
        headers = {"Authorization": f"Bearer {secret}"} if api else {"Cookie": f"sessionid={session}"}
        started = time.perf_counter()
        try:
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        results.append((kind, status, time.perf_counter() - started, path))
    connection.close()


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    credentials, ids = prepare(options.users)

    from django.conf import settings

    env = {**os.environ, "PYTHONPATH": SRC, "STEADFAST_API_RATE_PER_ADDRESS": "off"}
    server = subprocess.Popen([sys.executable, "-m", "steadfast.cli", "serve", "--bind", f"127.0.0.1:{options.port}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                probe = http.client.HTTPConnection("127.0.0.1", options.port, timeout=2)
                probe.request("GET", "/healthz")
                probe.getresponse().read()
                break
            except OSError:
                time.sleep(0.2)
        results: list = []
        stop_at = time.monotonic() + options.seconds
        started = time.monotonic()
        threads = [threading.Thread(target=user_loop, args=(options.port, secret, session, ids, stop_at, n, results))
                   for n, (secret, session) in enumerate(credentials)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"{options.users} users, {elapsed:.1f} s, server: steadfast serve ({os.environ.get('STEADFAST_WEB_WORKERS', '3')} "
          f"workers x {os.environ.get('STEADFAST_WEB_THREADS', '4')} threads), database: "
          f"{settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}, CPUs: {os.cpu_count()}")
    by_kind = defaultdict(list)
    for kind, status, seconds, path in results:
        by_kind[kind].append((status, seconds, path))
        by_kind["all"].append((status, seconds, path))
    print(f"{'kind':8} {'requests':>9} {'req/s':>8} {'errors':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind in ("list", "detail", "trace", "page", "all"):
        rows = by_kind.get(kind, [])
        if not rows:
            continue
        times = [seconds * 1000 for _, seconds, _ in rows]
        errors = sum(1 for status, _, _ in rows if status == 0 or status >= 400)
        print(f"{kind:8} {len(rows):9d} {len(rows) / elapsed:8.1f} {errors:7d} {percentile(times, 50):8.1f} "
              f"{percentile(times, 95):8.1f} {percentile(times, 99):8.1f}")
    failed = [(status, path) for status, _, path in by_kind["all"] if status == 0 or status >= 400]
    for status, path in failed[:10]:
        print(f"  error {status}: {path}")


if __name__ == "__main__":
    main()
