"""The list of adequacy decisions (Art. 45) is data: loaded from a CSV file, replaced as a whole."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services.audit import PendingEvent, record_events
from steadfast.core.validators import COUNTRY_CODES
from steadfast.privacy.models import AdequacyDecision

COLUMNS = ("country", "decided_on", "reference", "scope", "source_note")


def parse_adequacy(text: str, *, name: str) -> list[AdequacyDecision]:
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ValidationError({"file": f"{name}: missing column(s) {', '.join(missing)}"})
    decisions, seen = [], set()
    for line, row in enumerate(reader, start=2):
        code = (row["country"] or "").strip().upper()
        if code not in COUNTRY_CODES:
            raise ValidationError({"file": f"{name}, row {line}, column country: {code!r} is not an ISO 3166-1 code"})
        if code in seen:
            raise ValidationError({"file": f"{name}, row {line}, column country: {code} appears twice"})
        seen.add(code)
        try:
            decided = dt.date.fromisoformat((row["decided_on"] or "").strip())
        except ValueError:
            raise ValidationError({"file": f"{name}, row {line}, column decided_on: {row['decided_on']!r} is not a "
                                           "date (YYYY-MM-DD)"}) from None
        if not (row["reference"] or "").strip() or not (row["source_note"] or "").strip():
            raise ValidationError({"file": f"{name}, row {line}: reference and source_note are required"})
        decisions.append(AdequacyDecision(country=code, decided_on=decided, reference=row["reference"].strip(),
                                          scope=(row["scope"] or "").strip(), source_note=row["source_note"].strip()))
    return decisions


def load_adequacy(*, actor, text: str, name: str) -> int:
    """Replace the list with the file's; all or nothing, one audit event with the countries."""
    decisions = parse_adequacy(text, name=name)
    with transaction.atomic():
        before = sorted(AdequacyDecision.objects.values_list("country", flat=True))
        AdequacyDecision.objects.all().delete()
        AdequacyDecision.objects.bulk_create(decisions)
        record_events(actor=actor, events=[PendingEvent(
            "replace", "privacy.adequacydecision", "*", f"adequacy decisions from {name}",
            {"countries": [before, sorted(d.country for d in decisions)]})])
    return len(decisions)
