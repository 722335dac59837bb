"""Validation helpers shared by the privacy services."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from steadfast.core.validators import COUNTRY_CODES


def country_list(value, *, field: str) -> list[str]:
    codes = [str(code).strip().upper() for code in (value or []) if str(code).strip()]
    unknown = [code for code in codes if code not in COUNTRY_CODES]
    if unknown:
        raise ValidationError({field: f"unknown country code(s) {', '.join(unknown)}; use ISO 3166-1 alpha-2"})
    return sorted(set(codes))


def choice_list(value, *, field: str, choices) -> list[str]:
    allowed = {c.value for c in choices}
    items = [str(v).strip() for v in (value or []) if str(v).strip()]
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise ValidationError({field: f"unknown value(s) {', '.join(unknown)}; choose from {', '.join(sorted(allowed))}"})
    return sorted(set(items))
