"""The demo organisation: a global ICT equipment vendor's business map, seeded and reproducible.

`plan_demo(seed=, scale=)` builds it in memory; `load_demo(plan)` writes it in one transaction
with its audit trail. The `steadfast demo` command is the usual way in.
"""

from steadfast.network.demo.loader import DemoError, DemoPlan, LoadReport, load_demo, map_counts, plan_demo
from steadfast.network.demo.sizes import DemoSizes

__all__ = ["DemoError", "DemoPlan", "DemoSizes", "LoadReport", "load_demo", "map_counts", "plan_demo"]
