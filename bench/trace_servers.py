"""network_api.py --gunicorn: the traces through real gunicorn servers, variants side by side.

One server per variant (the production command line of `steadfast serve`, one gthread worker), all
on the same database. Every request goes to each server in turn, the first server rotating from
request to request, so that whatever else the machine does falls on all variants alike; the
answers must be the same JSON (parsed) everywhere.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

THIS_TREE = str(Path(__file__).resolve().parents[1] / "src")
NEVER_PAUSED = "collector-never-paused"
# Loaded by gunicorn (-c): in the worker, gc.disable does nothing, so no collector pause takes effect.
NEVER_PAUSED_CONFIG = "import gc\n\n\ndef post_fork(server, worker):\n    gc.disable = lambda: None\n"


@dataclass
class Server:
    label: str
    port: int
    process: subprocess.Popen


def parse_variant(text: str) -> tuple[str, str, bool]:
    label, _, rest = text.partition("=")
    source, _, option = rest.partition(",")
    if not label or not source or option not in ("", NEVER_PAUSED):
        raise SystemExit(f"--variant {text!r}: expected LABEL=SRC_DIR or LABEL=SRC_DIR,{NEVER_PAUSED}")
    return label, str(Path(source).resolve()), option == NEVER_PAUSED


def start(label: str, source: str, never_paused: bool, port: int, config_dir: Path) -> Server:
    argv = [sys.executable, "-m", "gunicorn", "steadfast.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "1", "--threads", "4", "--timeout", "300", "--log-level", "warning",
            "--no-control-socket"]  # several servers at once: the default socket path is shared
    if never_paused:
        config = config_dir / "never_paused.py"
        config.write_text(NEVER_PAUSED_CONFIG)
        argv += ["-c", str(config)]
    env = {**os.environ, "PYTHONPATH": source}
    return Server(label, port, subprocess.Popen(argv, env=env, cwd=config_dir))


def get(port: int, path: str, secret: str | None = None) -> tuple[int, float, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Authorization": f"Bearer {secret}"} if secret else {})
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return response.status, elapsed, body


def wait_ready(server: Server, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"gunicorn for {server.label} exited with {server.process.returncode}")
        try:
            if get(server.port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"gunicorn for {server.label} gave no /healthz in {timeout:.0f} s")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run_gunicorn(args, cases: list[tuple[str, str, list[int]]], secret: str) -> None:
    variants = [parse_variant(text) for text in args.variant] or [
        ("this tree", THIS_TREE, False), ("this tree, collector never paused", THIS_TREE, True)]
    requests = [(label, "/api/v1/" + pattern.format(pk)) for label, pattern, ids in cases for pk in ids]
    servers: list[Server] = []
    with tempfile.TemporaryDirectory(prefix="steadfast-gunicorn-bench-") as config_dir:
        try:
            for number, (label, source, never_paused) in enumerate(variants):
                servers.append(start(label, source, never_paused, args.port + number, Path(config_dir)))
            for server in servers:
                wait_ready(server)
            for path in {label: path for label, path in requests}.values():  # first of each kind: cold
                for server in servers:
                    get(server.port, path, secret)
            times = measure(servers, requests, secret, args.rounds)
        finally:
            for server in servers:
                server.process.terminate()
            for server in servers:
                server.process.wait(30)
    report(servers, requests, times, args.rounds)


def measure(servers: list[Server], requests, secret: str, rounds: int) -> dict[tuple[str, int], list[float]]:
    times: dict[tuple[str, int], list[float]] = {}
    for round_number in range(rounds):
        for number, (label, path) in enumerate(requests):
            first = (number + round_number) % len(servers)
            bodies: dict[int, bytes] = {}
            for index in [*range(first, len(servers)), *range(first)]:
                status, elapsed, bodies[index] = get(servers[index].port, path, secret)
                if status != 200:
                    raise SystemExit(f"{servers[index].label}: {path} answered {status}")
                times.setdefault((label, index), []).append(elapsed)
            answers = [json.loads(bodies[index]) for index in range(len(servers))]
            for index, answer in enumerate(answers[1:], start=1):
                if answer != answers[0]:
                    raise SystemExit(f"{path}: {servers[index].label} answers differently from {servers[0].label}")
        print(f"round {round_number + 1}/{rounds} done", file=sys.stderr, flush=True)
    return times


def report(servers: list[Server], requests, times, rounds: int) -> None:
    labels = list(dict.fromkeys(label for label, _ in requests))
    print(f"\ngunicorn (1 gthread worker per variant), {len(requests)} requests x {rounds} rounds, every answer "
          f"identical (parsed JSON) across variants; ms, and ratio of p50 to {servers[0].label!r}:")
    print(f"{'trace':<34} " + " ".join(f"{server.label[:30]:>30}" for server in servers))
    totals = [0.0] * len(servers)
    for label in labels:
        cells = []
        base = statistics.median(times[label, 0])
        for index in range(len(servers)):
            values = times[label, index]
            totals[index] += sum(values)
            cells.append(f"{statistics.median(values):>7.1f} /{percentile(values, 0.95):>7.1f} "
                         f"({statistics.median(values) / base:>4.2f}x)")
        print(f"{label[:34]:<34} " + " ".join(f"{cell:>30}" for cell in cells))
    print(f"{'all requests, total s':<34} " + " ".join(
        f"{total / 1000:>19.1f} ({total / totals[0]:>4.2f}x)" for total in totals))
    print("cells: p50 / p95 ms (p50 ratio)")
