"""Writes for regulator accounts: the countries each oversees (audited)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from steadfast.core.roles import Role
from steadfast.core.services import crud
from steadfast.transparency.models import RegulatorCountry


def assign_country(*, actor, user, country: str, authority: str = "") -> RegulatorCountry:
    if user.role != Role.REGULATOR:
        raise ValidationError({"user": f"{user} is not a regulator account; only regulators oversee countries."})
    country = country.strip().upper()
    if RegulatorCountry.objects.filter(user=user, country=country).exists():
        raise ValidationError({"country": f"{user} already oversees {country}."})
    return crud.create(actor=actor, model=RegulatorCountry, user=user, country=country, authority=authority.strip())


def remove_country(*, actor, assignment: RegulatorCountry) -> None:
    crud.delete(actor=actor, instance=assignment)
