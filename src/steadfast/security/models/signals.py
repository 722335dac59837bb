"""Signals from real data: the CISA KEV catalog, suppliers' CycloneDX SBOMs and the matches between them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from steadfast.core.models import TimeStampedModel


class KevEntry(TimeStampedModel):
    cve_id = models.CharField("CVE", max_length=32, unique=True)
    vendor_project = models.CharField(max_length=255)
    product = models.CharField(max_length=255)
    vulnerability_name = models.CharField(max_length=500)
    date_added = models.DateField()
    short_description = models.TextField(blank=True)
    required_action = models.TextField()
    due_date = models.DateField()
    known_ransomware_use = models.CharField(max_length=16, help_text="'Known' or 'Unknown', as CISA publishes")
    notes = models.TextField(blank=True)
    cwes = models.JSONField(default=list, blank=True)
    # Normalised keys for matching SBOM components (see services/normalise.py).
    vendor_key = models.CharField(max_length=255, db_index=True)
    product_key = models.CharField(max_length=255, db_index=True)

    class Meta:
        ordering = ["-date_added", "cve_id"]
        constraints = [models.CheckConstraint(name="kev_cve_format", condition=Q(cve_id__startswith="CVE-"))]
        indexes = [models.Index(fields=["vendor_key", "product_key"])]

    def __str__(self) -> str:
        return self.cve_id

    @property
    def ransomware(self) -> bool:
        return self.known_ransomware_use.strip().lower() == "known"


def sbom_path(instance: Sbom, filename: str) -> str:
    return f"security/sbom/{instance.supplier_id}/{instance.sha256}.cdx.json"


class Sbom(TimeStampedModel):
    supplier = models.ForeignKey("network.Supplier", on_delete=models.CASCADE, related_name="sboms")
    item = models.ForeignKey("network.Item", null=True, blank=True, on_delete=models.PROTECT, related_name="sboms")
    file = models.FileField(upload_to=sbom_path, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    spec_version = models.CharField(max_length=8)
    serial_number = models.CharField(max_length=100, blank=True)
    component_count = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="uploaded_sboms")

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(name="sbom_supplier_sha256_unique", fields=["supplier", "sha256"]),
            models.CheckConstraint(name="sbom_spec_supported", condition=Q(spec_version__in=["1.4", "1.5", "1.6"])),
        ]

    def __str__(self) -> str:
        return self.original_name or f"SBOM {self.sha256[:12]}"


class SbomComponent(models.Model):
    sbom = models.ForeignKey(Sbom, on_delete=models.CASCADE, related_name="components")
    bom_ref = models.CharField(max_length=500, blank=True)
    name = models.CharField(max_length=500)
    version = models.CharField(max_length=200, blank=True)
    group = models.CharField(max_length=500, blank=True, help_text="CycloneDX group, supplier or publisher")
    purl = models.CharField(max_length=1000, blank=True)
    cpe = models.CharField(max_length=1000, blank=True)
    depth = models.PositiveSmallIntegerField(default=0, help_text="nesting depth in the SBOM, 0 at the top")
    vendor_key = models.CharField(max_length=255, blank=True, db_index=True)
    product_key = models.CharField(max_length=255, blank=True, db_index=True)

    class Meta:
        ordering = ["sbom", "pk"]
        indexes = [models.Index(fields=["vendor_key", "product_key"])]

    def __str__(self) -> str:
        return f"{self.name} {self.version}".strip()


class KevMatch(models.Model):
    class Method(models.TextChoices):
        CPE = "cpe", "CPE"
        PURL = "purl", "Package URL"
        NAME = "name", "Vendor and product name"

    component = models.ForeignKey(SbomComponent, on_delete=models.CASCADE, related_name="kev_matches")
    kev_entry = models.ForeignKey(KevEntry, on_delete=models.CASCADE, related_name="matches")
    finding = models.ForeignKey("security.Finding", null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="kev_matches")
    method = models.CharField(max_length=8, choices=Method.choices)
    matched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["component", "kev_entry"]
        constraints = [
            models.UniqueConstraint(name="kev_match_unique", fields=["component", "kev_entry"]),
            models.CheckConstraint(name="kev_match_method_valid", condition=Q(method__in=["cpe", "purl", "name"])),
        ]

    def __str__(self) -> str:
        return f"{self.component} ~ {self.kev_entry_id}"
