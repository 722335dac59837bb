"""`steadfast centres_demo`: the six transparency centres, three years of evaluations, the portal's documents."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from steadfast.transparency.demo.centres import load_centres_demo
from steadfast.transparency.models import Centre


class Command(BaseCommand):
    help = ("Load the transparency centres demo: six centres with their rooms, 300+ evaluation sessions over three "
            "years by named customers and national regulators (versions with SBOM hashes, findings), 50+ gated "
            "documents with access requests in every state. Needs the network demo first; refuses to run twice.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, seed: int, **options):
        if Centre.objects.exists():
            raise CommandError("there are transparency centres already; the demo loads into an empty register")
        started = time.perf_counter()
        report = load_centres_demo(seed=seed)
        self.stdout.write(f"  {report.centres} centres, {report.rooms} rooms, {report.evaluations} evaluations, "
                          f"{report.findings} findings")
        self.stdout.write(f"  {report.documents} gated documents, {report.requests} access requests")
        self.stdout.write(self.style.SUCCESS(f"Centres demo done in {time.perf_counter() - started:.1f} s."))
