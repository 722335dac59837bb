"""steadfast reminders send: email due-soon and overdue questionnaire reminders (each at most once per
assessment) and reminders of findings overdue or due soon (at most once per finding per interval)."""

import datetime as dt
import json

from django.core.management.base import CommandError

from steadfast.security.services.remediation import reopen_expired_acceptances
from steadfast.security.services.reminders import send_finding_reminders, send_reminders

from ._output import SecurityCommand


class Command(SecurityCommand):
    help = ("Send questionnaire reminders before the due date and when overdue; reopen expired risk acceptances; "
            "remind suppliers of findings overdue or due soon.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="send the reminders owed today (safe to run repeatedly)")
        send.add_argument("--today", help="run as of this date (YYYY-MM-DD)")
        send.add_argument("--json", action="store_true")

    def handle(self, *args, action, **options):
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today: {options['today']!r} is not a date (YYYY-MM-DD)") from None
        result = send_reminders(actor=None, today=today)
        result["acceptances_reopened"] = reopen_expired_acceptances(actor=None, today=today)
        result.update(send_finding_reminders(actor=None, today=today))
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            self.stdout.write(f"{result['due_soon']} due-soon and {result['overdue']} overdue reminders "
                              f"({result['emails']} emails); {result['without_contacts']} without contacts; "
                              f"{result['acceptances_reopened']} expired acceptances reopened; "
                              f"findings: {result['findings_overdue']} overdue and {result['findings_due_soon']} due soon "
                              f"reminded ({result['finding_emails']} emails to {result['finding_suppliers']} suppliers, "
                              f"{result['finding_suppliers_without_contacts']} without contacts)")
