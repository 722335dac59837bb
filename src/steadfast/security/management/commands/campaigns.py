"""steadfast campaigns {list,create,run,schedule-reassessments}: assessment campaigns from the CLI."""

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from tqdm import tqdm

from steadfast.security.models import Campaign, QuestionnaireTemplate
from steadfast.security.services import campaigns as service

from ._errors import command_error
from ._output import SecurityCommand


class Command(SecurityCommand):
    help = "Assessment campaigns: list, create, run (create assessments with progress), schedule reassessments."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="list campaigns")
        listing.add_argument("--json", action="store_true")
        create = sub.add_parser("create", help="create a draft campaign")
        create.add_argument("name")
        create.add_argument("--template", type=int, required=True, help="questionnaire template id")
        create.add_argument("--due", required=True, help="due date YYYY-MM-DD")
        create.add_argument("--tier", type=int, action="append", default=[])
        create.add_argument("--country", action="append", default=[])
        create.add_argument("--category", action="append", default=[])
        create.add_argument("--due-for-reassessment", action="store_true")
        run = sub.add_parser("run", help="create the campaign's assessments now (in this process)")
        run.add_argument("campaign_id", type=int)
        run.add_argument("--invite", action="store_true", help="also email the suppliers' contacts")
        schedule = sub.add_parser("schedule-reassessments", help="assess suppliers whose next reassessment is due")
        schedule.add_argument("--template", type=int,
                              help="questionnaire template id (default: the one each supplier's tier names)")
        schedule.add_argument("--invite", action="store_true", help="also email the suppliers' contacts")
        schedule.add_argument("--today", help="run as of this date (YYYY-MM-DD)")
        schedule.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        try:
            getattr(self, "do_" + action.replace("-", "_"))(**options)
        except ValidationError as exc:
            raise command_error(exc) from None

    def do_list(self, **options):
        rows = [{"id": c.pk, "name": c.name, "status": c.status, "due_date": c.due_date.isoformat(),
                 "assessments": c.assessments.count()} for c in Campaign.objects.order_by("-created_at")]
        if options["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            self.stdout.write(f"{row['id']}\t{row['status']}\t{row['due_date']}\t{row['assessments']}\t{row['name']}")

    def do_create(self, **options):
        template = QuestionnaireTemplate.objects.filter(pk=options["template"]).first()
        if template is None:
            raise CommandError(f"no questionnaire template {options['template']}")
        campaign = service.create_campaign(
            actor=None, name=options["name"], template=template, due_date=_date(options["due"], "--due"),
            filter={"tier": options["tier"], "country": options["country"], "category": options["category"],
                    "due": options["due_for_reassessment"]})
        self.stdout.write(f"campaign {campaign.pk} created; {service.select_suppliers(filter=campaign.filter).count()} "
                          "suppliers match")

    def do_run(self, **options):
        campaign = Campaign.objects.filter(pk=options["campaign_id"]).first()
        if campaign is None:
            raise CommandError(f"no campaign {options['campaign_id']}")
        bar = tqdm(total=0, unit="assessment", file=self.stderr, disable=None)

        def report(done, total, message=""):
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            result = service.run_campaign(actor=None, campaign=campaign, invite=options["invite"], report=report)
        finally:
            bar.close()
        self.stdout.write(json.dumps(result))

    def do_schedule_reassessments(self, **options):
        template = None
        if options.get("template"):
            template = QuestionnaireTemplate.objects.filter(pk=options["template"]).first()
            if template is None:
                raise CommandError(f"no questionnaire template {options['template']}")
        today = _date(options["today"], "--today") if options.get("today") else None
        result = service.schedule_reassessments(actor=None, today=today, template=template, invite=options["invite"])
        if options["json"]:
            self.stdout.write(json.dumps(result))
            return
        line = f"{result['created']} reassessments created"
        if result["without_template"]:
            line += f"; {result['without_template']} suppliers skipped (their tier names no questionnaire)"
        if options["invite"]:
            line += f"; {result['emails']} emails, {result['without_contacts']} without contacts"
        self.stdout.write(line)


def _date(text: str, flag: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{flag}: {text!r} is not a date (YYYY-MM-DD)") from None
