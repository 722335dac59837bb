"""`steadfast incidents_refresh`: re-evaluate the clocks of open incidents (run it every minute)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from steadfast.incidents.services import deliver_due, refresh_open_incidents, send_review_reminders


class Command(BaseCommand):
    help = ("The incidents app's minute: re-evaluate figures, severity and the regulators' clocks of every open "
            "incident as time passes, remind commanders of post-incident reviews falling due, and retry the "
            "customer webhooks that are due. Run it every minute (cron or a systemd timer).")

    def handle(self, *args, **options):
        refreshed = refresh_open_incidents()
        reminded = send_review_reminders()
        deliveries = deliver_due()
        self.stdout.write(f"Refreshed {refreshed} open incidents; {reminded} review reminders; webhooks {deliveries}.")
