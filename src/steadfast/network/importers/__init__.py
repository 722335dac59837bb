"""Import the business map from CSV or XLSX files: checked whole, then written all or nothing.

    report = run_import(kind="suppliers", path="suppliers.csv", actor=user, dry_run=True)

KIND is an API resource name (see `KINDS`). Exports and template files use the same column specs
(`steadfast.network.exports`).
"""

from steadfast.network.importers.pipeline import run_import
from steadfast.network.importers.reading import human_size, size_problem
from steadfast.network.importers.report import ImportReport, RowAction, RowError
from steadfast.network.importers.specs import KINDS, SPECS, KindSpec, spec_for

__all__ = ["run_import", "ImportReport", "RowError", "RowAction", "KINDS", "SPECS", "KindSpec", "spec_for",
           "human_size", "size_problem"]
