"""The business map as the continuity engine's network folder: nodes.csv and edges.csv.

One node per item source that is not phased out (id = source ref, part = item ref, site = site
ref). Products carry demand (the product's demand per day split over its sources by their
share) and profit (margin per unit); other nodes carry neither. ttr is the source's time to
recover, else its site's, else blank (the engine's default). One edge per BOM line per pair
(source of the child → source of the parent), with the BOM quantity.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

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


def _demand_shares(shares: list[float]) -> list[float]:
    total = sum(shares)
    if total <= 0:
        return [1 / len(shares)] * len(shares)
    return [share / total for share in shares]


def export_engine_network(folder: str | Path) -> EngineExport:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sources = list(
        ItemSource.objects.exclude(status=ItemSourceStatus.PHASED_OUT).order_by("item_id", "ref").values_list(
            "ref", "item_id", "item__ref", "site__ref", "capacity_per_day", "inventory", "ttr_days",
            "site__ttr_days", "share", "item__kind", "item__demand_per_day", "item__margin_per_unit",
        ).iterator(chunk_size=10000)
    )
    skipped = ItemSource.objects.filter(status=ItemSourceStatus.PHASED_OUT).count()
    by_item: dict[int, list[tuple]] = defaultdict(list)
    for source in sources:
        by_item[source[1]].append(source)
    with (folder / "nodes.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(NODE_COLUMNS)
        for item_sources in by_item.values():
            is_product = item_sources[0][9] == ItemKind.PRODUCT
            fractions = _demand_shares([s[8] for s in item_sources]) if is_product else [0.0] * len(item_sources)
            for source, fraction in zip(item_sources, fractions, strict=True):
                ref, _, part, site, capacity, inventory, ttr, site_ttr, _, _, demand, margin = source
                writer.writerow([
                    ref, part, site, cell_text(capacity), cell_text(inventory),
                    cell_text(demand * fraction if is_product else 0.0),
                    cell_text(float(margin) if is_product else 0.0),
                    cell_text(ttr if ttr is not None else site_ttr),
                ])
    edges = 0
    with (folder / "edges.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(EDGE_COLUMNS)
        lines = BomLine.objects.order_by("parent_id", "child_id").values_list("parent_id", "child_id", "quantity")
        for parent_id, child_id, quantity in lines.iterator(chunk_size=10000):
            for child in by_item.get(child_id, ()):
                for parent in by_item.get(parent_id, ()):
                    writer.writerow([child[0], parent[0], cell_text(quantity)])
                    edges += 1
    products_without = Item.objects.filter(kind=ItemKind.PRODUCT, demand_per_day__gt=0).exclude(
        sources__status__in=[ItemSourceStatus.APPROVED, ItemSourceStatus.QUALIFYING]).count()
    return EngineExport(nodes=len(sources), edges=edges, skipped_sources=skipped,
                        products_without_sources=products_without)
