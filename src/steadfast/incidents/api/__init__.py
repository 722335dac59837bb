"""The incidents API (`router`), mounted at /api/v1/ by steadfast.api."""

from steadfast.incidents.api import alerts, config, incidents  # noqa: F401  (they register operations)
from steadfast.incidents.api.base import router

__all__ = ["router"]
