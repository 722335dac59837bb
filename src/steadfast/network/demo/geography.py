"""Where the demo organisation's sites and customers are: real cities, weighted country mixes.

Sites sit at real city coordinates (``network/data/cities.csv``: city, ISO 3166-1 country,
ISO 3166-2 subdivision where it is certain, latitude, longitude) jittered by a few kilometres,
so that a hazard drawn on a map lands on plausible places.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pycountry

from steadfast.network.models import SupplierCategory

CITIES_CSV = Path(__file__).resolve().parent.parent / "data" / "cities.csv"
# Population estimates (POP_EST) of Natural Earth 1:110m admin-0 countries, extracted once from
# ../shared/reference/geo/naturalearth_lowres (public domain); countries too small for that map
# (Monaco, Samoa, ...) are absent, so the demo has no customer networks there.
POPULATION_CSV = CITIES_CSV.with_name("population.csv")
JITTER_DEGREES = 0.06  # about ±6 km: sites spread around a city, not stacked on its centre


@dataclass(frozen=True)
class City:
    name: str
    country: str
    subdivision: str
    latitude: float
    longitude: float


@cache
def cities_by_country() -> dict[str, tuple[City, ...]]:
    grouped: dict[str, list[City]] = {}
    with CITIES_CSV.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            city = City(row["city"], row["country"], row["subdivision"], float(row["latitude"]), float(row["longitude"]))
            grouped.setdefault(city.country, []).append(city)
    return {country: tuple(grouped[country]) for country in sorted(grouped)}


def site_location(rng: random.Random, country: str) -> tuple[City, float, float]:
    city = rng.choice(cities_by_country()[country])
    latitude = min(90.0, max(-90.0, round(city.latitude + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 5)))
    longitude = min(180.0, max(-180.0, round(city.longitude + rng.uniform(-JITTER_DEGREES, JITTER_DEGREES), 5)))
    return city, latitude, longitude


# Where suppliers of each category are, roughly as in an ICT vendor's spend: components and
# contract manufacturing concentrated in East and South-East Asia, software and services in
# North America, Europe and India. Every other country with cities in the table gets `_OTHER`.
_OTHER = 0.35
_SUPPLIER_WEIGHTS: dict[str, dict[str, float]] = {
    SupplierCategory.COMPONENTS: {
        "CN": 26, "TW": 10, "JP": 7, "KR": 6, "US": 7, "MY": 5, "VN": 4, "TH": 3, "DE": 4, "MX": 3, "IN": 3,
        "PH": 2, "SG": 2, "HU": 1.5, "PL": 1.5, "CZ": 1.2, "IT": 1, "FR": 1, "GB": 1, "IL": 1, "NL": 0.8,
        "SE": 0.8, "AT": 0.8, "CH": 0.8, "ID": 1, "BR": 0.8, "TR": 0.8, "RO": 0.6, "SK": 0.6,
    },
    SupplierCategory.MANUFACTURING: {
        "CN": 30, "TW": 6, "MY": 7, "VN": 6, "MX": 7, "TH": 4, "IN": 5, "HU": 3, "PL": 3, "CZ": 2, "US": 4,
        "BR": 2, "RO": 1.5, "SK": 1.5, "EE": 1, "SE": 1, "TR": 1.5, "ID": 1.5, "PH": 1.5, "SG": 1,
    },
    SupplierCategory.LOGISTICS: {
        "US": 8, "CN": 9, "DE": 6, "NL": 5, "SG": 4, "HK": 3, "AE": 3, "GB": 4, "BE": 2, "FR": 2, "JP": 2,
        "KR": 2, "IN": 3, "MY": 2, "PA": 1, "BR": 2, "MX": 2, "DK": 2, "ES": 1.5, "IT": 1.5, "TR": 1.5,
        "ZA": 1, "CH": 1,
    },
    SupplierCategory.SOFTWARE: {
        "US": 20, "IN": 12, "IL": 5, "DE": 5, "GB": 6, "FR": 3, "SE": 3, "FI": 3, "CA": 4, "IE": 2, "NL": 2,
        "CN": 4, "JP": 2, "KR": 2, "PL": 2, "UA": 2, "RO": 1.5, "EE": 1, "CH": 1.5, "ES": 1, "PT": 1,
        "CZ": 1, "BR": 1.5, "AU": 1, "SG": 1, "TW": 1,
    },
    SupplierCategory.CLOUD: {
        "US": 18, "IE": 5, "NL": 5, "DE": 6, "GB": 5, "SG": 4, "JP": 3, "IN": 6, "FR": 3, "SE": 2, "FI": 2,
        "AU": 2, "CA": 2, "BR": 2, "CN": 3, "AE": 1.5, "ZA": 1, "CH": 1.5, "HK": 1.5, "KR": 1.5,
    },
    SupplierCategory.PROFESSIONAL: {
        "US": 12, "GB": 8, "DE": 8, "FR": 5, "IN": 8, "SE": 3, "FI": 3, "NL": 3, "CH": 2, "ES": 2, "IT": 2,
        "CN": 3, "JP": 2, "SG": 2, "AU": 2, "CA": 2, "BR": 2, "MX": 1.5, "PL": 1.5, "IE": 1.5,
    },
}


@cache
def supplier_country_weights(category: str) -> tuple[tuple[str, ...], tuple[float, ...]]:
    overrides = _SUPPLIER_WEIGHTS[category]
    countries = tuple(cities_by_country())
    return countries, tuple(overrides.get(code, _OTHER) for code in countries)


# Where our own company works: headquarters and R&D in the Nordics, final assembly close to the
# big markets, distribution hubs, and our own data centres.
OWN_SITE_COUNTRIES: dict[str, tuple[str, ...]] = {
    "factory": ("SE", "EE", "CN", "IN", "MX", "BR", "HU", "PL", "US", "MY"),
    "warehouse": ("NL", "DE", "US", "SG", "AE", "CN", "BR", "IN", "PL", "MX"),
    "office": ("SE", "FI", "US", "IN", "CN", "DE", "GB", "FR", "CA", "JP", "KR", "IE", "PL", "ES"),
    "data_centre": ("SE", "FI", "IE", "US", "SG", "DE", "IN"),
    "port": ("NL", "SG", "CN"),
}

# Territories without an operator of their own (their networks belong to another country's).
_NO_MARKET = {
    "AQ", "BV", "HM", "TF", "UM", "IO", "GS", "PN", "CC", "CX", "NF", "TK", "NU", "WF", "SJ", "FK", "SH",
    "PM", "BL", "MF", "VA", "EH", "AX", "BQ", "SX", "CW", "MS", "AI", "VG", "TC", "KY", "BM", "GI", "GG",
    "JE", "IM", "FO", "GL", "MP", "GU", "AS", "VI", "PR", "NC", "PF", "RE", "YT", "GP", "MQ", "GF", "MO",
    "KP",
}
# Larger telecom markets get more customers (roughly by subscribers).
_MARKET_WEIGHTS = {
    "US": 14, "CN": 8, "IN": 10, "BR": 6, "ID": 5, "DE": 5, "GB": 5, "FR": 4, "JP": 4, "MX": 4, "IT": 3,
    "ES": 3, "TR": 3, "NG": 3, "PK": 3, "BD": 2.5, "PH": 2.5, "VN": 2.5, "EG": 2.5, "ZA": 2.5, "SA": 2.5,
    "CA": 2.5, "AU": 2.5, "KR": 2, "TH": 2, "MY": 2, "AR": 2, "CO": 2, "PL": 2, "SE": 2, "NL": 2, "KE": 2,
    "AE": 2, "CL": 1.5, "PE": 1.5, "RO": 1.5, "UA": 1.5, "MA": 1.5, "DZ": 1.5, "ET": 1.5, "GH": 1.5,
}


@cache
def population() -> dict[str, int]:
    """Inhabitants by ISO 3166-1 alpha-2 code (Natural Earth POP_EST)."""
    with POPULATION_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["country"]: int(row["population"]) for row in csv.DictReader(handle)}


@cache
def customer_markets() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """Countries with a known population (subscribers are bounded by it), weighted by market size."""
    markets = tuple(sorted(code for code in population()
                           if code not in _NO_MARKET and pycountry.countries.get(alpha_2=code)))
    return markets, tuple(_MARKET_WEIGHTS.get(code, 0.6) for code in markets)


_SHORT_NAMES = {"CD": "DR Congo", "KP": "North Korea", "KR": "South Korea"}


def country_name(code: str) -> str:
    """The name people use ("Iran", "DR Congo"), not the ISO's inverted form ("Iran, Islamic Republic of")."""
    if code in _SHORT_NAMES:
        return _SHORT_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    name = getattr(country, "common_name", None) or country.name
    return name.split(",")[0]


def spread_then_weighted(rng: random.Random, count: int, countries: tuple[str, ...], weights: tuple[float, ...]) -> list[str]:
    """`count` countries: every country once (in a seeded order) while there is room, then by weight.

    This guarantees the demo's breadth (60+ supplier countries, 170+ network countries) at full
    scale, while the bulk still follows the realistic weights.
    """
    spread = list(countries)
    rng.shuffle(spread)
    chosen = spread[:count]
    if count > len(chosen):
        chosen += rng.choices(countries, weights=weights, k=count - len(chosen))
    rng.shuffle(chosen)
    return chosen
