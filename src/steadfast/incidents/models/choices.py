"""The vocabularies of an incident: kinds, severities, statuses, causes, hazards, roles."""

from __future__ import annotations

from django.db import models


class IncidentKind(models.TextChoices):
    OUTAGE = "outage", "Outage"
    DEGRADATION = "degradation", "Degradation"
    SECURITY = "security", "Security"
    SUPPLY_DISRUPTION = "supply_disruption", "Supply disruption"


class Severity(models.IntegerChoices):
    SEV1 = 1, "SEV1"
    SEV2 = 2, "SEV2"
    SEV3 = 3, "SEV3"
    SEV4 = 4, "SEV4"


class ServiceImpact(models.TextChoices):
    """How badly the service is hit, one axis of the severity matrix (docs/incidents.md)."""

    UNKNOWN = "unknown", "Not yet known (counts as total)"
    TOTAL = "total", "Total loss of service"
    MAJOR = "major", "Major degradation"
    PARTIAL = "partial", "Partial degradation"
    MINOR = "minor", "Minor degradation"


class Status(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    DECLARED = "declared", "Declared"
    INVESTIGATING = "investigating", "Investigating"
    MITIGATED = "mitigated", "Mitigated"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    DECLINED = "declined", "Declined"


# The one path an incident may take; any other move is refused by the services.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.CANDIDATE: (Status.DECLARED, Status.DECLINED),
    Status.DECLARED: (Status.INVESTIGATING,),
    Status.INVESTIGATING: (Status.MITIGATED,),
    Status.MITIGATED: (Status.RESOLVED,),
    Status.RESOLVED: (Status.CLOSED,),
    Status.CLOSED: (),
    Status.DECLINED: (),
}
ORDER = (Status.CANDIDATE, Status.DECLARED, Status.INVESTIGATING, Status.MITIGATED, Status.RESOLVED, Status.CLOSED)
OPEN_STATUSES = (Status.CANDIDATE, Status.DECLARED, Status.INVESTIGATING, Status.MITIGATED)
# The timestamp each status stamps when the incident enters it.
STATUS_TIMESTAMP = {
    Status.DECLARED: "declared_at", Status.INVESTIGATING: "investigating_at", Status.MITIGATED: "mitigated_at",
    Status.RESOLVED: "resolved_at", Status.CLOSED: "closed_at", Status.DECLINED: "declined_at",
}


class CauseCategory(models.TextChoices):
    UNKNOWN = "", "Not yet known"
    SYSTEM_FAILURE = "system_failure", "System failure"
    HUMAN_ERROR = "human_error", "Human error"
    NATURAL_PHENOMENON = "natural_phenomenon", "Natural phenomenon"
    MALICIOUS_ACTION = "malicious_action", "Malicious action"
    THIRD_PARTY_FAILURE = "third_party_failure", "Third-party failure"


class Hazard(models.TextChoices):
    NONE = "", "None / not yet known"
    EARTHQUAKE = "earthquake", "Earthquake"
    FLOOD = "flood", "Flood"
    STORM = "storm", "Storm"
    CONFLICT = "conflict", "Conflict"
    EPIDEMIC = "epidemic", "Epidemic"
    CYBER_ATTACK = "cyber_attack", "Cyber attack"
    POWER_OUTAGE = "power_outage", "Power outage"
    FIBRE_CUT = "fibre_cut", "Fibre cut"
    SOFTWARE_DEFECT = "software_defect", "Software defect"
    HARDWARE_FAULT = "hardware_fault", "Hardware fault"


class IncidentRole(models.TextChoices):
    COMMANDER = "commander", "Incident commander"
    TECHNICAL_LEAD = "technical_lead", "Technical lead"
    COMMUNICATIONS_LEAD = "communications_lead", "Communications lead"
    SUPPLIER_LIAISON = "supplier_liaison", "Supplier liaison"
    SCRIBE = "scribe", "Scribe"


class TimelineKind(models.TextChoices):
    NOTE = "note", "Note"
    STATUS_CHANGE = "status_change", "Status change"
    ROLE_CHANGE = "role_change", "Role change"
    UPDATE_PUBLISHED = "update_published", "Update published"
    TASK = "task", "Task"
    ALERT = "alert", "Alert"
    OBLIGATION = "obligation", "Obligation"
    CHANGE = "change", "Change"


class UpdateKind(models.TextChoices):
    TACTICAL = "tactical", "Tactical (conditions, actions, needs)"
    EXECUTIVE = "executive", "Executive summary"


class AlertSeverity(models.TextChoices):
    CRITICAL = "critical", "Critical"
    MAJOR = "major", "Major"
    MINOR = "minor", "Minor"
    WARNING = "warning", "Warning"


def values(choices) -> list:
    return [c.value for c in choices]
