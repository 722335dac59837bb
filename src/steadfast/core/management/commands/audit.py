import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from steadfast.core.services.audit import export_chain, verify_chain
from steadfast.core.services.audit_anchor import AnchorError, create_anchor, verify_with_anchor


class Command(BaseCommand):
    help = "Verify the audit chain, or export it as JSON Lines (see docs/audit.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="exit 0 when the chain is intact, 1 naming the first bad event otherwise")
        verify.add_argument("--anchor", help="also check the chain against a signed anchor written by `audit anchor`")
        anchor = sub.add_parser("anchor", help="write a signed checkpoint of the chain's head (keep it outside the system)")
        anchor.add_argument("--out", default="-", help="output path (default: standard output)")
        export = sub.add_parser("export", help="write the chain as JSON Lines")
        export.add_argument("file", help="output path, or - for standard output")

    def handle(self, *args, action, **options):
        if action == "anchor":
            return self._anchor(options["out"])
        if action == "verify":
            report = verify_chain() if not options.get("anchor") else self._verify_anchor(options["anchor"])
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

    def _anchor(self, path: str):
        text = json.dumps(create_anchor(), indent=2) + "\n"
        if path == "-":
            self.stdout.write(text, ending="")
            return
        try:
            with open(path, "x", encoding="utf-8") as stream:
                stream.write(text)
        except FileExistsError:
            raise CommandError(f"{path} exists; an anchor is never overwritten") from None
        except OSError as exc:
            raise CommandError(f"cannot write {path}: {exc.strerror}") from None
        self.stdout.write(f"wrote the anchor of the audit chain's head to {path}")

    def _verify_anchor(self, path: str):
        try:
            document = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror}") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{path} is not a JSON anchor: {exc}") from None
        try:
            return verify_with_anchor(document)
        except AnchorError as exc:
            self.stderr.write(f"{path}: {exc}")
            sys.exit(1)
