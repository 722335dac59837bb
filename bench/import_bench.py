"""Import throughput: 100,000 suppliers and 100,000 sites, dry run then real import, into a fresh
SQLite database in a temporary folder (or the database DATABASE_URL names).

    .venv/bin/python bench/import_bench.py [--rows 100000] [--keep DIR]

Prints seconds and rows/second per step, and peak memory. A benchmark reports numbers; it is not a
timed test.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["DE", "FR", "US", "CN", "JP", "KR", "TW", "IN", "BR", "MX", "GB", "IT", "ES", "PL", "VN", "MY"]
CATEGORIES = ["components", "manufacturing_services", "logistics", "software", "cloud_it_services",
              "professional_services"]
KINDS = ["factory", "warehouse", "data_centre", "office", "port"]


def write_suppliers(path: Path, rows: int, rng: random.Random) -> None:
    tier1 = max(1, rows // 4)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "legal_name", "country", "category", "tier", "parent_ref", "status", "duns", "website"])
        for n in range(1, rows + 1):
            tier = 1 if n <= tier1 else 2
            parent = "" if tier == 1 else f"SUP-{rng.randint(1, tier1):06d}"
            writer.writerow([f"SUP-{n:06d}", f"Supplier {n} Ltd", rng.choice(COUNTRIES), rng.choice(CATEGORIES),
                             tier, parent, "active", f"{100000000 + n}", f"https://s{n}.example.com"])


def write_sites(path: Path, rows: int, suppliers: int, rng: random.Random) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "name", "kind", "country", "latitude", "longitude", "owner_supplier_ref", "city",
                         "ttr_days"])
        for n in range(1, rows + 1):
            writer.writerow([f"SITE-{n:06d}", f"Site {n}", rng.choice(KINDS), rng.choice(COUNTRIES),
                             round(rng.uniform(-60, 70), 4), round(rng.uniform(-170, 170), 4),
                             f"SUP-{rng.randint(1, suppliers):06d}", f"City {n % 500}", rng.choice(["", "14", "30"])])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", help="write the files and database here instead of a temporary folder")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="steadfast-import-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("STEADFAST_VAR_DIR", str(folder))
    if not os.environ.get("DATABASE_URL"):
        db = folder / "bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["STEADFAST_SQLITE_PATH"] = str(db)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "steadfast.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from steadfast.core.models import AuditEvent
    from steadfast.network.importers import run_import

    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    files = {"suppliers": folder / "suppliers.csv", "sites": folder / "sites.csv"}
    started = time.perf_counter()
    write_suppliers(files["suppliers"], args.rows, rng)
    write_sites(files["sites"], args.rows, args.rows, rng)
    print(f"generated {args.rows:,} suppliers and {args.rows:,} sites in {time.perf_counter() - started:.1f} s "
          f"({files['suppliers'].stat().st_size / 1e6:.1f} MB + {files['sites'].stat().st_size / 1e6:.1f} MB) "
          f"in {folder}")
    print(f"{'step':<34}{'seconds':>9}{'cpu s':>7}{'rows/s':>10}  result")
    for kind in ("suppliers", "sites"):
        for label, dry_run in (("dry run", True), ("import (create)", False), ("re-import (unchanged)", False)):
            started, cpu = time.perf_counter(), time.process_time()
            report = run_import(kind=kind, path=files[kind], actor=None, dry_run=dry_run)
            seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
            outcome = (f"created {report.created:,} updated {report.updated:,} unchanged {report.unchanged:,} "
                       f"rejected {report.rejected:,}")
            print(f"{kind + ' ' + label:<34}{seconds:>9.1f}{cpu:>7.1f}{report.rows / seconds:>10,.0f}  {outcome}")
            if not report.ok:
                print("  first errors:", [e.located(kind) for e in report.errors[:3]])
                return 1
    load = os.getloadavg()[0]
    print(f"load average during the run: {load:.1f} on {os.cpu_count()} CPUs (wall time includes waiting for them)")
    print(f"audit events: {AuditEvent.objects.count():,}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
