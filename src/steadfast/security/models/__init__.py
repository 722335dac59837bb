"""The supplier security domain: frameworks, questionnaires, tiering, assessments, findings, signals."""

from .assessments import Answer, Assessment, Campaign, Evidence, MagicLink
from .findings import Finding, RiskAcceptance
from .frameworks import Control, Framework
from .questionnaires import Question, QuestionnaireTemplate
from .signals import KevEntry, KevMatch, Sbom, SbomComponent
from .threads import AnswerComment
from .tiering import SupplierRiskProfile

__all__ = [
    "Answer", "AnswerComment", "Assessment", "Campaign", "Control", "Evidence", "Finding", "Framework", "KevEntry",
    "KevMatch", "MagicLink", "Question", "QuestionnaireTemplate", "RiskAcceptance", "Sbom", "SbomComponent", "SupplierRiskProfile",
]
