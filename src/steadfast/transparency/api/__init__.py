"""The transparency API (`router`), mounted at /api/v1/ by steadfast.api: /figures, /publications,
/centres, /evaluations, /documents, /access-requests."""

from steadfast.transparency.api import centres, figures, portal  # noqa: F401  (registers operations)
from steadfast.transparency.api.base import router

__all__ = ["router"]
