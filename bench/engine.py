"""Benchmark: the fast engine against the naive reference, side by side.

    python bench/engine.py                      # (a) random network and (b) Willems chain 38
    python bench/engine.py --network DIR        # also (c): a network folder (all nodes + all sites)
    python bench/engine.py --sample 40 --workers 2
    python bench/engine.py --skip a --skip b --scaling 500,2000,8000,32000   # how the ratio grows
    python bench/engine.py --before b4c21d6 --network DIR --before-network OLD_DIR   # this engine against an earlier one

The naive reference rebuilds and solves two full LPs per scenario; when running it on every
scenario would take too long it is timed on a seeded random sample and extrapolated (the
output says so). Either way the fast results are checked against the naive ones on every
scenario the reference solved. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_willems next to this file

from engine_willems import WILLEMS_DIR, willems_network  # noqa: E402

from steadfast.engine import analyse, load_network, node_scenarios, save_network, site_scenarios  # noqa: E402
from steadfast.engine.reference import reference_pi, reference_tts  # noqa: E402
from steadfast.engine.solver import Analyzer  # noqa: E402
from steadfast.engine.synthetic import random_network  # noqa: E402


def rel_diff(a: float, b: float) -> float:
    if math.isinf(a) or math.isinf(b):
        return 0.0 if a == b else math.inf
    return abs(a - b) / max(1.0, abs(a), abs(b))


def cpu_seconds() -> float:
    """CPU time of this process and of its finished worker processes."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def bench_case(label, network, scenarios, *, sample: int, workers: int, seed: int, full_limit: int,
               also_single: bool = True) -> None:
    print(f"\n== {label}: {network.num_nodes} nodes, {network.num_edges} edges, {len(network.products)} products, "
          f"{len(scenarios)} scenarios")
    timings = {}
    for count in sorted({1, workers} if also_single else {workers}):
        wall, cpu = time.perf_counter(), cpu_seconds()
        analysis = analyse(network, scenarios, workers=count)
        timings[count] = (time.perf_counter() - wall, cpu_seconds() - cpu)
        w, c = timings[count]
        print(f"fast, {count} worker(s): wall {w:8.2f} s ({1000 * w / len(scenarios):.2f} ms/scenario), "
              f"CPU {c:8.2f} s ({1000 * c / len(scenarios):.2f} ms/scenario)")
    fast = {r.scenario: r for r in analysis.results}
    at_risk = sum(r.at_risk for r in analysis.results)
    print(f"baseline TTS {analysis.baseline_tts:g}; at risk: {at_risk} of {len(scenarios)}")

    if sample <= 0 and len(scenarios) > full_limit:
        print("naive reference: skipped (--sample 0)")
        return
    rng = np.random.default_rng(seed)
    if len(scenarios) <= full_limit:
        chosen, extrapolated = list(range(len(scenarios))), False
    else:
        chosen, extrapolated = sorted(rng.choice(len(scenarios), size=min(sample, len(scenarios)), replace=False)), True
    wall, cpu = time.perf_counter(), time.process_time()
    worst = 0.0
    mismatches = 0
    for i in chosen:
        scenario = scenarios[i]
        tts = reference_tts(network, scenario)
        pi = reference_pi(network, scenario, scenario.ttr)
        got = fast[scenario.name]
        diff = max(rel_diff(got.tts, tts), rel_diff(got.pi, pi))
        worst = max(worst, diff)
        if diff > 1e-6:
            mismatches += 1
            print(f"  MISMATCH {scenario.name}: fast tts={got.tts} pi={got.pi}, naive tts={tts} pi={pi}")
    naive_wall = (time.perf_counter() - wall) / len(chosen) * len(scenarios)
    naive_cpu = (time.process_time() - cpu) / len(chosen) * len(scenarios)
    how = (f"EXTRAPOLATED from a random sample of {len(chosen)} scenarios" if extrapolated
           else "measured on all scenarios")
    print(f"naive reference:    wall {naive_wall:8.2f} s, CPU {naive_cpu:8.2f} s "
          f"({1000 * naive_cpu / len(scenarios):.1f} ms/scenario CPU; {how})")
    for count, (w, c) in timings.items():
        print(f"speed-up, {count} worker(s): {naive_wall / w:7.1f}x wall, {naive_cpu / c:7.1f}x CPU")
    print(f"agreement: {len(chosen) - mismatches} of {len(chosen)} checked scenarios within relative 1e-6; "
          f"max relative difference {worst:.2e}")


