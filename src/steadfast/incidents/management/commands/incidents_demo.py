"""`steadfast incidents_demo`: three years of major incidents on the demo's customer networks."""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError

from steadfast.incidents.demo.loader import load_incident_demo
from steadfast.incidents.models import Incident


class Command(BaseCommand):
    help = ("Load the demo's major incidents: about 230 a year over three years across the demo's customer networks "
            "(hazards weighted by each country's INFORM scores), with their obligations, roles, timelines and "
            "customer updates, and three incidents still open. Needs the network demo first; refuses to run twice.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--scale", type=float, default=float(os.environ.get("STEADFAST_DEMO_SCALE", "1.0")))

    def handle(self, *args, seed: int, scale: float, **options):
        if not 0 < scale <= 50:
            raise CommandError("--scale: above 0 and at most 50")
        if Incident.objects.exists():
            raise CommandError("there are incidents already; the demo loads into an empty incident register")
        started = time.perf_counter()
        report = load_incident_demo(seed=seed, scale=scale)
        self.stdout.write(f"  {report.incidents:>8,} past major incidents, {report.open_incidents} open")
        self.stdout.write(f"  {report.supply_disruptions:>8,} supply disruptions at suppliers' sites (their time to "
                          f"survive: one background job for `steadfast worker`)")
        self.stdout.write(f"  {report.obligations:>8,} obligations, {report.timeline:,} timeline entries")
        self.stdout.write(self.style.SUCCESS(f"Incidents demo done in {time.perf_counter() - started:.1f} s."))
