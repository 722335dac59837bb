"""Benchmark: the import's two speed devices, each against going without, in the same run.

  - inserting.insert_rows (one prepared INSERT run with executemany, keys read back) against
    Django's bulk_create (which also sets the new keys: RETURNING on SQLite >= 3.35 and PostgreSQL);
  - the cyclic collector paused for the import (network/collector.py) against never paused (the
    variant makes gc.disable a no-op while it runs).
Each round imports a fresh suppliers file and a sites file (--rows each, new refs every time, so
every row is a create) once per variant, the variant going first rotating from round to round;
the figures are the median seconds over --rounds and the ratio to the code as it is.

    .venv/bin/python bench/import_variants.py [--rows 20000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from import_bench import write_sites, write_suppliers


def bulk_create_rows(model, instances, match_fields) -> None:
    """The variant: Django's own bulk insert, keys set from the database's answer."""
    model.objects.bulk_create(instances)


def run_variant(name: str, kind: str, path: Path) -> tuple[float, float]:
    from steadfast.network.importers import apply, run_import

    insert = apply.insert_rows
    disable = gc.disable
    if name == "bulk_create":
        apply.insert_rows = bulk_create_rows
    if name == "collector never paused":
        gc.disable = lambda: None
    gc.collect()
    try:
        started, cpu = time.perf_counter(), time.process_time()
        report = run_import(kind=kind, path=path, actor=None)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        apply.insert_rows, gc.disable = insert, disable
    if not report.applied or report.created != report.rows:
        raise SystemExit(f"{name}: {kind} import did not create every row: {[e.message for e in report.errors[:3]]}")
    return seconds, cpu


def renumbered(source: Path, target: Path, run: int) -> Path:
    """The file with every ref and DUNS number made new, so that each run creates new rows."""
    text = source.read_text().replace("SUP-", f"R{run}SUP-").replace("SITE-", f"R{run}SITE-")
    target.write_text(text.replace(",1000", f",{run:02d}00"))  # DUNS 1000nnnnn -> RR00nnnnn
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="steadfast-import-variants-"))
    os.environ["STEADFAST_VAR_DIR"] = str(folder)
    os.environ["STEADFAST_SQLITE_PATH"] = str(folder / "bench.sqlite3")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    write_suppliers(folder / "suppliers.csv", args.rows, rng)
    write_sites(folder / "sites.csv", args.rows, args.rows, rng)
    variants = ["as is (insert_rows, collector paused)", "bulk_create", "collector never paused"]
    times: dict[tuple[str, str], list[float]] = {}  # wall seconds
    cpu_times: dict[tuple[str, str], list[float]] = {}  # this process's CPU seconds: less of the machine's load
    run = 0
    for round_number in range(args.rounds):
        for offset in range(len(variants)):
            name = variants[(round_number + offset) % len(variants)]
            run += 1
            for kind in ("suppliers", "sites"):
                path = renumbered(folder / f"{kind}.csv", folder / f"run-{kind}.csv", run)
                seconds, cpu = run_variant(name, kind, path)
                times.setdefault((name, kind), []).append(seconds)
                cpu_times.setdefault((name, kind), []).append(cpu)
        print(f"round {round_number + 1}/{args.rounds} done", file=sys.stderr, flush=True)
    for title, measured in (("wall", times), ("CPU", cpu_times)):
        print(f"\nimport (create) of {args.rows:,} rows, {args.rounds} rounds, {title} seconds: median (ratio of "
              f"medians to as is; median of the ratios within a round)")
        print(f"{'variant':<40} {'suppliers':>24} {'sites':>24}")
        for name in variants:
            cells = []
            for kind in ("suppliers", "sites"):
                ours, base = measured[name, kind], measured[variants[0], kind]
                paired = statistics.median(mine / theirs for mine, theirs in zip(ours, base))
                cells.append(f"{statistics.median(ours):>7.2f} ({statistics.median(ours) / statistics.median(base):>4.2f}x;"
                             f" {paired:>4.2f}x)")
            print(f"{name:<40} {cells[0]:>24} {cells[1]:>24}")
        for name in variants:
            print(f"  {name}: " + "  ".join(f"{kind} " + " ".join(f"{t:.1f}" for t in measured[name, kind])
                                            for kind in ("suppliers", "sites")))
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
