"""The demo's signed publications: one per year for the last three complete years, each published
in mid-February of the following year, written to var/publications/ so that
`steadfast figures verify var/publications/figures-YYYY.json` can be run on them."""

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
        this_year = timezone.localdate().year
        folder = settings.VAR_DIR / "publications"
        folder.mkdir(parents=True, exist_ok=True)
        for year in range(this_year - 3, this_year):
            publication = Publication.objects.filter(period_label=str(year)).order_by("-published_at").first()
            if publication is None:
                moment = timezone.make_aware(dt.datetime(year + 1, 2, 14, 10, 0))
                publication = publish(actor=None, period=Period.year(year), published_at=min(moment, timezone.now()))
            path = folder / f"figures-{year}.json"
            path.write_text(json.dumps(publication.document(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            self.stdout.write(f"publication {year}: sha256 {publication.sha256} -> {path}")
