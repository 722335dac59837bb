from steadfast.transparency.models.centres import (
    ACTIVE_STATUSES,
    TRANSITIONS,
    Centre,
    EvaluatedVersion,
    Evaluation,
    EvaluationFinding,
    EvaluationStatus,
    FindingStatus,
    RegulatorCountry,
    Room,
    Service,
)
from steadfast.transparency.models.portal import (
    AccessEvent,
    AccessRequest,
    AccessStatus,
    Document,
    DocumentFormat,
    DocumentKind,
    NdaVersion,
)
from steadfast.transparency.models.publications import Publication

__all__ = [
    "ACTIVE_STATUSES", "TRANSITIONS", "AccessEvent", "AccessRequest", "AccessStatus", "Centre", "Document",
    "DocumentFormat", "DocumentKind", "EvaluatedVersion", "Evaluation", "EvaluationFinding", "EvaluationStatus",
    "FindingStatus", "NdaVersion", "Publication", "RegulatorCountry", "Room", "Service",
]
