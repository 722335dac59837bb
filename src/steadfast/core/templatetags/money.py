"""`{{ value|money }}` → "€48,912,300", `{{ value|money:"exact" }}` → "€12.50" (the currency's minor
units), `{{ value|money_compact }}` → "€48.9m", `{% currency %}` → "EUR" for headers. The currency is
STEADFAST_CURRENCY; see steadfast.core.money."""

from __future__ import annotations

from django import template

from steadfast.core.money import currency as currency_code
from steadfast.core.money import format_money, format_money_compact

register = template.Library()


@register.filter
def money(value, precision: str = "") -> str:
    if precision not in ("", "exact"):
        raise template.TemplateSyntaxError(f'money takes no argument or "exact", not {precision!r}')
    return format_money(value, exact=precision == "exact")


@register.filter
def money_compact(value) -> str:
    return format_money_compact(value)


@register.simple_tag
def currency() -> str:
    return currency_code()
