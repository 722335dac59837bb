"""steadfast questionnaires {load,list,import,export}: the questionnaire library from the command line:
JSON definitions (load), XLSX workbooks in the library's layout (import, export), and the list."""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db.models import Count

from steadfast.security.models import QuestionnaireTemplate
from steadfast.security.services.questionnaire_xlsx import export_template_xlsx, import_template_xlsx
from steadfast.security.services.questionnaires import load_template

from ._errors import command_error
from ._output import SecurityCommand


class Command(SecurityCommand):
    help = ("Questionnaire templates: load a JSON definition (format: security/data/baseline_questionnaire.json, "
            "docs/security.md) as a published template, import or export an XLSX workbook (layout in "
            "docs/security.md, 'Questionnaire library'), or list the templates.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a questionnaire definition (JSON)")
        load.add_argument("file")
        load.add_argument("--json", action="store_true", help='print {"id", "name", "version", "questions", "created"}')
        imported = sub.add_parser("import", help="import an XLSX workbook as a draft version")
        imported.add_argument("file", help="the .xlsx workbook")
        imported.add_argument("--json", action="store_true",
                              help='print {"id", "name", "version", "status", "questions", "outcome"}')
        export = sub.add_parser("export", help="export a version as an XLSX workbook")
        export.add_argument("id", help="the template id (see `list`)")
        export.add_argument("--out", required=True, help="where to write the .xlsx file")
        listing = sub.add_parser("list", help="list questionnaire templates")
        listing.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        if action == "list":
            return self._list(options["json"])
        if action == "import":
            return self._import(options["file"], options["json"])
        if action == "export":
            return self._export(options["id"], options["out"])
        before = QuestionnaireTemplate.objects.count()
        try:
            template = load_template(actor=None, path=options["file"])
        except ValidationError as exc:
            raise command_error(exc) from None
        created = QuestionnaireTemplate.objects.count() > before
        questions = template.questions.count()
        if options["json"]:
            self.stdout.write(json.dumps({"id": template.pk, "name": template.name, "version": template.version,
                                          "questions": questions, "created": created}))
            return
        state = "loaded" if created else "already loaded (unchanged)"
        self.stdout.write(f"{template}: {state}, {questions} questions (template {template.pk})")

    def _list(self, as_json: bool) -> None:
        rows = [{"id": t.pk, "name": t.name, "version": t.version, "status": t.status, "questions": t.n}
                for t in QuestionnaireTemplate.objects.annotate(n=Count("questions")).order_by("name", "version")]
        if as_json:
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            self.stdout.write(f"{row['id']}\t{row['name']}\tv{row['version']}\t{row['status']}\t{row['questions']}")

    def _import(self, file: str, as_json: bool) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"file: {file} is not a readable file")
        try:
            result = import_template_xlsx(actor=None, data=path.read_bytes(), filename=path.name)
        except ValidationError as exc:
            raise command_error(exc) from None
        template = result.template
        if as_json:
            self.stdout.write(json.dumps({"id": template.pk, "name": template.name, "version": template.version,
                                          "status": template.status, "questions": template.questions.count(),
                                          "outcome": result.outcome}))
            return
        self.stdout.write(f"{result.describe()} (template {template.pk})")

    def _export(self, template_id: str, out: str) -> None:
        try:
            template = QuestionnaireTemplate.objects.get(pk=int(template_id))
        except (ValueError, QuestionnaireTemplate.DoesNotExist):
            raise CommandError(f"id: no questionnaire template {template_id!r} "
                               "(see `steadfast questionnaires list`)") from None
        target = Path(out)
        if target.suffix.lower() != ".xlsx":
            raise CommandError(f"--out: {out} must end in .xlsx")
        if not target.parent.is_dir():
            raise CommandError(f"--out: the folder {target.parent} does not exist")
        data = export_template_xlsx(template)
        target.write_bytes(data)
        self.stdout.write(f"{template}: {template.questions.count():,} questions written to {target} "
                          f"({len(data):,} bytes)")
