"""steadfast questionnaires {load,list}: questionnaire templates from JSON definitions."""

import json

from django.core.exceptions import ValidationError
from django.db.models import Count

from steadfast.security.models import QuestionnaireTemplate
from steadfast.security.services.questionnaires import load_template

from ._errors import command_error
from ._output import SecurityCommand


class Command(SecurityCommand):
    help = ("Questionnaire templates: load a JSON definition (format: security/data/baseline_questionnaire.json, "
            "docs/security.md) as a published template, or list the templates.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="load a questionnaire definition (JSON)")
        load.add_argument("file")
        load.add_argument("--json", action="store_true", help='print {"id", "name", "version", "questions", "created"}')
        listing = sub.add_parser("list", help="list questionnaire templates")
        listing.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        if action == "list":
            rows = [{"id": t.pk, "name": t.name, "version": t.version, "status": t.status, "questions": t.n}
                    for t in QuestionnaireTemplate.objects.annotate(n=Count("questions")).order_by("name", "version")]
            if options["json"]:
                self.stdout.write(json.dumps(rows))
            for row in rows if not options["json"] else []:
                self.stdout.write(f"{row['id']}\t{row['name']}\tv{row['version']}\t{row['status']}\t{row['questions']}")
            return
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
