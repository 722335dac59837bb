from steadfast.incidents.models.alerts import Alert, AlertSource
from steadfast.incidents.models.choices import (
    OPEN_STATUSES,
    TRANSITIONS,
    AlertSeverity,
    CauseCategory,
    Hazard,
    IncidentKind,
    IncidentRole,
    ServiceImpact,
    Severity,
    Status,
    TimelineKind,
    UpdateKind,
)
from steadfast.incidents.models.incidents import AffectedNetwork, Incident
from steadfast.incidents.models.notify import CustomerWebhook, DeliveryStatus, WebhookDelivery
from steadfast.incidents.models.obligations import NationalUserBase, Obligation, ObligationStatus
from steadfast.incidents.models.reviews import PostIncidentReview, ReviewAction
from steadfast.incidents.models.supply import SupplyImpact
from steadfast.incidents.models.work import CustomerUpdate, RoleAssignment, Task, TimelineEntry

__all__ = [
    "OPEN_STATUSES", "TRANSITIONS", "AffectedNetwork", "Alert", "AlertSeverity", "AlertSource", "CauseCategory",
    "CustomerUpdate", "CustomerWebhook", "DeliveryStatus", "Hazard", "PostIncidentReview", "ReviewAction",
    "WebhookDelivery", "Incident", "IncidentKind", "IncidentRole", "NationalUserBase", "Obligation",
    "ObligationStatus", "RoleAssignment", "ServiceImpact", "Severity", "Status", "SupplyImpact", "Task", "TimelineEntry",
    "TimelineKind", "UpdateKind",
]
