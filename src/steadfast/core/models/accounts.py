from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse

from steadfast.core.roles import Role


class User(AbstractUser):
    """A person. The role decides what they may do; supplier/customer narrow what they may see."""

    role = models.CharField(max_length=32, choices=Role.choices, default=Role.AUDITOR, db_index=True)
    supplier = models.ForeignKey(
        "network.Supplier", null=True, blank=True, on_delete=models.PROTECT, related_name="respondents"
    )
    customer = models.ForeignKey(
        "network.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="viewers"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="user_role_valid", condition=Q(role__in=[choice.value for choice in Role])
            ),
            # A supplier respondent is tied to exactly one supplier, a customer viewer to one
            # customer, and nobody else carries either scope.
            models.CheckConstraint(
                name="user_supplier_scope",
                condition=(Q(role=Role.SUPPLIER_RESPONDENT) & Q(supplier__isnull=False))
                | (~Q(role=Role.SUPPLIER_RESPONDENT) & Q(supplier__isnull=True)),
            ),
            models.CheckConstraint(
                name="user_customer_scope",
                condition=(Q(role=Role.CUSTOMER_VIEWER) & Q(customer__isnull=False))
                | (~Q(role=Role.CUSTOMER_VIEWER) & Q(customer__isnull=True)),
            ),
        ]

    audit_fields = ("username", "email", "first_name", "last_name", "role", "supplier_id", "customer_id", "is_active")

    def audit_label(self) -> str:
        return self.username

    @property
    def role_label(self) -> str:
        return Role(self.role).label

    def get_absolute_url(self) -> str:
        return reverse("core:user", args=[self.pk])


class RoleSettings(models.Model):
    """Per-role settings an administrator can change, such as requiring two-factor sign-in."""

    role = models.CharField(max_length=32, choices=Role.choices, unique=True)
    require_two_factor = models.BooleanField(default=False)

    audit_fields = ("role", "require_two_factor")

    def __str__(self) -> str:
        return f"{Role(self.role).label} settings"

    def audit_label(self) -> str:
        return str(self)
