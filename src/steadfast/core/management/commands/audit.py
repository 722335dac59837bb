import sys

from django.core.management.base import BaseCommand, CommandError

from steadfast.core.services.audit import export_chain, verify_chain


class Command(BaseCommand):
    help = "Verify the audit chain, or export it as JSON Lines (see docs/audit.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="exit 0 when the chain is intact, 1 naming the first bad event otherwise")
        export = sub.add_parser("export", help="write the chain as JSON Lines")
        export.add_argument("file", help="output path, or - for standard output")

    def handle(self, *args, action, **options):
        if action == "verify":
            report = verify_chain()
            if report.ok:
                self.stdout.write(self.style.SUCCESS(f"audit chain intact: {report.checked} events"))
                return
            self.stderr.write(f"audit chain broken at event #{report.bad_seq}: {report.reason}")
            sys.exit(1)
        path = options["file"]
        try:
            if path == "-":
                count = export_chain(self.stdout)
            else:
                with open(path, "w", encoding="utf-8") as stream:
                    count = export_chain(stream)
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        if path != "-":
            self.stdout.write(f"wrote {count} events to {path}")
