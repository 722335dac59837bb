import json
from pathlib import Path

from django.core.management.base import CommandError

from steadfast.security.models import Assessment
from steadfast.security.selectors.export import assessment_summaries
from steadfast.security.services.oscal.export import export_assessment_results

from ._output import SecurityCommand


class Command(SecurityCommand):
    help = "List assessments, or export one as an OSCAL 1.2.3 assessment-results JSON document."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="list assessments")
        listing.add_argument("--json", action="store_true", help="print a JSON array")
        export = sub.add_parser("export-oscal", help="export one assessment as OSCAL assessment-results")
        export.add_argument("assessment_id", type=int)
        export.add_argument("--out", help="write to this file instead of standard output")

    def handle(self, *args, action, **options):
        if action == "list":
            rows = assessment_summaries(Assessment.objects.all())
            if options["json"]:
                self.stdout.write(json.dumps(rows))
                return
            for row in rows:
                self.stdout.write(f"{row['id']}\t{row['supplier_ref']}\t{row['status']}\t{row['due_date'] or '-'}\t"
                                  f"{row['score'] if row['score'] is not None else '-'}")
            return
        assessment = Assessment.objects.filter(pk=options["assessment_id"]).first()
        if assessment is None:
            raise CommandError(f"no assessment with id {options['assessment_id']}")
        text = json.dumps(export_assessment_results(assessment=assessment), indent=2, ensure_ascii=False)
        if options["out"]:
            Path(options["out"]).write_text(text + "\n", encoding="utf-8")
            self.stderr.write(f"wrote {options['out']}")
        else:
            self.stdout.write(text)
