"""The business map as the engine's in-memory network (arrays, no files)."""

from __future__ import annotations

from steadfast.engine import Network
from steadfast.network.exports.engine_network import engine_network_from_map


def map_network() -> Network:
    """The engine network of the map as it is now: one node per source that is not phased out."""

    return engine_network_from_map().network
