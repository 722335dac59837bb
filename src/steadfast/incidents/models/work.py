"""Working an incident: who holds which role, the tasks, the typed timeline, customer updates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from steadfast.core.models import TimeStampedModel
from steadfast.incidents.models.choices import IncidentRole, TimelineKind, UpdateKind, values
from steadfast.incidents.models.incidents import Incident


class RoleAssignment(TimeStampedModel):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=24, choices=IncidentRole.choices)
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="incident_roles")
    assumed_at = models.DateTimeField()
    handed_over_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["incident", "role", "assumed_at"]
        constraints = [
            models.CheckConstraint(name="role_assignment_role_valid", condition=Q(role__in=values(IncidentRole))),
            models.CheckConstraint(name="role_assignment_handover_after_assumed",
                                   condition=Q(handed_over_at__isnull=True) | Q(handed_over_at__gte=F("assumed_at"))),
            # One current holder per role.
            models.UniqueConstraint(name="role_assignment_one_current", fields=["incident", "role"],
                                    condition=Q(handed_over_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.person}"

    def audit_label(self) -> str:
        return f"{self.incident.ref} {self.get_role_display()}"


class Task(TimeStampedModel):
    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="incident_tasks")
    due_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["incident", "done_at", "due_at", "id"]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"{self.incident.ref} task: {self.title}"[:255]


class TimelineEntry(models.Model):
    """What happened, when, typed. Written only by the services, next to the audit event."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(max_length=24, choices=TimelineKind.choices, db_index=True)
    at = models.DateTimeField(db_index=True, help_text="when it happened (may be before it was recorded)")
    recorded_at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField()
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["incident", "at", "id"]
        constraints = [models.CheckConstraint(name="timeline_kind_valid", condition=Q(kind__in=values(TimelineKind)))]
        indexes = [models.Index(fields=["incident", "id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.text}"


class CustomerUpdate(TimeStampedModel):
    """What the communications lead tells the affected customers. Drafts stay internal."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=16, choices=UpdateKind.choices, default=UpdateKind.TACTICAL)
    conditions = models.TextField(blank=True, help_text="what is happening now")
    actions = models.TextField(blank=True, help_text="what we are doing")
    needs = models.TextField(blank=True, help_text="what we need from the customer")
    summary = models.TextField(blank=True, help_text="executive summary")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["incident", "-published_at", "-id"]
        constraints = [
            models.CheckConstraint(name="update_kind_valid", condition=Q(kind__in=values(UpdateKind))),
            models.CheckConstraint(name="update_has_content",
                                   condition=~Q(conditions="", actions="", needs="", summary="")),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} {self.get_kind_display()}"

    def audit_label(self) -> str:
        return f"{self.incident.ref} {self.get_kind_display()} update"
