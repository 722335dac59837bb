"""Validators shared by domain models and the edges: ISO codes and identifiers (pycountry), and
control characters in text from API bodies, forms and imports."""

from __future__ import annotations

import functools
import unicodedata

import pycountry
import regex
from django.core.exceptions import ValidationError
from django.db import models

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


# --- control characters at the edge (issue 16) ----------------------------------------------------
# Unicode Cc (C0/C1 controls: NUL, BEL, ESC, CR, NEL...) and Cf (format characters: the bidi
# overrides U+202A-U+202E and U+2066-U+2069 that make "exe.pdf" read as "fdp.exe", zero-width
# spaces, soft hyphens, a stray byte-order mark). Allowed: tab, and in text that may span lines a
# newline (also as CRLF, as browsers send a textarea); and zero-width (non-)joiners U+200C/U+200D,
# which Persian, Arabic, Indic scripts and emoji sequences need inside words.
_ALWAYS_FORBIDDEN = regex.compile(r"[[\p{Cc}\p{Cf}]--[\t\n\r\u200c\u200d]]", regex.V1)
_SINGLE_LINE_FORBIDDEN = regex.compile(r"[\n\r]")
_LONE_CR = regex.compile(r"\r(?!\n)")


def control_character(value: str, *, multiline: bool = False) -> str | None:
    """Why `value` may not be stored (the first forbidden character and where it is), or None."""
    if value.isprintable():  # the common case, in C: no Cc/Cf (nor Zl/Zp/Cs/Co/Cn) at all
        return None
    found = _ALWAYS_FORBIDDEN.search(value)
    if found is None:
        found = _SINGLE_LINE_FORBIDDEN.search(value) if not multiline else _LONE_CR.search(value)
    if found is None:
        return None
    char = found.group()
    name = unicodedata.name(char, "") or {"\x00": "NULL", "\x07": "BELL", "\n": "LINE FEED", "\r": "CARRIAGE RETURN",
                                          "\x1b": "ESCAPE", "\x7f": "DELETE"}.get(char, "CONTROL CHARACTER")
    where = f"at position {found.start() + 1}"
    if char in "\n\r":
        return f"must be a single line: it contains a line break (U+{ord(char):04X} {name}) {where}"
    return f"contains the control character U+{ord(char):04X} {name} {where}; remove it"


def validate_single_line(value: str) -> None:
    """Django validator: no control characters, no line breaks (tab allowed)."""
    problem = control_character(value) if isinstance(value, str) else None
    if problem:
        raise ValidationError(f"This value {problem}.", code="control_character")


def validate_multiline_text(value: str) -> None:
    """Django validator for text that may span lines: no control characters but tab and newline."""
    problem = control_character(value, multiline=True) if isinstance(value, str) else None
    if problem:
        raise ValidationError(f"This value {problem}.", code="control_character")


@functools.cache
def multiline_field_names() -> frozenset[str]:
    """Names of fields that hold text spanning lines: every TextField of the project's models. A
    request body or form field of such a name may carry newlines; any other text is one line."""
    from django.apps import apps

    return frozenset(field.name for model in apps.get_models() if model.__module__.startswith("steadfast.")
                     for field in model._meta.get_fields() if isinstance(field, models.TextField))
