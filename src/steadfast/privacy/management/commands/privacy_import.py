"""`steadfast privacy_import dpas|activities FILE [--dry-run]`: CSV or XLSX, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from steadfast.privacy.importers import KINDS, run_import, template_csv


class Command(BaseCommand):
    help = ("Import data processing agreements or processing activities from CSV/XLSX. Every row is checked first; "
            "one error anywhere imports nothing; errors name the row and column. --template prints the header and "
            "an example row.")

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", nargs="?")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--template", action="store_true")

    def handle(self, *args, kind: str, file: str | None, dry_run: bool, template: bool, **options):
        if template:
            self.stdout.write(template_csv(kind), ending="")
            return
        if not file or not Path(file).is_file():
            raise CommandError(f"{file or 'FILE'}: no such file")
        result = run_import(kind=kind, path=Path(file), actor=None, dry_run=dry_run)
        for error in result.errors:
            where = f"row {error['row']}" + (f", column {error['column']}" if error["column"] else "")
            self.stderr.write(f"{Path(file).name}, {where}: {error['message']}")
        if result.errors:
            more = result.error_count - len(result.errors)
            raise CommandError((f"… and {more:,} more errors\n" if more else "")
                               + f"{result.error_count:,} error(s); nothing was imported")
        verb = "would import" if dry_run else "imported"
        self.stdout.write(self.style.SUCCESS(f"{result.rows} row(s) checked; {verb} {result.rows if dry_run else result.created}."))
