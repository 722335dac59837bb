from django.db import models


class TimeStampedModel(models.Model):
    """Every domain record knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    # Which fields the audit trail records as "before/after"; None = every concrete field.
    audit_fields: tuple[str, ...] | None = None

    def audit_label(self) -> str:
        return str(self)
