from django.db import models
from django.db.models import Q


def choice_check(name: str, field: str, choices: type[models.Choices]) -> models.CheckConstraint:
    """The column holds one of the enumeration's values, enforced by the database."""
    return models.CheckConstraint(name=name, condition=Q(**{f"{field}__in": [c.value for c in choices]}))


def positive(name: str, field: str, *, nullable: bool = False) -> models.CheckConstraint:
    condition = Q(**{f"{field}__gt": 0})
    if nullable:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(name=name, condition=condition)


class Hazard(models.TextChoices):
    EARTHQUAKE = "earthquake", "Earthquake"
    FLOOD = "flood", "Flood"
    STORM = "storm", "Storm"
    CONFLICT = "conflict", "Conflict"
    EPIDEMIC = "epidemic", "Epidemic"
    CYBER = "cyber", "Cyber attack"
    POWER = "power", "Power outage"
    SUPPLIER_FAILURE = "supplier_failure", "Supplier failure"
