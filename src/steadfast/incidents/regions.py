"""The region (continent) of each country, for filtering incidents by region: Natural Earth's
admin-0 `continent`, shipped as data/regions.csv (see data/README.md)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

REGIONS_CSV = Path(__file__).resolve().parent / "data" / "regions.csv"


@cache
def region_of() -> dict[str, str]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["country"]: row["region"] for row in csv.DictReader(handle)}


def regions() -> list[str]:
    return sorted(set(region_of().values()) - {"Antarctica", "Seven seas (open ocean)"})


def countries_in(region: str) -> list[str]:
    return sorted(country for country, name in region_of().items() if name == region)
