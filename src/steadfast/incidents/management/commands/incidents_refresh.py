"""`steadfast incidents_refresh`: re-evaluate the clocks of open incidents (run it every minute)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from steadfast.incidents.services import refresh_open_incidents


class Command(BaseCommand):
    help = "Re-evaluate figures, severity and the regulators' clocks of every open incident as time passes."

    def handle(self, *args, **options):
        self.stdout.write(f"Refreshed {refresh_open_incidents()} open incidents.")
