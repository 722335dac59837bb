from django.core.management.base import BaseCommand, CommandError

from steadfast.core.services.backup import BackupError, backup


class Command(BaseCommand):
    help = ("Write the database and the uploaded files to one archive with a SHA-256 manifest "
            "(SQLite: the online backup API; PostgreSQL: pg_dump -Fc). See docs/operations.md.")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write, e.g. steadfast-2026-12-04.tar.gz")

    def handle(self, *args, file, **options):
        try:
            manifest = backup(file, progress=lambda message: self.stderr.write(f"{message} …"))
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        head = manifest["audit_head"] or {"seq": 0}
        self.stdout.write(self.style.SUCCESS(
            f"wrote {file}: {manifest['engine']} database, {len(manifest['tables'])} tables, "
            f"{sum(manifest['tables'].values()):,} rows, {len(manifest['files']) - 1} uploaded files, "
            f"audit chain to event #{head['seq']}"))
