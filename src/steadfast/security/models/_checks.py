from django.db import models
from django.db.models import Q


def choice_check(name: str, field: str, choices: type[models.Choices]) -> models.CheckConstraint:
    """The column holds one of the enumeration's values, enforced by the database."""
    return models.CheckConstraint(name=name, condition=Q(**{f"{field}__in": [c.value for c in choices]}))


def range_check(name: str, field: str, low, high, *, nullable: bool = False) -> models.CheckConstraint:
    condition = Q(**{f"{field}__gte": low, f"{field}__lte": high})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(name=name, condition=condition)
