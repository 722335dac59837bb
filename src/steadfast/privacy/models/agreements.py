"""Data processing agreements, their templates, document versions and the Art. 28 findings."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from steadfast.core.models import TimeStampedModel
from steadfast.network.models import ref_validator
from steadfast.privacy.checklist.rules import CLAUSE_KEYS
from steadfast.privacy.models.choices import (
    SIGNED_STATUSES,
    DocumentKind,
    DocumentPurpose,
    DpaStatus,
    FindingStatus,
    Relationship,
    ReturnOrDelete,
    SubprocessorAuthorisation,
    SubprocessorStatus,
    TemplateKind,
    values,
)

SHA256_HEX = r"^[0-9a-f]{64}$"


class DpaTemplate(TimeStampedModel):
    code = models.CharField(max_length=64, validators=[ref_validator])
    version = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=16, choices=TemplateKind.choices, default=TemplateKind.OWN)
    body = models.TextField(help_text="the agreement text sent to suppliers")

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(name="dpa_template_code_version_unique", fields=["code", "version"]),
            models.CheckConstraint(name="dpa_template_kind_valid", condition=Q(kind__in=values(TemplateKind))),
            models.CheckConstraint(name="dpa_template_version_positive", condition=Q(version__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Dpa(TimeStampedModel):
    Status = DpaStatus

    ref = models.CharField(max_length=64, unique=True, validators=[ref_validator])
    supplier = models.ForeignKey("network.Supplier", on_delete=models.PROTECT, related_name="dpas")
    relationship = models.CharField(max_length=24, choices=Relationship.choices,
                                    default=Relationship.CONTROLLER_PROCESSOR)
    template = models.ForeignKey(DpaTemplate, null=True, blank=True, on_delete=models.PROTECT, related_name="dpas")
    status = models.CharField(max_length=12, choices=DpaStatus.choices, default=DpaStatus.DRAFT, db_index=True)
    signed_on = models.DateField(null=True, blank=True)
    effective_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True, db_index=True)
    auto_renews = models.BooleanField(default=False)
    renewal_months = models.PositiveSmallIntegerField(default=12, validators=[MinValueValidator(1), MaxValueValidator(120)])
    breach_notice_hours = models.PositiveSmallIntegerField(
        default=48, validators=[MinValueValidator(1), MaxValueValidator(720)],
        help_text="hours the processor has to notify us of a personal-data breach (Art. 33(2))")
    subprocessor_authorisation = models.CharField(max_length=10, choices=SubprocessorAuthorisation.choices,
                                                  default=SubprocessorAuthorisation.GENERAL)
    objection_window_days = models.PositiveSmallIntegerField(null=True, blank=True,
                                                             validators=[MinValueValidator(1), MaxValueValidator(180)])
    audit_rights = models.BooleanField(default=True)
    return_or_delete = models.CharField(max_length=20, choices=ReturnOrDelete.choices,
                                        default=ReturnOrDelete.CONTROLLER_CHOICE)
    terminated_on = models.DateField(null=True, blank=True)
    current_document = models.ForeignKey("privacy.DpaDocument", null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")
    reminded_90_on = models.DateField(null=True, blank=True)
    reminded_30_on = models.DateField(null=True, blank=True)
    contracts = models.ManyToManyField("network.Contract", blank=True, related_name="dpas")
    activities = models.ManyToManyField("privacy.ProcessingActivity", blank=True, related_name="dpas")
    notes = models.TextField(blank=True)

    audit_fields = ("ref", "supplier_id", "relationship", "template_id", "status", "signed_on", "effective_on",
                    "expires_on", "auto_renews", "renewal_months", "breach_notice_hours",
                    "subprocessor_authorisation", "objection_window_days", "audit_rights", "return_or_delete",
                    "terminated_on", "current_document_id", "notes")

    class Meta:
        ordering = ["ref"]
        verbose_name = "data processing agreement"
        constraints = [
            models.CheckConstraint(name="dpa_status_valid", condition=Q(status__in=values(DpaStatus))),
            models.CheckConstraint(name="dpa_relationship_valid", condition=Q(relationship__in=values(Relationship))),
            models.CheckConstraint(name="dpa_return_or_delete_valid",
                                   condition=Q(return_or_delete__in=values(ReturnOrDelete))),
            models.CheckConstraint(name="dpa_authorisation_valid",
                                   condition=Q(subprocessor_authorisation__in=values(SubprocessorAuthorisation))),
            models.CheckConstraint(name="dpa_breach_hours_range",
                                   condition=Q(breach_notice_hours__gte=1, breach_notice_hours__lte=720)),
            models.CheckConstraint(name="dpa_expiry_after_signing",
                                   condition=Q(expires_on__isnull=True) | Q(signed_on__isnull=True)
                                   | Q(expires_on__gt=F("signed_on"))),
            models.CheckConstraint(name="dpa_effective_not_before_signing",
                                   condition=Q(effective_on__isnull=True) | Q(signed_on__isnull=True)
                                   | Q(effective_on__gte=F("signed_on"))),
            models.CheckConstraint(name="dpa_signed_has_date",
                                   condition=~Q(status__in=values(SIGNED_STATUSES)) | Q(signed_on__isnull=False)),
            models.CheckConstraint(name="dpa_terminated_has_date",
                                   condition=~Q(status=DpaStatus.TERMINATED) | Q(terminated_on__isnull=False)),
            # General authorisation (Art. 28(2)) only works with a window in which we can object.
            models.CheckConstraint(name="dpa_general_authorisation_window",
                                   condition=~Q(subprocessor_authorisation=SubprocessorAuthorisation.GENERAL)
                                   | Q(objection_window_days__isnull=False)),
        ]
        indexes = [models.Index(fields=["supplier", "status"]), models.Index(fields=["status", "expires_on"])]

    def __str__(self) -> str:
        return self.ref

    def audit_label(self) -> str:
        return f"{self.ref} ({self.supplier_id})"

    def get_absolute_url(self) -> str:
        return reverse("privacy:dpa", args=[self.pk])


def document_path(instance: DpaDocument, filename: str) -> str:
    return f"privacy/dpas/{instance.dpa_id}/{instance.version}-{instance.sha256}.{instance.kind if instance.kind != 'text' else 'txt'}"


class DpaDocument(models.Model):
    """One version of an agreement's document. Files are immutable: a change is a new version."""

    dpa = models.ForeignKey(Dpa, on_delete=models.CASCADE, related_name="documents")
    version = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    purpose = models.CharField(max_length=12, choices=DocumentPurpose.choices, default=DocumentPurpose.UPLOAD)
    kind = models.CharField(max_length=8, choices=DocumentKind.choices)
    file = models.FileField(upload_to=document_path, max_length=255)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    text = models.TextField(help_text="the text extracted from the file, as the checklist read it")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField()
    # How many of the eleven clauses are present, a person's decisions included; kept by the services
    # that write findings, so that the register's lists filter and sort on it without counting rows.
    clauses_present = models.PositiveSmallIntegerField(default=0)

    audit_fields = ("dpa_id", "version", "purpose", "kind", "original_name", "size", "sha256", "uploaded_by_id",
                    "clauses_present")

    class Meta:
        ordering = ["dpa", "-version"]
        constraints = [
            models.UniqueConstraint(name="dpa_document_version_unique", fields=["dpa", "version"]),
            models.CheckConstraint(name="dpa_document_kind_valid", condition=Q(kind__in=values(DocumentKind))),
            models.CheckConstraint(name="dpa_document_purpose_valid", condition=Q(purpose__in=values(DocumentPurpose))),
            models.CheckConstraint(name="dpa_document_sha256_hex", condition=Q(sha256__regex=SHA256_HEX)),
            models.CheckConstraint(name="dpa_document_size_positive", condition=Q(size__gt=0)),
            models.CheckConstraint(name="dpa_document_version_positive", condition=Q(version__gte=1)),
            models.CheckConstraint(name="dpa_document_clauses_range", condition=Q(clauses_present__lte=11)),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"


class ClauseFinding(models.Model):
    """One Art. 28 clause in one document version: what the rules found, and a person's word on it."""

    document = models.ForeignKey(DpaDocument, on_delete=models.CASCADE, related_name="findings")
    clause = models.CharField(max_length=16, choices=[(k, k) for k in CLAUSE_KEYS])
    found = models.CharField(max_length=12, choices=FindingStatus.choices)
    passage = models.TextField(blank=True)
    passage_start = models.PositiveIntegerField(null=True, blank=True)
    passage_end = models.PositiveIntegerField(null=True, blank=True)
    confirmed = models.CharField(max_length=12, choices=FindingStatus.choices, blank=True,
                                 help_text="a person's decision, overriding the rules")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmation_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["document", "clause"]
        constraints = [
            models.UniqueConstraint(name="clause_finding_unique", fields=["document", "clause"]),
            models.CheckConstraint(name="clause_finding_clause_valid", condition=Q(clause__in=list(CLAUSE_KEYS))),
            models.CheckConstraint(name="clause_finding_found_valid", condition=Q(found__in=values(FindingStatus))),
            models.CheckConstraint(name="clause_finding_confirmed_valid",
                                   condition=Q(confirmed="") | Q(confirmed__in=values(FindingStatus))),
            models.CheckConstraint(name="clause_finding_passage_span",
                                   condition=Q(passage_start__isnull=True) | Q(passage_end__gte=F("passage_start"))),
            models.CheckConstraint(name="clause_finding_confirmation_complete",
                                   condition=Q(confirmed="") | Q(confirmed_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.clause}: {self.status}"

    def audit_label(self) -> str:
        return f"Art. {self.clause} in document {self.document_id}"

    @property
    def status(self) -> str:
        return self.confirmed or self.found


class DpaAcceptance(models.Model):
    """A supplier's acceptance of one exact document version (who, when, from where, which bytes)."""

    dpa = models.ForeignKey(Dpa, on_delete=models.CASCADE, related_name="acceptances")
    document = models.ForeignKey(DpaDocument, on_delete=models.PROTECT, related_name="acceptances")
    sha256 = models.CharField("SHA-256 accepted", max_length=64)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    signatory_name = models.CharField(max_length=200)
    signatory_title = models.CharField(max_length=200, blank=True)
    signatory_email = models.EmailField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    accepted_at = models.DateTimeField()
    via_link = models.ForeignKey("privacy.SigningLink", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", help_text="accepted through a single-use link, not an account")

    class Meta:
        ordering = ["-accepted_at"]
        constraints = [
            models.CheckConstraint(name="dpa_acceptance_sha256_hex", condition=Q(sha256__regex=SHA256_HEX)),
        ]

    def __str__(self) -> str:
        return f"{self.signatory_name} accepted {self.sha256[:12]}"


class SubProcessor(TimeStampedModel):
    """A processor engaged by the supplier under a DPA: on the map (supplier) or named outside it."""

    dpa = models.ForeignKey(Dpa, on_delete=models.CASCADE, related_name="subprocessors")
    supplier = models.ForeignKey("network.Supplier", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="subprocessor_of")
    name = models.CharField(max_length=255, blank=True, help_text="when the sub-processor is not on the map")
    service = models.CharField(max_length=255)
    countries = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=SubprocessorStatus.choices, default=SubprocessorStatus.AUTHORISED)
    announced_on = models.DateField(null=True, blank=True)
    objection_deadline = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["dpa", "name"]
        constraints = [
            models.CheckConstraint(name="subprocessor_named", condition=Q(supplier__isnull=False) | ~Q(name="")),
            models.CheckConstraint(name="subprocessor_status_valid",
                                   condition=Q(status__in=values(SubprocessorStatus))),
            models.CheckConstraint(name="subprocessor_deadline_after_notice",
                                   condition=Q(objection_deadline__isnull=True) | Q(announced_on__isnull=True)
                                   | Q(objection_deadline__gte=F("announced_on"))),
            models.CheckConstraint(name="subprocessor_proposed_has_deadline",
                                   condition=~Q(status=SubprocessorStatus.PROPOSED) | Q(objection_deadline__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.name or str(self.supplier)


class SigningLink(models.Model):
    """A single-use, expiring link that lets a supplier's signatory without an account accept one
    DPA. Only the SHA-256 of the secret is stored."""

    dpa = models.ForeignKey(Dpa, on_delete=models.CASCADE, related_name="signing_links")
    token_sha256 = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="signing_link_expires_after_creation", condition=Q(expires_at__gt=F("created_at"))),
            models.CheckConstraint(name="signing_link_token_hex", condition=Q(token_sha256__regex=SHA256_HEX)),
        ]

    def __str__(self) -> str:
        return f"signing link for {self.dpa_id} to {self.email}"
