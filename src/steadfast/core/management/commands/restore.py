import sys

from django.core.management.base import BaseCommand, CommandError

from steadfast.core.services.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Restore an archive written by `steadfast backup` into this installation's database and "
            "uploads folder: checks every file against the manifest first, then every table's count, "
            "the audit head and the audit chain afterwards. See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by `steadfast backup`")
        parser.add_argument("--replace", action="store_true",
                            help="overwrite a database that already holds accounts or audit events "
                                 "(and the uploaded files)")

    def handle(self, *args, file, replace, **options):
        try:
            report = restore(file, replace=replace, progress=lambda message: self.stderr.write(f"{message} …"))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        summary = (f"{report.tables} tables, {report.rows:,} rows, {report.files} uploaded files, "
                   f"audit chain of {report.audit_events:,} events")
        if report.ok:
            self.stdout.write(self.style.SUCCESS(f"restored {file}: {summary}; counts, head and chain verified"))
            return
        for problem in report.problems:
            self.stderr.write(problem)
        self.stderr.write(f"restored {file} ({summary}) but it does not match its backup")
        sys.exit(1)
