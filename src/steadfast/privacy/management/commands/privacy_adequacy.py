"""`steadfast privacy_adequacy [FILE]`: load the list of adequacy decisions (default: the shipped one)."""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from steadfast.privacy.services.adequacy import load_adequacy

DEFAULT = Path(__file__).resolve().parents[2] / "data" / "adequacy.csv"


class Command(BaseCommand):
    help = ("Replace the list of Art. 45 adequacy decisions with a CSV file (columns country, decided_on, reference, "
            "scope, source_note); without FILE, the list shipped in privacy/data/adequacy.csv.")

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEFAULT))

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except OSError as error:
            raise CommandError(f"{file}: cannot read the file ({error.strerror})") from error
        try:
            count = load_adequacy(actor=None, text=text, name=path.name)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"{count} adequacy decisions loaded from {path.name}."))
