"""The network API (`router`), mounted at /api/v1/ by steadfast.api.

Resources: suppliers (+ contacts), sites, items, sources, bom, customers, networks, deployments,
contracts; traces under suppliers/{id}/trace, items/{id}/trace, networks/{id}/trace.
"""

from steadfast.network.api import customers, items, suppliers, trace  # noqa: F401  (they register operations)
from steadfast.network.api.base import router

__all__ = ["router"]
