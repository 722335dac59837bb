"""Exports of the business map: tables per kind (CSV/XLSX, scoped to the user), template files,
and the continuity engine's network folder (nodes.csv, edges.csv)."""

from steadfast.network.exports.engine_network import (
    EngineExport,
    MapNetwork,
    engine_network_from_map,
    export_engine_network,
)
from steadfast.network.exports.tables import (
    FORMATS,
    content_type,
    export_filename,
    export_rows,
    write_csv,
    write_template,
    write_xlsx,
)

__all__ = ["FORMATS", "content_type", "export_filename", "export_rows", "write_csv", "write_xlsx", "write_template",
           "EngineExport", "MapNetwork", "engine_network_from_map", "export_engine_network"]
