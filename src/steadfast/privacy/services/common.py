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


def split_refs(value) -> list[str]:
    """A list, or a text of refs separated by commas, semicolons or line breaks."""
    if isinstance(value, str):
        value = value.replace(";", ",").replace("\n", ",").split(",")
    return list(dict.fromkeys(str(v).strip() for v in (value or []) if str(v).strip()))



def resolve_many(model, value, *, field: str, key: str = "ref", queryset=None) -> list:
    """The objects named by `value`: a text of `key` values separated by commas, or a list of model
    instances, primary keys (int) or `key` values. An unknown one is refused with a message naming
    the field and the values, so nothing changes."""
    entries = split_refs(value) if isinstance(value, str) else list(value or [])
    qs = queryset if queryset is not None else model.objects.all()
    ids = [e for e in entries if isinstance(e, int) and not isinstance(e, bool)]
    keys = [str(e).strip() for e in entries if not isinstance(e, (int, model)) and str(e).strip()]
    by_id = {obj.pk: obj for obj in qs.filter(pk__in=ids)} if ids else {}
    by_key = {getattr(obj, key): obj for obj in qs.filter(**{f"{key}__in": keys})} if keys else {}
    unknown = [str(e) for e in ids if e not in by_id] + [k for k in keys if k not in by_key]
    if unknown:
        shown = ", ".join(unknown[:10]) + (f" and {len(unknown) - 10} more" if len(unknown) > 10 else "")
        raise ValidationError({field: f"unknown {model._meta.verbose_name}(s): {shown}"})
    result = []
    for entry in entries:
        obj = entry if isinstance(entry, model) else by_id.get(entry) if isinstance(entry, int) else by_key.get(str(entry).strip())
        if obj is not None and obj not in result:
            result.append(obj)
    return result
