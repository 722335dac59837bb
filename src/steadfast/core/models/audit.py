from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One link of the tamper-evident chain; see docs/audit.md for the hashing algorithm."""

    seq = models.BigIntegerField(unique=True)
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    verb = models.CharField(max_length=32, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, db_index=True)
    object_label = models.CharField(max_length=255)
    changes = models.JSONField(default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["seq"]
        constraints = [models.CheckConstraint(name="audit_seq_positive", condition=models.Q(seq__gte=1))]

    def __str__(self) -> str:
        return f"#{self.seq} {self.verb} {self.object_type}:{self.object_id}"


class AuditHead(models.Model):
    """A single row holding the chain's tip: it serialises writers and exposes truncation."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(name="audit_head_singleton", condition=models.Q(id=1))]

    def __str__(self) -> str:
        return f"audit head #{self.seq}"
