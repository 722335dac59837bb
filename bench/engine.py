"""Benchmark: the fast engine against the naive reference, side by side.

    python bench/engine.py                      # (a) random network and (b) Willems chain 38
    python bench/engine.py --network DIR        # also (c): a network folder (all nodes + all sites)
    python bench/engine.py --sample 40 --workers 2

The naive reference rebuilds and solves two full LPs per scenario; when running it on every
scenario would take too long it is timed on a seeded random sample and extrapolated (the
output says so). Either way the fast results are checked against the naive ones on every
scenario the reference solved. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # engine_willems next to this file

from engine_willems import WILLEMS_DIR, willems_network  # noqa: E402

from steadfast.engine import analyse, load_network, node_scenarios, site_scenarios  # noqa: E402
from steadfast.engine.reference import reference_pi, reference_tts  # noqa: E402
from steadfast.engine.synthetic import random_network  # noqa: E402


def close(a: float, b: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def bench_case(label, network, scenarios, *, sample: int, workers: int, seed: int, full_limit: int) -> None:
    print(f"\n== {label}: {network.num_nodes} nodes, {network.num_edges} edges, {len(network.products)} products, "
          f"{len(scenarios)} scenarios")
    timings = {}
    for count in sorted({1, workers}):
        start = time.perf_counter()
        analysis = analyse(network, scenarios, workers=count)
        timings[count] = time.perf_counter() - start
        print(f"fast, {count} worker(s): {timings[count]:8.2f} s  ({1000 * timings[count] / len(scenarios):.2f} ms/scenario)")
    fast = {r.scenario: r for r in analysis.results}
    at_risk = sum(r.at_risk for r in analysis.results)
    print(f"baseline TTS {analysis.baseline_tts:g}; at risk: {at_risk} of {len(scenarios)}")

    rng = np.random.default_rng(seed)
    if len(scenarios) <= full_limit:
        chosen, extrapolated = list(range(len(scenarios))), False
    else:
        chosen, extrapolated = sorted(rng.choice(len(scenarios), size=sample, replace=False)), True
    start = time.perf_counter()
    mismatches = 0
    for i in chosen:
        scenario = scenarios[i]
        tts = reference_tts(network, scenario)
        pi = reference_pi(network, scenario, scenario.ttr)
        got = fast[scenario.name]
        if not (close(got.tts, tts) and close(got.pi, pi)):
            mismatches += 1
            print(f"  MISMATCH {scenario.name}: fast tts={got.tts} pi={got.pi}, naive tts={tts} pi={pi}")
    naive_each = (time.perf_counter() - start) / len(chosen)
    naive_total = naive_each * len(scenarios)
    how = f"extrapolated from {len(chosen)} sampled scenarios" if extrapolated else "measured on all scenarios"
    print(f"naive reference:    {naive_total:8.2f} s  ({1000 * naive_each:.1f} ms/scenario, {how})")
    for count, seconds in timings.items():
        print(f"speed-up, {count} worker(s): {naive_total / seconds:7.1f}x")
    print(f"results identical to the naive reference on {len(chosen) - mismatches} of {len(chosen)} checked "
          f"scenarios (relative 1e-6)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--network", type=Path, help="(c) a network folder, e.g. from steadfast export-network")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--nodes", type=int, default=2000, help="size of the random network (a)")
    parser.add_argument("--sample", type=int, default=40, help="scenarios the naive reference solves when sampling")
    parser.add_argument("--full-limit", type=int, default=0,
                        help="run the naive reference on every scenario when there are at most this many")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip", action="append", default=[], choices=["a", "b"], help="skip a case")
    args = parser.parse_args()
    common = dict(sample=args.sample, workers=args.workers, seed=args.seed, full_limit=args.full_limit)
    if "a" not in args.skip:
        network = random_network(args.seed, nodes=args.nodes)
        bench_case("(a) random multi-tier network, all nodes", network, node_scenarios(network), **common)
    if "b" not in args.skip:
        network = willems_network(WILLEMS_DIR / "38.csv", seed=args.seed)
        bench_case("(b) Willems (2008) chain 38, all nodes", network, node_scenarios(network), **common)
    if args.network is not None:
        network = load_network(args.network)
        scenarios = node_scenarios(network) + site_scenarios(network)
        bench_case(f"(c) {args.network}, all nodes + all sites", network, scenarios, **common)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of this process: {peak:.0f} MiB (worker processes not included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
