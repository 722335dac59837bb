"""Cell parsers: text in, a Python value out, or CellError with a message a person can act on."""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable
from typing import Any

from django.db.models import Choices

REQUIRED = "a value is required"
NOT_A_NUMBER = "{text!r} is not a number"
NOT_A_WHOLE_NUMBER = "{text!r} is not a whole number"
NEGATIVE = "{column} must not be negative (got {text})"
NOT_POSITIVE = "{column} must be greater than 0 (got {text})"
OUT_OF_RANGE = "{column} {text} is out of range ({low:g} to {high:g})"
TOO_LARGE = "{column} {text} is too large (at most {high})"
# The largest whole number a column stores (PositiveIntegerField / IntegerField on every database).
MAX_WHOLE = 2_147_483_647
NOT_A_CHOICE = "{text!r} is not one of: {choices}"
NOT_A_BOOLEAN = "{text!r} is not true or false (use true, false, yes, no, 1 or 0)"
NOT_A_DATE = "{text!r} is not a date (use YYYY-MM-DD)"

Parser = Callable[[str, str], Any]  # (text, column name) -> value


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def text(value: str, column: str) -> str:
    return value


def upper(value: str, column: str) -> str:
    return value.upper()


def lower(value: str, column: str) -> str:
    return value.lower()


def _float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise CellError(NOT_A_NUMBER.format(text=value)) from None
    if not math.isfinite(number):
        raise CellError(NOT_A_NUMBER.format(text=value))
    return number


def number(value: str, column: str) -> float:
    return _float(value)


def non_negative(value: str, column: str) -> float:
    result = _float(value)
    if result < 0:
        raise CellError(NEGATIVE.format(column=column, text=value))
    return result


def positive(value: str, column: str) -> float:
    result = _float(value)
    if result <= 0:
        raise CellError(NOT_POSITIVE.format(column=column, text=value))
    return result


def money_digits(max_digits: int) -> Parser:
    """An amount with two decimals for a DecimalField of `max_digits` digits: "1e308" or a number
    with more whole digits than the column holds is a row error, never a decimal.InvalidOperation."""
    limit = decimal.Decimal(10) ** (max_digits - 2)

    def parse(value: str, column: str) -> decimal.Decimal:
        result = _float(value)  # the same message for "12,5" and "abc", and no NaN/Infinity decimals
        if result < 0:
            raise CellError(NEGATIVE.format(column=column, text=value))
        amount = decimal.Decimal(value)
        if amount >= limit:
            raise CellError(TOO_LARGE.format(column=column, text=value, high=f"{limit - decimal.Decimal('0.01'):f}"))
        return amount.quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP)

    return parse


money = money_digits(14)  # DecimalField(max_digits=14, decimal_places=2), the usual amount column


def whole(value: str, column: str) -> int:
    result = _float(value)
    if not result.is_integer():
        raise CellError(NOT_A_WHOLE_NUMBER.format(text=value))
    if result < 0:
        raise CellError(NEGATIVE.format(column=column, text=value))
    if result > MAX_WHOLE:
        raise CellError(TOO_LARGE.format(column=column, text=value, high=MAX_WHOLE))
    return int(result)


def in_range(low: float, high: float) -> Parser:
    def parse(value: str, column: str) -> float:
        result = _float(value)
        if not low <= result <= high:
            raise CellError(OUT_OF_RANGE.format(column=column, text=value, low=low, high=high))
        return result

    return parse


def choice(choices: type[Choices]) -> Parser:
    """Accept a choice's value or its label, any case ("Data centre" or "data_centre")."""
    lookup: dict[str, Any] = {}
    for value, label in choices.choices:
        lookup[str(value).lower()] = value
        lookup[str(label).lower()] = value
    listed = ", ".join(str(v) for v in choices.values)

    def parse(value: str, column: str) -> Any:
        found = lookup.get(value.strip().lower())
        if found is None:
            raise CellError(NOT_A_CHOICE.format(text=value, choices=listed))
        return found

    return parse


_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}


def boolean(value: str, column: str) -> bool:
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise CellError(NOT_A_BOOLEAN.format(text=value))


def date(value: str, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value[:10] if len(value) > 10 and value[10] in "T " else value)
    except ValueError:
        raise CellError(NOT_A_DATE.format(text=value)) from None
