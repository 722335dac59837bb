"""The continuity API (`router`), mounted at /api/v1/ by steadfast.api: runs and their results,
scenario jobs, saved scenarios, BIA, plans, exercises, Monte Carlo."""

from steadfast.continuity.api import analyses, bcm, records  # noqa: F401  (they register operations)
from steadfast.continuity.api.base import router

__all__ = ["router"]
