"""The security API (`router`), mounted at /api/v1/ by steadfast.api.

Resources under /security/: frameworks (+ controls), kev, SBOMs (suppliers/{id}/sboms, sboms/{id}),
assessments/{id}/oscal; the workflow: campaigns, assessments (answers, submit, return, accept),
findings (plan, close, accept-risk) and figures; questionnaires (the library, read-only, and its XLSX);
control coverage (coverage, suppliers/{id}/coverage).
One module per concept, its schemas beside it.
"""

from steadfast.security.api import (  # noqa: F401
    assessments,
    campaigns,
    coverage,
    figures,
    findings,
    frameworks,
    questionnaires,
    signals,
)
from steadfast.security.api.base import router

__all__ = ["router"]
