"""International transfers of personal data (GDPR Chapter V), adequacy decisions and TIAs."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from steadfast.core.models import TimeStampedModel
from steadfast.core.validators import COUNTRY_CODES, validate_country
from steadfast.network.models import ref_validator
from steadfast.privacy.models.choices import TiaOutcome, TransferMechanism, values


class AdequacyDecision(models.Model):
    """An Art. 45 adequacy decision, loaded from data (privacy/data/adequacy.csv), not code."""

    country = models.CharField(max_length=2, unique=True, validators=[validate_country])
    decided_on = models.DateField()
    reference = models.CharField(max_length=200, help_text="the Commission decision")
    scope = models.CharField(max_length=255, blank=True, help_text="partial adequacy: what it covers")
    source_note = models.CharField(max_length=500)
    revoked_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["country"]
        constraints = [
            models.CheckConstraint(name="adequacy_country_iso", condition=Q(country__in=COUNTRY_CODES)),
            models.CheckConstraint(name="adequacy_revoked_after_decision",
                                   condition=Q(revoked_on__isnull=True) | Q(revoked_on__gt=F("decided_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.reference}"


class Transfer(TimeStampedModel):
    """One flow of personal data from the EEA to a third country."""

    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    activity = models.ForeignKey("privacy.ProcessingActivity", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="transfers")
    dpa = models.ForeignKey("privacy.Dpa", null=True, blank=True, on_delete=models.PROTECT, related_name="transfers")
    recipient = models.ForeignKey("network.Supplier", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="privacy_transfers")
    recipient_name = models.CharField(max_length=255, blank=True, help_text="when the recipient is not on the map")
    origin_country = models.CharField(max_length=2, validators=[validate_country])
    destination_country = models.CharField(max_length=2, validators=[validate_country], db_index=True)
    mechanism = models.CharField(max_length=12, choices=TransferMechanism.choices, db_index=True)
    data_description = models.CharField(max_length=500, blank=True)
    derogation = models.CharField(max_length=255, blank=True, help_text="for Art. 49: which derogation and why")

    class Meta:
        ordering = ["ref"]
        constraints = [
            models.CheckConstraint(name="transfer_origin_iso", condition=Q(origin_country__in=COUNTRY_CODES)),
            models.CheckConstraint(name="transfer_destination_iso", condition=Q(destination_country__in=COUNTRY_CODES)),
            models.CheckConstraint(name="transfer_mechanism_valid", condition=Q(mechanism__in=values(TransferMechanism))),
            models.CheckConstraint(name="transfer_recipient_named", condition=Q(recipient__isnull=False) | ~Q(recipient_name="")),
            models.CheckConstraint(name="transfer_derogation_explained",
                                   condition=~Q(mechanism=TransferMechanism.DEROGATION) | ~Q(derogation="")),
        ]

    def __str__(self) -> str:
        return self.ref

    def get_absolute_url(self) -> str:
        return reverse("privacy:transfer", args=[self.pk])


class TransferImpactAssessment(TimeStampedModel):
    transfer = models.ForeignKey(Transfer, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    destination_law = models.TextField(help_text="the law and practice of the destination that may impinge")
    supplementary_measures = models.TextField(blank=True)
    outcome = models.CharField(max_length=24, choices=TiaOutcome.choices)
    next_review_on = models.DateField()

    class Meta:
        ordering = ["transfer", "-assessed_on"]
        constraints = [
            models.CheckConstraint(name="tia_outcome_valid", condition=Q(outcome__in=values(TiaOutcome))),
            models.CheckConstraint(name="tia_review_after_assessment", condition=Q(next_review_on__gt=F("assessed_on"))),
        ]

    def __str__(self) -> str:
        return f"TIA {self.transfer_id} {self.assessed_on}"
