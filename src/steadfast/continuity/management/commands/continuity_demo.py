"""`steadfast continuity_demo`: the continuity part of the demo organisation, then a full analysis and
the saved scenarios' answers queued for the worker (computed after start-up, progress on the pages)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from steadfast.continuity.demo import load_continuity_demo
from steadfast.continuity.models import SavedScenario
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.continuity.services.saved_scenarios import selection_of
from steadfast.continuity.services.scenarios import start_scenario


class Command(BaseCommand):
    help = ("Load BIAs for every product, contingency plans, exercises and saved scenarios onto the demo map, and "
            "queue a full analysis and the scenarios' runs for the background worker (--no-run: do not queue).")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--no-run", action="store_true", help="queue no analysis")

    def handle(self, *args, seed: int, no_run: bool, **options):
        try:
            counts = load_continuity_demo(seed=seed)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write("continuity demo: " + ", ".join(f"{n:,} {k}" for k, n in counts.items()))
        if not no_run:
            run = start_analysis_run(actor=None, label="Monthly full analysis (demo)")
            for scenario in SavedScenario.objects.order_by("name"):
                start_scenario(actor=None, selection=selection_of(scenario), label=f"Scenario: {scenario.name}",
                               saved_scenario_id=scenario.pk)
            self.stdout.write(f"queued for the worker: full analysis {run.pk} and the saved scenarios")
