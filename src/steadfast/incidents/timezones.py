"""A network's local time zone from its country (the system's zone.tab: first zone listed)."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from functools import cache
from pathlib import Path

ZONE_TAB = Path("/usr/share/zoneinfo/zone.tab")


@cache
def _zones() -> dict[str, str]:
    zones: dict[str, str] = {}
    if ZONE_TAB.exists():
        for line in ZONE_TAB.read_text().splitlines():
            if line and not line.startswith("#"):
                country, _, name, *_ = line.split("\t")
                zones.setdefault(country, name)
    return zones


def zone_for_country(country: str) -> dt.tzinfo:
    name = _zones().get(country)
    try:
        return zoneinfo.ZoneInfo(name) if name else dt.UTC
    except zoneinfo.ZoneInfoNotFoundError:
        return dt.UTC


def local(moment: dt.datetime | None, country: str) -> str:
    if moment is None:
        return ""
    zone = zone_for_country(country)
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M} {getattr(zone, 'key', 'UTC')}"
