"""Signed publications of figures: immutable once stored; a correction names what it supersedes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q


class Publication(models.Model):
    """A frozen, signed snapshot of the figures for a period (docs/transparency.md).

    `snapshot` is the signed JSON; `sha256` is SHA-256 of its RFC 8785 canonical bytes (what the
    signature covers); `record_ids` keeps, per figure, the ids the Merkle root was computed over, so
    that inclusion proofs can be given later. Rows are never updated or deleted.
    """

    period_label = models.CharField(max_length=32, db_index=True)
    period_start = models.DateField()
    period_end = models.DateField()
    snapshot = models.JSONField()
    sha256 = models.CharField(max_length=64, unique=True)
    signature = models.CharField(max_length=100)
    public_key = models.CharField(max_length=60)
    record_ids = models.JSONField(default=dict)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    supersedes = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="superseded_by")
    correction_note = models.TextField(blank=True)

    audit_fields = ("period_label", "sha256", "supersedes_id")

    class Meta:
        ordering = ("-period_end", "-published_at", "-pk")
        constraints = [
            models.CheckConstraint(name="publication_period_ordered", condition=Q(period_end__gte=F("period_start"))),
            models.CheckConstraint(name="publication_not_self_superseding", condition=~Q(supersedes=F("pk"))),
            models.CheckConstraint(name="publication_correction_explained",
                                   condition=Q(supersedes__isnull=True) | ~Q(correction_note="")),
            models.CheckConstraint(name="publication_sha256_hex", condition=Q(sha256__regex=r"^[0-9a-f]{64}$")),
        ]

    def __str__(self) -> str:
        return f"publication {self.period_label} {self.sha256[:12]}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValueError("a publication is immutable: publish a correction that supersedes it")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("a publication is immutable and is never deleted")

    def document(self) -> dict:
        """The file a reader verifies: {"snapshot", "signature", "public_key"}."""
        return {"snapshot": self.snapshot, "signature": self.signature, "public_key": self.public_key}
