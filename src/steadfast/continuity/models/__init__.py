from steadfast.continuity.models._checks import Hazard
from steadfast.continuity.models.analysis import AnalysisRun, EventLoss, ResultKind, RunResult, RunStatus
from steadfast.continuity.models.bcm import (
    BcmDocument,
    ContinuityOwner,
    DocumentKind,
    DocumentStatus,
    OwnerScope,
)
from steadfast.continuity.models.bia import ImpactAnalysis, Priority
from steadfast.continuity.models.exercises import Exercise, ExerciseFinding, ExerciseKind, FindingSeverity
from steadfast.continuity.models.plans import (
    ContinuityPlan,
    PlanResource,
    PlanScope,
    PlanStatus,
    PlanStep,
    PlanVersion,
    ResourceKind,
)
from steadfast.continuity.models.scenarios import SavedScenario, SelectionKind
from steadfast.continuity.models.service_bia import ServiceImpactAnalysis

__all__ = [
    "AnalysisRun", "BcmDocument", "ContinuityOwner", "DocumentKind", "DocumentStatus", "OwnerScope", "ServiceImpactAnalysis",
    "ContinuityPlan", "EventLoss", "Exercise", "ExerciseFinding", "ExerciseKind", "FindingSeverity", "Hazard",
    "ImpactAnalysis", "PlanResource", "PlanScope", "PlanStatus", "PlanStep", "PlanVersion", "Priority",
    "ResourceKind", "ResultKind", "RunResult", "RunStatus", "SavedScenario", "SelectionKind",
]
