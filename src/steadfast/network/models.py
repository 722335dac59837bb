"""The business map. (Supplier and Customer first: accounts are scoped to them.)"""

from django.db import models
from django.db.models import Q

from steadfast.core.models import TimeStampedModel
from steadfast.core.validators import COUNTRY_CODES, validate_country


class Supplier(TimeStampedModel):
    ref = models.CharField(max_length=64, unique=True)
    legal_name = models.CharField(max_length=255)
    country = models.CharField(max_length=2, validators=[validate_country], db_index=True)

    class Meta:
        ordering = ["ref"]
        constraints = [models.CheckConstraint(name="supplier_country_iso", condition=Q(country__in=COUNTRY_CODES))]

    def __str__(self) -> str:
        return f"{self.legal_name} ({self.ref})"


class Customer(TimeStampedModel):
    ref = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=255)
    country = models.CharField(max_length=2, validators=[validate_country], db_index=True)

    class Meta:
        ordering = ["ref"]
        constraints = [models.CheckConstraint(name="customer_country_iso", condition=Q(country__in=COUNTRY_CODES))]

    def __str__(self) -> str:
        return f"{self.name} ({self.ref})"
