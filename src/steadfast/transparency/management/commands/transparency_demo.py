"""The demo's signed publications: one per year for the last three years (the two complete years
before this one, published in mid-February of the following year, and this year to date,
published today), written to var/publications/ so that
`steadfast figures verify var/publications/figures-<period>.json` can be run on them."""

import datetime as dt
import json

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from steadfast.transparency.models import Publication
from steadfast.transparency.selectors.figures import Period
from steadfast.transparency.services.publications import publish


class Command(BaseCommand):
    help = "Demo: one signed publication of the figures per year for the last three years (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7, help="unused: the figures come from the records")

    def handle(self, *args, **options):
        today = timezone.localdate()
        folder = settings.VAR_DIR / "publications"
        folder.mkdir(parents=True, exist_ok=True)
        periods = [(Period.year(year), timezone.make_aware(dt.datetime(year + 1, 2, 14, 10, 0)))
                   for year in (today.year - 2, today.year - 1)]
        periods.append((Period(dt.date(today.year, 1, 1), today), timezone.now()))
        for period, moment in periods:
            publication = Publication.objects.filter(period_start=period.start).order_by("-published_at").first()
            if publication is None:
                publication = publish(actor=None, period=period, published_at=min(moment, timezone.now()))
            path = folder / f"figures-{period.start.year}.json"
            path.write_text(json.dumps(publication.document(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            self.stdout.write(f"publication {publication.period_label}: sha256 {publication.sha256} -> {path}")
