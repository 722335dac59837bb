"""Control frameworks imported from OSCAL catalogs: one row per framework version, one per control."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from steadfast.core.models import TimeStampedModel


class Framework(TimeStampedModel):
    """One version of a control catalog. A newer version is a new row; questionnaires and assessments
    keep pointing at the controls of the version they were built on."""

    name = models.CharField(max_length=255)
    version = models.CharField(max_length=64)
    source = models.CharField(max_length=255, blank=True, help_text="file the catalog was imported from")
    document_uuid = models.CharField(max_length=36, blank=True, help_text="the OSCAL catalog's uuid")
    oscal_version = models.CharField(max_length=32, blank=True)
    last_modified = models.CharField(max_length=64, blank=True, help_text="metadata/last-modified as published")
    content_sha256 = models.CharField(max_length=64, blank=True,
                                      help_text="digest of the imported controls: a re-import must match it")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "-imported_at"]
        constraints = [models.UniqueConstraint(name="framework_name_version_unique", fields=["name", "version"])]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class Control(models.Model):
    """A control, CSF category/subcategory, or control enhancement (``parent`` set)."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="controls")
    control_id = models.CharField(max_length=64, help_text="the OSCAL id, e.g. sr-3.1 or GV.SC-05")
    label = models.CharField(max_length=64, blank=True, help_text="as printed, e.g. SR-3(1)")
    title = models.CharField(max_length=500)
    statement = models.TextField(blank=True, help_text="statement prose with parameters rendered")
    guidance = models.TextField(blank=True)
    control_class = models.CharField(max_length=64, blank=True)
    group_path = models.CharField(max_length=255, blank=True, help_text="group ids from the top, '/'-joined")
    group_title = models.CharField(max_length=255, blank=True, help_text="the innermost group's title (family)")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="enhancements")
    withdrawn = models.BooleanField(default=False, db_index=True)
    sort_key = models.CharField(max_length=64, blank=True, help_text="the catalog's sort-id")
    sort_order = models.PositiveIntegerField(help_text="position in the catalog, depth first")

    class Meta:
        ordering = ["framework", "sort_order"]
        constraints = [
            models.UniqueConstraint(name="control_framework_id_unique", fields=["framework", "control_id"]),
            models.UniqueConstraint(name="control_framework_order_unique", fields=["framework", "sort_order"]),
            models.CheckConstraint(name="control_not_own_parent", condition=~Q(parent=F("id"))),
        ]

    def __str__(self) -> str:
        return f"{self.label or self.control_id} {self.title}"

    def audit_label(self) -> str:
        return f"{self.framework} {self.label or self.control_id}"
