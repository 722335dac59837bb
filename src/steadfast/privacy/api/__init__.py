"""The privacy API (`router`), mounted at /api/v1/ by steadfast.api: /dpas, /processing-activities, /transfers."""

from steadfast.privacy.api import agreements, writes  # noqa: F401  (registers operations)
from steadfast.privacy.api.base import router

__all__ = ["router"]
