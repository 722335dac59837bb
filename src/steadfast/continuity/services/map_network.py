"""The business map as the engine's in-memory network (arrays, no files)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from steadfast.network.exports.engine_network import engine_network_from_map

if TYPE_CHECKING:  # the engine (scipy, HiGHS) loads on first use, not with the URL conf
    from steadfast.engine import Network


def map_network() -> Network:
    """The engine network of the map as it is now: one node per source that is not phased out."""

    return engine_network_from_map().network
