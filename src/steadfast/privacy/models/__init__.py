from steadfast.privacy.models.activities import ProcessingActivity
from steadfast.privacy.models.agreements import (
    ClauseFinding,
    Dpa,
    DpaAcceptance,
    DpaDocument,
    DpaTemplate,
    SigningLink,
    SubProcessor,
)
from steadfast.privacy.models.breaches import AUTHORITY_HOURS, Breach, BreachRisk
from steadfast.privacy.models.choices import *  # noqa: F403  (the vocabularies travel with the models)
from steadfast.privacy.models.transfers import AdequacyDecision, Transfer, TransferImpactAssessment

__all__ = ["AUTHORITY_HOURS", "AdequacyDecision", "Breach", "BreachRisk", "ClauseFinding", "Dpa", "DpaAcceptance", "DpaDocument", "DpaTemplate",
    "ProcessingActivity", "SigningLink", "SubProcessor", "Transfer", "TransferImpactAssessment"]
