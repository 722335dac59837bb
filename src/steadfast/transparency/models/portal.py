"""The gated stakeholder portal: documents (certificates, penetration-test summaries, product SBOMs,
whitepapers), NDA versions, access requests (request → NDA accepted → approved → expires) and the
log of every view, download and refused attempt."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from steadfast.core.models import TimeStampedModel

SHA256_HEX = Q(sha256__regex=r"^[0-9a-f]{64}$")


class DocumentKind(models.TextChoices):
    CERTIFICATE = "certificate", "Certificate"
    PENTEST = "pentest", "Penetration-test summary"
    SBOM = "sbom", "Product SBOM (CycloneDX)"
    WHITEPAPER = "whitepaper", "Whitepaper"


class DocumentFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    CYCLONEDX = "cyclonedx", "CycloneDX JSON"


def document_path(instance: Document, filename: str) -> str:
    ext = "pdf" if instance.format == DocumentFormat.PDF else "cdx.json"
    return f"transparency/documents/{instance.sha256}.{ext}"


class NdaVersion(models.Model):
    version = models.CharField(max_length=16, unique=True)
    title = models.CharField(max_length=200)
    text = models.TextField()
    sha256 = models.CharField(max_length=64)
    effective_on = models.DateField()

    class Meta:
        ordering = ["-effective_on", "-version"]
        constraints = [models.CheckConstraint(name="nda_sha256_hex", condition=SHA256_HEX)]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Document(TimeStampedModel):
    Kind = DocumentKind
    Format = DocumentFormat

    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=16, choices=Kind.choices, db_index=True)
    format = models.CharField(max_length=16, choices=Format.choices)
    summary = models.TextField(blank=True)
    file = models.FileField(upload_to=document_path, max_length=255)
    filename = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="transparency_documents")
    product = models.ForeignKey("network.Item", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="transparency_documents")
    product_version = models.CharField(max_length=64, blank=True)
    issued_on = models.DateField(null=True, blank=True)
    access_days = models.PositiveSmallIntegerField(default=30, validators=[MinValueValidator(1)],
                                                   help_text="how long an approved grant lasts")

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.CheckConstraint(name="document_kind_valid", condition=Q(kind__in=[c.value for c in DocumentKind])),
            models.CheckConstraint(name="document_format_valid",
                                   condition=Q(format__in=[c.value for c in DocumentFormat])),
            # an SBOM is CycloneDX; everything else is a PDF
            models.CheckConstraint(name="document_kind_format",
                                   condition=Q(kind="sbom", format="cyclonedx") | (~Q(kind="sbom") & Q(format="pdf"))),
            models.CheckConstraint(name="document_sha256_hex", condition=SHA256_HEX),
            models.CheckConstraint(name="document_access_days_positive", condition=Q(access_days__gte=1)),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("transparency:document", args=[self.pk])


class AccessStatus(models.TextChoices):
    REQUESTED = "requested", "Requested (NDA to accept)"
    NDA_ACCEPTED = "nda_accepted", "NDA accepted (awaiting approval)"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    REVOKED = "revoked", "Revoked"


class AccessRequest(TimeStampedModel):
    Status = AccessStatus

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="requests")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="document_requests")
    reason = models.CharField(max_length=500)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.REQUESTED, db_index=True)
    nda = models.ForeignKey(NdaVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="acceptances")
    nda_sha256 = models.CharField(max_length=64, blank=True)
    nda_accepted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="access_status_valid", condition=Q(status__in=[c.value for c in AccessStatus])),
            # past the request, the accepted NDA and its hash are on record
            models.CheckConstraint(name="access_nda_recorded",
                                   condition=Q(status="requested") | Q(status="rejected", nda__isnull=True)
                                   | (Q(nda__isnull=False) & Q(nda_sha256__regex=r"^[0-9a-f]{64}$")
                                      & Q(nda_accepted_at__isnull=False))),
            models.CheckConstraint(name="access_approved_expires",
                                   condition=~Q(status="approved") | Q(expires_at__isnull=False, decided_at__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.document}"

    @property
    def expired(self) -> bool:
        return self.status == AccessStatus.APPROVED and self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def state_label(self) -> str:
        return "Expired" if self.expired else self.get_status_display()

    @property
    def active(self) -> bool:
        return self.status == AccessStatus.APPROVED and not self.expired


class AccessEvent(models.Model):
    """One line of a document's access log: who, what, when, the document's hash, and whether it was
    served. Refused attempts (no grant, expired grant, NDA not accepted) are logged too."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"
        REFUSED = "refused", "Refused"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="access_events")
    request = models.ForeignKey(AccessRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=16, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    document_sha256 = models.CharField(max_length=64)
    detail = models.CharField(max_length=300, blank=True)
    address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(name="access_event_action_valid", condition=Q(action__in=["view", "download", "refused"])),
        ]

    def __str__(self) -> str:
        return f"{self.username} {self.action} {self.document_id} at {self.at:%Y-%m-%d %H:%M}"
