"""Validators shared by domain models: ISO codes and identifiers, checked with pycountry."""

from __future__ import annotations

import pycountry
from django.core.exceptions import ValidationError

COUNTRY_CODES: tuple[str, ...] = tuple(sorted(c.alpha_2 for c in pycountry.countries))


def validate_country(value: str) -> None:
    if value not in COUNTRY_CODES:
        raise ValidationError(f"{value!r} is not an ISO 3166-1 alpha-2 country code", code="country")


def validate_subdivision(value: str) -> None:
    if value and pycountry.subdivisions.get(code=value) is None:
        raise ValidationError(f"{value!r} is not an ISO 3166-2 subdivision code", code="subdivision")


def country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code
