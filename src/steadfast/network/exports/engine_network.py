"""The business map as the continuity engine's network: in memory (``engine_network_from_map``)
or as the folder ``steadfast analyze`` reads (``export_engine_network``: nodes.csv, edges.csv).

One node per item source that is not phased out (id = source ref, part = item ref, site = site
ref). A product's demand belongs to the product: parts.csv gives each product with a source
its demand per day and margin per unit, and any of its sources may serve it up to their
capacities (losing one factory is covered by the others as far as they can). Nodes carry no
demand of their own. ttr is the source's time to recover, else its site's, else blank (the
engine's default). One edge per BOM line per pair (source of the child → source of the
parent), with the BOM quantity; a product may be part of another product (a router sold
alone and inside a bundle).

The folder is written from the in-memory network, so the two always agree. What the model
cannot represent is refused with a NetworkError saying why: a BOM cycle (an item that ends
up inside itself). A product with demand but no approved or qualifying source cannot be
served by anything; it is left out and counted (``products_without_sources``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from steadfast.engine import Network, NetworkError, save_network
from steadfast.network.models import BomLine, Item, ItemKind, ItemSource, ItemSourceStatus


@dataclass(frozen=True)
class EngineExport:
    nodes: int
    edges: int
    skipped_sources: int
    products_without_sources: int


@dataclass(frozen=True)
class MapNetwork:
    """The engine network of the map, and which map rows each engine node stands for.

    ``source_ids``, ``site_ids`` and ``item_ids`` are indexed like ``network.node_ids``
    (node k is the ItemSource ``source_ids[k]``, at Site ``site_ids[k]``, making Item
    ``item_ids[k]``). Demand belongs to products: ``network.groups`` lists each product's
    demand with the nodes that may serve it, and ``demand_item_ids[g]`` is the Item of
    demand group g.
    """

    network: Network
    source_ids: tuple[int, ...]
    site_ids: tuple[int, ...]
    item_ids: tuple[int, ...]
    skipped_sources: int
    products_without_sources: int
    demand_item_ids: tuple[int, ...] = ()
    _node_of_source: dict[int, int] = field(default_factory=dict, repr=False, compare=False)

    def node_of_source(self, source_id: int) -> int:
        """The engine node index of an ItemSource (KeyError for a phased-out one)."""
        if not self._node_of_source:
            self._node_of_source.update((source, k) for k, source in enumerate(self.source_ids))
        return self._node_of_source[source_id]

    def nodes_of_site(self, site_id: int) -> list[int]:
        return [k for k, site in enumerate(self.site_ids) if site == site_id]

    def nodes_of_item(self, item_id: int) -> list[int]:
        return [k for k, item in enumerate(self.item_ids) if item == item_id]


@dataclass
class _MapColumns:
    """The engine's node and edge columns read from the map, plus the map ids of each node."""

    ids: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)
    capacity: list[float] = field(default_factory=list)  # inf = unlimited
    inventory: list[float] = field(default_factory=list)
    ttr: list[float] = field(default_factory=list)  # nan = the run's default
    part_demand: dict[str, float] = field(default_factory=dict)
    part_profit: dict[str, float] = field(default_factory=dict)
    source_ids: list[int] = field(default_factory=list)
    site_ids: list[int] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)
    edges_from: list[str] = field(default_factory=list)
    edges_to: list[str] = field(default_factory=list)
    qty: list[float] = field(default_factory=list)
    skipped_sources: int = 0
    products_without_sources: int = 0


def _map_columns() -> _MapColumns:
    columns = _MapColumns()
    sources = ItemSource.objects.exclude(status=ItemSourceStatus.PHASED_OUT).order_by("item_id", "ref").values_list(
        "id", "ref", "item_id", "item__ref", "site_id", "site__ref", "capacity_per_day", "inventory", "ttr_days",
        "site__ttr_days", "item__kind", "item__demand_per_day", "item__margin_per_unit",
    )
    by_item: dict[int, list[tuple]] = defaultdict(list)
    for source in sources.iterator(chunk_size=10000):
        by_item[source[2]].append(source)
    for item_sources in by_item.values():
        for source in item_sources:
            pk, ref, item_id, part, site_id, site, capacity, inventory, ttr, site_ttr, kind, demand, margin = source
            columns.ids.append(ref)
            columns.parts.append(part)
            columns.sites.append(site)
            columns.capacity.append(math.inf if capacity is None else float(capacity))
            columns.inventory.append(float(inventory))
            effective_ttr = ttr if ttr is not None else site_ttr
            columns.ttr.append(math.nan if effective_ttr is None else float(effective_ttr))
            columns.source_ids.append(pk)
            columns.site_ids.append(site_id)
            columns.item_ids.append(item_id)
        _, _, _, part, _, _, _, _, _, _, kind, demand, margin = item_sources[0]
        if kind == ItemKind.PRODUCT and demand > 0:
            columns.part_demand[part] = float(demand)
            columns.part_profit[part] = float(margin)
    lines = BomLine.objects.order_by("parent_id", "child_id").values_list("parent_id", "child_id", "quantity")
    for parent_id, child_id, quantity in lines.iterator(chunk_size=10000):
        for child in by_item.get(child_id, ()):
            for parent in by_item.get(parent_id, ()):
                columns.edges_from.append(child[1])
                columns.edges_to.append(parent[1])
                columns.qty.append(float(quantity))
    columns.skipped_sources = ItemSource.objects.filter(status=ItemSourceStatus.PHASED_OUT).count()
    columns.products_without_sources = Item.objects.filter(kind=ItemKind.PRODUCT, demand_per_day__gt=0).exclude(
        sources__status__in=[ItemSourceStatus.APPROVED, ItemSourceStatus.QUALIFYING]).count()
    return columns


def engine_network_from_map() -> MapNetwork:
    """The whole map as a validated engine Network (the administrator's scope), built in
    memory with the same semantics as ``export_engine_network``. Raises
    ``steadfast.engine.NetworkError`` when the map holds what the engine cannot represent."""
    columns = _map_columns()
    try:
        network = Network.from_arrays(
            columns.ids, parts=columns.parts, sites=columns.sites, capacity=columns.capacity,
            inventory=columns.inventory, demand=[0.0] * len(columns.ids), profit=[0.0] * len(columns.ids),
            ttr=columns.ttr, edges_from=columns.edges_from, edges_to=columns.edges_to, qty=columns.qty,
            part_demand=columns.part_demand, part_profit=columns.part_profit,
        )
    except NetworkError as exc:
        if exc.reason.startswith("cycle:"):
            raise NetworkError(
                f"the bill of materials has a cycle (an item ends up inside itself), which no supply network can "
                f"make: {exc.reason.removeprefix('cycle: ')} (item sources)") from None
        raise
    item_of_part = dict(zip(columns.parts, columns.item_ids))
    return MapNetwork(
        network=network, source_ids=tuple(columns.source_ids), site_ids=tuple(columns.site_ids),
        item_ids=tuple(columns.item_ids), skipped_sources=columns.skipped_sources,
        products_without_sources=columns.products_without_sources,
        demand_item_ids=tuple(item_of_part[label] for label in network.groups.labels),
    )


def export_engine_network(folder: str | Path) -> EngineExport:
    """Write the map as the engine's network folder (nodes.csv, edges.csv, parts.csv)."""
    exported = engine_network_from_map()
    network = exported.network
    save_network(network, folder)
    return EngineExport(nodes=network.num_nodes, edges=network.num_edges, skipped_sources=exported.skipped_sources,
                        products_without_sources=exported.products_without_sources)
