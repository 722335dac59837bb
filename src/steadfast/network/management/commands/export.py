"""`steadfast export KIND [--format csv|xlsx] [--out FILE]`: every row (the administrator's scope)."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand

from steadfast.network.exports import FORMATS, write_csv, write_xlsx
from steadfast.network.importers import KINDS


class Command(BaseCommand):
    help = "Export suppliers, sites, items, … as CSV or XLSX in the import's own columns."

    def add_arguments(self, parser):
        parser.add_argument("kind", help=f"one of: {', '.join(KINDS)}")
        parser.add_argument("--format", choices=FORMATS, default=None, help="csv (default) or xlsx")
        parser.add_argument("--out", default=None, help="output file (default: stdout for CSV)")

    def handle(self, *args, kind, format, out, **options):
        if kind not in KINDS:
            self.stderr.write(f"steadfast export: unknown KIND {kind!r}: use one of {', '.join(KINDS)}")
            sys.exit(2)
        fmt = format or ("xlsx" if out and out.lower().endswith(".xlsx") else "csv")
        if fmt == "xlsx":
            if not out:
                self.stderr.write("steadfast export: XLSX needs --out FILE")
                sys.exit(2)
            count = write_xlsx(kind, out)
        elif out:
            with open(out, "w", newline="", encoding="utf-8") as handle:
                count = write_csv(kind, handle)
        else:
            count = write_csv(kind, self.stdout._out)
        if out:
            self.stderr.write(f"{kind}: {count:,} rows written to {out}")
