"""Benchmark: the mitigation optimiser on a network folder (the demo organisation).

    steadfast demo --seed 7 && steadfast export-network /tmp/demo-net
    python bench/mitigation.py --network /tmp/demo-net            # all sites, REI above p90
    python bench/mitigation.py --network /tmp/demo-net --naive-sample 3

Chooses every site scenario whose REI is above the given percentile of all sites' REI,
runs ``mitigate`` on them and prints wall and CPU time per phase, the rounds, the cuts,
the lower bound, the plan's cost and the optimality gap, how the subproblems were solved,
and whether the engine finds every saveable chosen scenario safe on the mitigated network.

``--naive-sample K`` also solves the naive monolithic LP (every scenario's horizon model
written out, one copy per scenario, in one HiGHS run) for K seeded random chosen
scenarios and compares its cost and time with the optimiser's on the same K: the baseline
the decomposition is measured against. Not a test: figures depend on the machine.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

from steadfast.engine import analyse, load_network, mitigate, select_by_rei, site_scenarios
from steadfast.engine.mitigation import CANNOT_BE_SAVED, PLAN_MARGIN, default_holding_cost
from steadfast.engine.mitigation_reference import naive_mitigation


class Clock:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), _cpu()

    def read(self) -> str:
        return f"{time.perf_counter() - self.wall:.1f} s wall, {_cpu() - self.cpu:.1f} s CPU"


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--network", type=Path, required=True, help="network folder (steadfast export-network)")
    parser.add_argument("--percentile", type=float, default=90.0, help="REI percentile of all sites (default 90)")
    parser.add_argument("--ttr", type=float, default=14.0, help="ttr where a site's nodes give none (default 14)")
    parser.add_argument("--gap", type=float, default=1e-6, help="relative gap to stop at (default 1e-6)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes for the engine's analyses")
    parser.add_argument("--naive-sample", type=int, default=0, help="scenarios for the naive monolithic LP")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    clock = Clock()
    network = load_network(args.network)
    print(f"network: {network.num_nodes:,} nodes, {network.num_edges:,} edges, {len(network.groups):,} demand groups "
          f"(loaded in {clock.read()})")
    scenarios = site_scenarios(network, default_ttr=args.ttr)
    clock = Clock()
    analysis = analyse(network, scenarios, workers=args.workers).results
    chosen, threshold = select_by_rei(network, scenarios, percentile=args.percentile, analysis=analysis)
    print(f"REI of {len(scenarios):,} site scenarios: {clock.read()}; {len(chosen):,} above the "
          f"{args.percentile:g}th percentile ({threshold:.4g})")

    def say(message: str) -> None:
        print(f"  [{time.perf_counter() - clock.wall:7.1f} s wall, {_cpu() - clock.cpu:7.1f} s CPU of this process] {message}", flush=True)

    clock = Clock()
    # As the CLI does: the REI analysis gives mitigate each chosen scenario's TTS.
    result = mitigate(network, chosen, gap=args.gap, workers=args.workers, progress=say, before=analysis)
    print(f"mitigate: {clock.read()} ({result.seconds:.1f} s inside mitigate)")
    saved = sum(o.status != CANNOT_BE_SAVED and o.tts_before < o.ttr for o in result.outcomes)
    print(f"  rounds {result.iterations}, cuts {result.cuts:,}, subproblems {result.stats}")
    print(f"  plan cost {result.total_cost:.10g}, lower bound {result.lower_bound:.10g}, gap {result.gap:.3g}")
    print(f"  nodes stocked {len(result.plan):,}; scenarios saved {saved:,}, cannot be saved "
          f"{len(result.cannot_be_saved):,}, already survived {len(result.outcomes) - saved - len(result.cannot_be_saved):,}")
    print(f"  engine finds every saveable chosen scenario safe afterwards: {result.verified}")
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB (main), "
          f"{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB (largest worker)")

    if args.naive_sample:
        sample = random.Random(args.seed).sample(chosen, min(args.naive_sample, len(chosen)))
        cost = default_holding_cost(network)
        clock = Clock()
        fast = mitigate(network, sample, gap=0.0, workers=1)
        fast_time = clock.read()
        clock = Clock()
        naive = naive_mitigation(network, sample, [s.ttr * (1 + PLAN_MARGIN) for s in sample], cost)
        naive_time = clock.read()
        diff = abs(fast.total_cost - naive) / max(1.0, abs(naive)) if naive is not None else float("nan")
        print(f"naive monolithic LP on {len(sample)} scenarios: {naive_time}, cost {naive:.10g}")
        print(f"optimiser on the same {len(sample)}: {fast_time}, cost {fast.total_cost:.10g} "
              f"(relative difference {diff:.2g})")
    return 0 if result.verified else 1


if __name__ == "__main__":
    sys.exit(main())
