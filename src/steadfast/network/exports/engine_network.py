"""The business map as the continuity engine's network: in memory (``engine_network_from_map``)
or as the folder ``steadfast analyze`` reads (``export_engine_network``: nodes.csv, edges.csv).

One node per item source that is not phased out (id = source ref, part = item ref, site = site
ref). Products carry demand (the product's demand per day split over its sources by their
share) and profit (margin per unit); other nodes carry neither. ttr is the source's time to
recover, else its site's, else blank (the engine's default). One edge per BOM line per pair
(source of the child → source of the parent), with the BOM quantity.

Both forms come from the same columns, so the folder and the in-memory network agree.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from steadfast.engine import Network
from steadfast.network.exports.tables import cell_text
from steadfast.network.models import BomLine, Item, ItemKind, ItemSource, ItemSourceStatus

NODE_COLUMNS = ("id", "part", "site", "capacity", "inventory", "demand", "profit", "ttr")
EDGE_COLUMNS = ("from", "to", "qty")


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
    ``item_ids[k]``).
    """

    network: Network
    source_ids: tuple[int, ...]
    site_ids: tuple[int, ...]
    item_ids: tuple[int, ...]
    skipped_sources: int
    products_without_sources: int
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
    demand: list[float] = field(default_factory=list)
    profit: list[float] = field(default_factory=list)
    ttr: list[float] = field(default_factory=list)  # nan = the run's default
    source_ids: list[int] = field(default_factory=list)
    site_ids: list[int] = field(default_factory=list)
    item_ids: list[int] = field(default_factory=list)
    edges_from: list[str] = field(default_factory=list)
    edges_to: list[str] = field(default_factory=list)
    qty: list[float] = field(default_factory=list)
    skipped_sources: int = 0
    products_without_sources: int = 0


def _demand_shares(shares: list[float]) -> list[float]:
    total = sum(shares)
    if total <= 0:
        return [1 / len(shares)] * len(shares)
    return [share / total for share in shares]


def _map_columns() -> _MapColumns:
    columns = _MapColumns()
    sources = ItemSource.objects.exclude(status=ItemSourceStatus.PHASED_OUT).order_by("item_id", "ref").values_list(
        "id", "ref", "item_id", "item__ref", "site_id", "site__ref", "capacity_per_day", "inventory", "ttr_days",
        "site__ttr_days", "share", "item__kind", "item__demand_per_day", "item__margin_per_unit",
    )
    by_item: dict[int, list[tuple]] = defaultdict(list)
    for source in sources.iterator(chunk_size=10000):
        by_item[source[2]].append(source)
    for item_sources in by_item.values():
        is_product = item_sources[0][11] == ItemKind.PRODUCT
        fractions = _demand_shares([s[10] for s in item_sources]) if is_product else [0.0] * len(item_sources)
        for source, fraction in zip(item_sources, fractions, strict=True):
            pk, ref, item_id, part, site_id, site, capacity, inventory, ttr, site_ttr, _, _, demand, margin = source
            columns.ids.append(ref)
            columns.parts.append(part)
            columns.sites.append(site)
            columns.capacity.append(math.inf if capacity is None else float(capacity))
            columns.inventory.append(float(inventory))
            columns.demand.append(float(demand) * fraction if is_product else 0.0)
            columns.profit.append(float(margin) if is_product else 0.0)
            effective_ttr = ttr if ttr is not None else site_ttr
            columns.ttr.append(math.nan if effective_ttr is None else float(effective_ttr))
            columns.source_ids.append(pk)
            columns.site_ids.append(site_id)
            columns.item_ids.append(item_id)
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
    network = Network.from_arrays(
        columns.ids, parts=columns.parts, sites=columns.sites, capacity=columns.capacity,
        inventory=columns.inventory, demand=columns.demand, profit=columns.profit, ttr=columns.ttr,
        edges_from=columns.edges_from, edges_to=columns.edges_to, qty=columns.qty,
    )
    return MapNetwork(
        network=network, source_ids=tuple(columns.source_ids), site_ids=tuple(columns.site_ids),
        item_ids=tuple(columns.item_ids), skipped_sources=columns.skipped_sources,
        products_without_sources=columns.products_without_sources,
    )


def _number(value: float) -> str:
    return "" if math.isinf(value) or math.isnan(value) else cell_text(value)


def export_engine_network(folder: str | Path) -> EngineExport:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    columns = _map_columns()
    with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(NODE_COLUMNS)
        for row in zip(columns.ids, columns.parts, columns.sites, columns.capacity, columns.inventory,
                       columns.demand, columns.profit, columns.ttr, strict=True):
            writer.writerow([*row[:3], *(_number(value) for value in row[3:])])
    with (folder / "edges.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EDGE_COLUMNS)
        for row in zip(columns.edges_from, columns.edges_to, columns.qty, strict=True):
            writer.writerow([row[0], row[1], cell_text(row[2])])
    return EngineExport(nodes=len(columns.ids), edges=len(columns.edges_from), skipped_sources=columns.skipped_sources,
                        products_without_sources=columns.products_without_sources)
