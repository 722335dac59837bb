"""`steadfast dpas check FILE [--json]`: the Art. 28 checklist of one agreement document."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from steadfast.privacy.checklist.checker import as_json, check_text, normalise
from steadfast.privacy.checklist.extract import DocumentError, extract_text
from steadfast.privacy.checklist.rules import rules


class Command(BaseCommand):
    help = ("Data processing agreements. `check FILE`: read a PDF, DOCX or text file and report, for GDPR "
            "Art. 28(2), 28(3)(a)-(h), the final subparagraph of 28(3) and 28(4), whether the clause is present and "
            "the passage that satisfies it. --json prints one JSON object. Exit 0, or 1 for a file it cannot read.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="check one document clause by clause")
        check.add_argument("file")
        check.add_argument("--json", action="store_true", help="print {\"clauses\": {...}} as JSON")

    def handle(self, *args, action: str, file: str, json: bool = False, **options):
        path = Path(file)
        try:
            data = path.read_bytes()
            _, text = extract_text(data, name=path.name)
        except OSError as error:
            self._fail(f"{file}: cannot read the file ({error.strerror})")
        except DocumentError as error:
            self._fail(str(error))
        results = check_text(normalise(text))
        if json:
            self.stdout.write(_json_dumps(as_json(results)))
            return
        for rule in rules():
            result = results[rule.key]
            mark = "present" if result.present else "MISSING"
            self.stdout.write(f"{rule.key:<12} {mark:<8} {rule.title}")
            if result.passage:
                self.stdout.write(f"             “{result.passage.text[:160]}”")

    def _fail(self, message: str):
        sys.stderr.write(message + "\n")
        sys.exit(1)


def _json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
