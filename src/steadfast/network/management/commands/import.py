"""`steadfast import KIND FILE [--dry-run] [--json]`: exit 0 = applied (or would be), 1 = rows
rejected (nothing changed), 2 = usage error."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from steadfast.network.importers import KINDS, ImportReport, run_import

EXIT_REJECTED = 1
EXIT_USAGE = 2


def summary_table(report: ImportReport) -> str:
    if not report.ok:  # nothing was written: say so, not "created 2"
        rows = [("rows", report.rows), ("changed", 0),
                ("valid (not applied)", report.created + report.updated + report.unchanged),
                ("rejected", report.rejected), ("errors", report.error_count)]
    else:
        would = "would " if report.dry_run else ""
        rows = [("rows", report.rows), (f"{would}create" if would else "created", report.created),
                (f"{would}update" if would else "updated", report.updated),
                ("unchanged", report.unchanged), ("rejected", report.rejected), ("errors", report.error_count)]
    width = max(len(label) for label, _ in rows)
    lines = [f"{label:<{width}}  {value:>9,}" for label, value in rows]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Import suppliers, sites, items, … from a CSV (UTF-8) or XLSX file: all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of: {', '.join(KINDS)}")
        parser.add_argument("file", help="a .csv (UTF-8) or .xlsx file")
        parser.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
        parser.add_argument("--json", action="store_true", help="print the report as JSON on stdout")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")

    def handle(self, *args, kind, file, dry_run, json: bool, no_progress, **options):
        if kind not in KINDS:
            self._usage(f"unknown KIND {kind!r}: use one of {', '.join(KINDS)}")
        path = Path(file)
        if not path.exists():
            self._usage(f"no such file: {file}")
        if not path.is_file():
            self._usage(f"not a file: {file}")
        report = self._run(kind, path, dry_run, quiet=no_progress or json)
        if json:
            self.stdout.write(_json_dumps(report.as_dict(max_actions=None)))
        else:
            self._print(report, path)
        if not report.ok:
            sys.exit(EXIT_REJECTED)

    def _usage(self, message: str) -> None:
        self.stderr.write(f"steadfast import: {message}")
        sys.exit(EXIT_USAGE)

    def _run(self, kind: str, path: Path, dry_run: bool, *, quiet: bool) -> ImportReport:
        from tqdm import tqdm

        bar = tqdm(total=None, unit="row", desc=f"{kind}", file=sys.stderr, disable=quiet, dynamic_ncols=True)

        def progress(done: int, total: int | None, message: str) -> None:
            if total and bar.total != total:
                bar.total = total
            bar.set_postfix_str(message, refresh=False)
            bar.update(done - bar.n)

        try:
            return run_import(kind=kind, path=path, actor=None, dry_run=dry_run, filename=str(path),
                              progress=progress)
        finally:
            bar.close()

    def _print(self, report: ImportReport, path: Path) -> None:
        for error in report.errors:
            self.stdout.write(error.located(str(path)))
        if report.errors_truncated:
            self.stdout.write(f"… and {report.error_count - len(report.errors):,} more errors")
        self.stdout.write(summary_table(report))
        if not report.ok:
            verdict = "rejected: nothing was changed"
        elif report.dry_run:
            verdict = "dry run: the file is good, nothing was changed"
        else:
            verdict = "applied"
        self.stdout.write(f"{report.kind}: {verdict} ({report.seconds:.1f} s)")


def _json_dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


__all__ = ["Command", "CommandError"]
