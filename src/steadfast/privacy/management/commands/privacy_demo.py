"""`steadfast privacy_demo`: the privacy part of the demo organisation (after `steadfast demo`)."""

from __future__ import annotations

import os
import time

from django.core.management.base import BaseCommand, CommandError

from steadfast.privacy.demo.loader import load
from steadfast.privacy.models import Dpa


class Command(BaseCommand):
    help = ("Add the privacy demo to the loaded business map: ~2,100 more processors (so 6,000+ suppliers at scale "
            "1.0), a DPA for most suppliers in every lifecycle state with real PDF/DOCX documents checked against "
            "Art. 28 (some with clauses missing), records of processing and transfers to 40+ countries with TIAs.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--scale", type=float, default=float(os.environ.get("STEADFAST_DEMO_SCALE", "1.0")))

    def handle(self, *args, seed: int, scale: float, **options):
        if Dpa.objects.exists():
            raise CommandError("the privacy demo is already loaded (data processing agreements exist)")
        started = time.perf_counter()
        counts = load(seed=seed, scale=scale)
        for label, count in counts.items():
            self.stdout.write(f"  {count:>8,} {label}")
        self.stdout.write(self.style.SUCCESS(f"Privacy demo loaded in {time.perf_counter() - started:.1f} s."))