# Run in a fresh interpreter with PYTHONPATH at one engine's source: load a network folder,
# analyse all nodes (and sites) in one process, print CPU and wall time and the results.
_TIMED_RUN = """
import json, sys, time
from steadfast.engine import analyse, load_network, node_scenarios, site_scenarios
network = load_network(sys.argv[1])
scenarios = node_scenarios(network) + (site_scenarios(network) if sys.argv[2] == "sites" else [])
cpu, wall = time.process_time(), time.perf_counter()
analysis = analyse(network, scenarios, workers=1)
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
print(json.dumps({"cpu": cpu, "wall": wall, "results": [[r.scenario, r.tts, r.pi] for r in analysis.results]}))
"""


def engine_source(revision: str, into: Path) -> Path:
    """The engine's source at a git revision, extracted under ``into`` (for PYTHONPATH)."""
    repo = Path(__file__).resolve().parent.parent
    archive = subprocess.run(["git", "-C", str(repo), "archive", revision, "src/steadfast/__init__.py",
                              "src/steadfast/engine"], check=True, capture_output=True).stdout
    with tarfile.open(fileobj=__import__("io").BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def timed_run(source: Path, folder: Path, *, sites: bool) -> dict:
    env = {**os.environ, "PYTHONPATH": str(source)}
    out = subprocess.run([sys.executable, "-c", _TIMED_RUN, str(folder), "sites" if sites else "nodes"], env=env,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def before_after(label: str, new_folder: Path, old_folder: Path, revision: str, *, sites: bool, repeats: int) -> None:
    """CPU of this engine against the engine at ``revision``, each in its own process with
    one worker, alternating runs (the fastest of ``repeats`` each, so that load from other
    work on the machine hurts both alike); and how far their answers differ."""
    with tempfile.TemporaryDirectory() as tmp:
        old_source = engine_source(revision, Path(tmp))
        new_source = Path(__file__).resolve().parent.parent / "src"
        runs: dict[str, list[dict]] = {"before": [], "after": []}
        for _ in range(repeats):
            runs["before"].append(timed_run(old_source, old_folder, sites=sites))
            runs["after"].append(timed_run(new_source, new_folder, sites=sites))
    before = min(runs["before"], key=lambda r: r["cpu"])
    after = min(runs["after"], key=lambda r: r["cpu"])
    count = len(after["results"])
    old = {name: (tts, pi) for name, tts, pi in before["results"]}
    worst = max((max(rel_diff(tts, old[name][0]), rel_diff(pi, old[name][1]))
                 for name, tts, pi in after["results"] if name in old), default=0.0)
    print(f"\n== before/after {label}: {count} scenarios, 1 worker, fastest of {repeats}")
    print(f"engine at {revision}: CPU {before['cpu']:8.2f} s ({1000 * before['cpu'] / count:.2f} ms/scenario)")
    print(f"this engine:        CPU {after['cpu']:8.2f} s ({1000 * after['cpu'] / count:.2f} ms/scenario)")
    same = "" if new_folder == old_folder else " (two formats of the network: answers differ where the model changed)"
    print(f"speed ratio (after/before CPU): {after['cpu'] / before['cpu']:.3f}; "
          f"max relative difference of the answers {worst:.2e}{same}")


def scaling_series(sizes: list[int], *, seed: int, fast_sample: int, naive_budget: float, sample: int) -> None:
    """The speed-up against the naive reference as the random network family (a) grows.

    Per size: the fast engine builds its models and baselines once (that time is spread over
    all the network's node scenarios, as in a full run) and solves a seeded random sample of
    ``fast_sample`` node scenarios; the naive reference solves scenarios from the same sample
    until ``naive_budget`` CPU seconds are spent (at least two, at most ``sample``), and every
    one it solves is checked against the fast answer."""
    print("\n== scaling: random multi-tier networks (a), all-node analysis, CPU per scenario")
    print(f"{'nodes':>7} {'edges':>7} {'build s':>8} {'fast ms':>8} {'naive ms':>10} {'naive n':>7} {'speed-up':>9} {'max rel diff':>12}")
    for size in sizes:
        network = random_network(seed, nodes=size)
        scenarios = node_scenarios(network)
        rng = np.random.default_rng(seed)
        chosen = [scenarios[i] for i in rng.permutation(len(scenarios))[:fast_sample]]
        cpu = time.process_time()
        analyzer = Analyzer(network)
        analyzer.component_tts()
        build = time.process_time() - cpu
        cpu = time.process_time()
        fast = [analyzer.analyse(s) for s in chosen]
        fast_ms = 1000 * (build / len(scenarios) + (time.process_time() - cpu) / len(chosen))
        spent, solved, worst = 0.0, 0, 0.0
        for scenario, got in zip(chosen, fast):
            if solved >= sample or (solved >= 2 and spent >= naive_budget):
                break
            cpu = time.process_time()
            tts, pi = reference_tts(network, scenario), reference_pi(network, scenario, scenario.ttr)
            spent += time.process_time() - cpu
            solved += 1
            worst = max(worst, rel_diff(got.tts, tts), rel_diff(got.pi, pi))
        naive_ms = 1000 * spent / solved
        print(f"{size:>7} {network.num_edges:>7} {build:>8.2f} {fast_ms:>8.2f} {naive_ms:>10.1f} {solved:>7} "
              f"{naive_ms / fast_ms:>8.0f}x {worst:>12.1e}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--network", type=Path, help="(c) a network folder, e.g. from steadfast export-network")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--nodes", type=int, default=2000, help="size of the random network (a)")
    parser.add_argument("--sample", type=int, default=40, help="scenarios the naive reference solves when sampling (0: skip it)")
    parser.add_argument("--full-limit", type=int, default=0,
                        help="run the naive reference on every scenario when there are at most this many")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip", action="append", default=[], choices=["a", "b"], help="skip a case")
    parser.add_argument("--c-parallel-only", action="store_true", help="(c): time only the --workers run")
    parser.add_argument("--max-inputs", type=int, default=3, help="max input parts per node of (a)")
    parser.add_argument("--scaling", help="comma-separated sizes of random networks: print how the speed-up grows")
    parser.add_argument("--scaling-fast-sample", type=int, default=1000, help="node scenarios the fast engine solves per size")
    parser.add_argument("--scaling-naive-budget", type=float, default=60.0, help="CPU seconds for the naive reference per size")
    parser.add_argument("--before", metavar="REV", help="also time the engine at git revision REV on (a), (b) and (c)")
    parser.add_argument("--before-network", type=Path,
                        help="(c) for the engine at --before when its format differs (e.g. that revision's export)")
    parser.add_argument("--before-repeats", type=int, default=2, help="runs of each engine per case (the fastest counts)")
    parser.add_argument("--only-before", action="store_true", help="only the before/after comparison")
    args = parser.parse_args()
    if args.before:
        with tempfile.TemporaryDirectory() as tmp:
            cases = []
            if "a" not in args.skip:
                cases.append(("(a) random 2,000-node family", random_network(args.seed, nodes=args.nodes,
                                                                            max_inputs=args.max_inputs), False))
            if "b" not in args.skip:
                cases.append(("(b) Willems chain 38", willems_network(WILLEMS_DIR / "38.csv", seed=args.seed), False))
            for k, (label, network, sites) in enumerate(cases):
                folder = save_network(network, Path(tmp) / f"case{k}")
                before_after(label, folder, folder, args.before, sites=sites, repeats=args.before_repeats)
            if args.network is not None:
                before_after(f"(c) {args.network}, all nodes + all sites", args.network,
                             args.before_network or args.network, args.before, sites=True, repeats=args.before_repeats)
        if args.only_before:
            return 0
    common = dict(sample=args.sample, workers=args.workers, seed=args.seed, full_limit=args.full_limit)
    if "a" not in args.skip:
        network = random_network(args.seed, nodes=args.nodes, max_inputs=args.max_inputs)
        bench_case("(a) random multi-tier network, all nodes", network, node_scenarios(network), **common)
    if "b" not in args.skip:
        network = willems_network(WILLEMS_DIR / "38.csv", seed=args.seed)
        bench_case("(b) Willems (2008) chain 38, all nodes", network, node_scenarios(network), **common)
    if args.network is not None:
        network = load_network(args.network)
        scenarios = node_scenarios(network) + site_scenarios(network)
        bench_case(f"(c) {args.network}, all nodes + all sites", network, scenarios, **common,
                   also_single=not args.c_parallel_only)
    if args.scaling:
        scaling_series([int(n) for n in args.scaling.split(",")], seed=args.seed, fast_sample=args.scaling_fast_sample,
                       naive_budget=args.scaling_naive_budget, sample=args.sample)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\npeak RSS: this process {peak:.0f} MiB, largest worker process {workers_peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
