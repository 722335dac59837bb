"""Money for people: amounts in the currency that STEADFAST_CURRENCY names (ISO 4217), formatted by
Babel from CLDR (the currency's symbol, thousands separators, its minor units) in the site's language.

Amounts are stored without a currency (revenue, margin, unit cost): the whole installation keeps its
books in one. Pages use the template filters in `core/templatetags/money.py`; chart axes and table
headers name the currency with `currency_label`; CSV/XLSX exports keep raw numbers and put the code
in the column header.
"""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from django.conf import settings
from django.utils.translation import to_locale

MISSING = "—"  # what every page shows for a value it does not have


def currency() -> str:
    """The ISO 4217 code money is shown in (validated at start-up)."""
    return settings.STEADFAST_CURRENCY


def currency_label(what: str) -> str:
    """A header or axis title for money: "annual revenue (EUR)"."""
    return f"{what} ({currency()})"


def with_currency(headers, money_columns) -> list[str]:
    """Export headers with the currency named on the money columns ("Revenue exposed (EUR)"; a
    snake_case key gets a suffix, "annual_revenue_eur"): the cells stay raw numbers."""
    code = currency()
    return [(f"{h}_{code.lower()}" if h.islower() and " " not in h else f"{h} ({code})") if h in money_columns else h
            for h in headers]


@lru_cache(maxsize=8)
def _locale(language_code: str):
    from babel import Locale

    return Locale.parse(to_locale(language_code))


@lru_cache(maxsize=8)
def _whole_units_pattern(language_code: str):
    """The locale's currency pattern ("¤#,##0.00") without the fraction: large figures read best whole."""
    pattern = copy.copy(_locale(language_code).currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern


def _number(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def format_money(value, *, exact: bool = False) -> str:
    """€48,912,300 (whole units, the default); with `exact`, in the currency's minor units (€12.50,
    US$12.50, JP¥13: the yen has none). None or a non-number → "—"."""
    number = _number(value)
    if number is None:
        return MISSING
    from babel.numbers import format_currency, get_currency_precision

    # Rounded half up here (Babel rounds half to even: 0.5 would show as 0).
    digits = get_currency_precision(currency()) if exact else 0
    number = number.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    locale = _locale(settings.LANGUAGE_CODE)
    if exact:
        return format_currency(number, currency(), locale=locale)
    return _whole_units_pattern(settings.LANGUAGE_CODE).apply(number, locale, currency=currency(), currency_digits=False)


def format_money_compact(value) -> str:
    """€48.9m, US$1.2bn, €950: one decimal of the locale's short scale, for tiles and narrow columns."""
    number = _number(value)
    if number is None:
        return MISSING
    from babel.numbers import format_compact_currency

    return format_compact_currency(number, currency(), locale=_locale(settings.LANGUAGE_CODE), fraction_digits=1)
