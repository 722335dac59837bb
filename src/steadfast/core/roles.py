"""The roles people hold. Kept apart from the policy so that models can import it cheaply."""

from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    RISK_ANALYST = "risk_analyst", "Risk analyst"
    PRIVACY_OFFICER = "privacy_officer", "Privacy officer"
    CONTINUITY_MANAGER = "continuity_manager", "Continuity manager"
    INCIDENT_MANAGER = "incident_manager", "Incident manager"
    AUDITOR = "auditor", "Auditor"
    SUPPLIER_RESPONDENT = "supplier_respondent", "Supplier respondent"
    CUSTOMER_VIEWER = "customer_viewer", "Customer viewer"
    # A regulator or other external stakeholder: sees what concerns the countries it oversees
    # (the transparency app registers the "country" scope kind and grants its domains).
    REGULATOR = "regulator", "Regulator"


SCOPED_TO_SUPPLIER = frozenset({Role.SUPPLIER_RESPONDENT})
SCOPED_TO_CUSTOMER = frozenset({Role.CUSTOMER_VIEWER})
