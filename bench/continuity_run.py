"""Benchmark: a full continuity run of the map (every source, every site) against the bare engine.

    STEADFAST_VAR_DIR=/tmp/demo python bench/continuity_run.py          # a demo map built before
    STEADFAST_VAR_DIR=/tmp/demo python bench/continuity_run.py --ttr 14

Three child processes, each measured by wall time and CPU seconds (user+sys of the child, from
os.wait4): `steadfast export-network` of the map, `steadfast analyze --all-nodes` plus
`--all-sites` on that export (the engine alone, the baseline), and the app's run
(`continuity.services.runs.create_run` + `run_analysis`: map network, engine, bulk writes of the
results), which also prints its own phase times. Prints each and the ratio app/engine. Not a
test: figures depend on the machine and its load (the CPU seconds less so than the wall).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time

APP_RUN = """
import time, django
django.setup()
from steadfast.continuity.services import runs
from steadfast.continuity.services.map_network import map_network
from steadfast.continuity.models import RunResult
t = time.perf_counter(); map_network(); t_net = time.perf_counter() - t
run = runs.create_run(actor=None, label="bench", default_ttr_days={ttr})
t = time.perf_counter(); run = runs.run_analysis(run); t_run = time.perf_counter() - t
print(f"app phases: map network {{t_net:.2f}} s (built again inside the run), whole run {{t_run:.2f}} s, "
      f"{{run.scenarios:,}} scenarios, {{RunResult.objects.filter(run=run).count():,}} rows stored")
"""


def measured(argv: list[str], env: dict) -> tuple[float, str]:
    """(wall s, stdout+stderr) of one child, which exits 0 or stops the benchmark."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out, _ = proc.communicate()
    # communicate() has reaped it; CPU comes from the rusage of all children waited for so far.
    wall = time.perf_counter() - start
    if proc.returncode:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}):\n{out[-3000:]}")
    return wall, out


def cpu_children() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ttr", type=float, default=14.0)
    parser.add_argument("--workers", type=int, default=None, help="engine workers for `steadfast analyze`")
    args = parser.parse_args()
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    py = sys.executable
    figures = {}
    with tempfile.TemporaryDirectory(prefix="continuity-run-bench-") as folder:
        steps = [
            ("export-network", [py, "-m", "steadfast.cli", "export-network", folder]),
            ("analyze --all-nodes", [py, "-m", "steadfast.cli", "analyze", "--all-nodes", "--ttr", str(args.ttr),
                                     "--out", os.path.join(folder, "nodes-out.csv"), folder]),
            ("analyze --all-sites", [py, "-m", "steadfast.cli", "analyze", "--all-sites", "--ttr", str(args.ttr),
                                     "--out", os.path.join(folder, "sites-out.csv"), folder]),
            ("app run", [py, "-c", APP_RUN.format(ttr=args.ttr)]),
        ]
        for name, argv in steps:
            if args.workers and name.startswith("analyze"):
                argv[-1:-1] = ["--workers", str(args.workers)]
            before = cpu_children()
            wall, out = measured(argv, env)
            figures[name] = (wall, cpu_children() - before)
            print(f"{name:22s} wall {wall:8.2f} s   CPU {figures[name][1]:8.2f} s")
            for line in out.splitlines():
                if line.startswith("app phases"):
                    print("   ", line)
    engine = [sum(figures[n][i] for n in ("analyze --all-nodes", "analyze --all-sites")) for i in (0, 1)]
    app = figures["app run"]
    print(f"engine alone (nodes+sites): wall {engine[0]:.2f} s, CPU {engine[1]:.2f} s")
    print(f"app run:                    wall {app[0]:.2f} s, CPU {app[1]:.2f} s")
    print(f"ratio app/engine: wall {app[0] / engine[0]:.2f}x, CPU {app[1] / engine[1]:.2f}x")


if __name__ == "__main__":
    main()
