"""The business map as the engine's in-memory network."""

from __future__ import annotations

import tempfile

from steadfast.engine import Network, load_network


def map_network() -> Network:
    """The engine network of the map as it is now: one node per source that is not phased out."""
    try:
        from steadfast.network.exports.engine_network import engine_network_from_map
    except ImportError:  # until the network app builds the arrays directly: its CSV export, read back
        from steadfast.network.exports.engine_network import export_engine_network

        with tempfile.TemporaryDirectory(prefix="steadfast-map-") as folder:
            export_engine_network(folder)
            return load_network(folder)
    return engine_network_from_map()
