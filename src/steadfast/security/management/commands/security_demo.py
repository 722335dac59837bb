"""`steadfast security_demo`: security data for the demo organisation (after `demo` and `security_setup`)."""

from __future__ import annotations

import json
import sys
import time

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from tqdm import tqdm

from steadfast.security.demo import SecurityDemoError, load_security_demo

from ._errors import command_error
from ._output import SecurityCommand

STAGES = 10


class Command(SecurityCommand):
    help = ("Add security data to the demo organisation: intake profiles and tiers for every supplier, a finished "
            "and a running assessment campaign with answers and evidence, accepted, returned and submitted "
            "assessments, findings in every state, SBOMs of software suppliers matching real CISA KEV entries, "
            "and three years of the assessment programme around them (written in bulk). "
            "Run after 'steadfast demo' and 'steadfast security_setup'. Loads once: refuses if security data exists.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, seed: int, json: bool = False, **options):
        started = time.perf_counter()
        with tqdm(total=STAGES, desc="security demo", unit="stage", file=sys.stderr, disable=None, leave=False) as bar:
            def progress(label: str) -> None:
                bar.set_postfix_str(label)
                bar.update()

            try:
                summary = load_security_demo(seed=seed, report=progress)
            except SecurityDemoError as error:
                raise CommandError(str(error)) from None
            except ValidationError as error:
                raise command_error(error) from None
        summary["total_seconds"] = round(time.perf_counter() - started, 1)
        if json:
            self.stdout.write(_json(summary))
            return
        self.stdout.write(f"Security demo (seed {seed}):")
        self.stdout.write(f"  {summary['intake_profiles']:,} intake profiles; tiers "
                          + ", ".join(f"{t}: {n:,}" for t, n in summary["tiers_after"].items()))
        for name, count in {**summary["campaigns"], **summary["programme_campaigns"]}.items():
            self.stdout.write(f"  campaign '{name}': {count:,} assessments")
        figures = summary["programme"]
        self.stdout.write(f"  {figures['suppliers_assessed_12_months']:,} of {figures['suppliers']:,} suppliers "
                          "assessed (accepted) in the last 12 months; accepted assessments in "
                          + ", ".join(str(y) for y in figures["accepted_years"]))
        self.stdout.write(f"  {summary['answers']:,} answers stored (the last 12 months' assessments)")
        self.stdout.write(f"  {figures['overdue_findings']:,} of {figures['open_findings']:,} open findings overdue "
                          f"({figures['overdue_share']:.0%})")
        self.stdout.write("  assessments: " + ", ".join(f"{k} {v:,}" for k, v in sorted(summary["assessments"].items())))
        self.stdout.write("  findings: " + ", ".join(f"{k} {v:,}" for k, v in sorted(summary["findings"].items())))
        self.stdout.write(f"  {summary['sboms']} SBOMs with {summary['kev_matches']} KEV matches")
        self.stdout.write(self.style.SUCCESS(f"Done in {summary['total_seconds']} s ("
                                             + ", ".join(f"{k} {v} s" for k, v in summary["seconds"].items()) + ")."))


def _json(summary: dict) -> str:
    return json.dumps(summary, default=str, sort_keys=True)
