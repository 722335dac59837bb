"""National user bases (ENISA's denominators): loaded from the shipped demo values, editable."""

from __future__ import annotations

import csv
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.incidents.models import NationalUserBase

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "national_user_base.csv"


def load_national_user_base(*, actor, path: Path = DEMO_FILE, replace: bool = False) -> int:
    """Add the rows of `path` that are missing (all of them again with replace). Returns rows written."""
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    existing = {(u.country, u.kind): u for u in NationalUserBase.objects.all()}
    written = 0
    with transaction.atomic():
        for row in rows:
            key = (row["country"], row["kind"])
            if key in existing and not replace:
                continue
            users = int(row["users"])
            if key in existing:
                crud.update(actor=actor, instance=existing[key], users=users, source=row.get("source", ""))
            else:
                crud.create(actor=actor, model=NationalUserBase, country=key[0], kind=key[1], users=users,
                            source=row.get("source", ""))
            written += 1
    return written


def set_national_user_base(*, actor, country: str, kind: str, users: int, source: str = "") -> NationalUserBase:
    """Add or change one country's user base for one kind of network (audited)."""
    if users is None or users <= 0:
        raise ValidationError({"users": "a positive number of users"})
    current = NationalUserBase.objects.filter(country=country.upper(), kind=kind).first()
    if current is None:
        return crud.create(actor=actor, model=NationalUserBase, country=country.upper(), kind=kind, users=users, source=source)
    return crud.update(actor=actor, instance=current, users=users, source=source)
