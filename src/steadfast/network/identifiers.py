"""Supplier identifiers: LEI check digits (ISO 17442, ISO 7064 MOD 97-10)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

LEI_PATTERN = re.compile(r"^[A-Z0-9]{18}[0-9]{2}$")


def lei_is_valid(value: str) -> bool:
    if not LEI_PATTERN.match(value):
        return False
    digits = "".join(str(int(ch, 36)) for ch in value)
    return int(digits) % 97 == 1


def lei_check_digits(base18: str) -> str:
    """The two check digits that complete an 18-character LEI prefix."""
    digits = "".join(str(int(ch, 36)) for ch in base18.upper() + "00")
    return f"{98 - int(digits) % 97:02d}"


def validate_lei(value: str) -> None:
    if value and not lei_is_valid(value):
        raise ValidationError(f"{value!r} is not a valid LEI (20 characters, ISO 17442 check digits)", code="lei")
