"""What a trace returns: plain dataclasses, ready for templates and the API alike.

They are the API's only description of a trace too: pydantic reads them for the OpenAPI document
and writes them straight to JSON (`trace_json`). A property marked `@computed_field` is part of
the API answer; the others serve the pages only.

The one redaction rule (a supplier respondent's or customer viewer's trace, `redacted=True`): every
field that tells how an item is sourced beyond the viewer's own records (other sources, sole source,
single-sourced, unsourced, single-sourced counts) is None, never a value computed from the part the
viewer sees, so no two traces can contradict each other and none tells who else supplies an item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pydantic import ConfigDict, TypeAdapter, computed_field

# Fields with a default are always present in the answer: the OpenAPI document says so.
ALWAYS_SENT = ConfigDict(json_schema_serialization_defaults_required=True)


@dataclass(frozen=True)
class ItemRef:
    id: int
    ref: str
    name: str
    kind: str


@dataclass(frozen=True)
class SupplierRef:
    id: int
    ref: str
    legal_name: str
    tier: int
    country: str


@dataclass(frozen=True)
class SiteRef:
    id: int
    ref: str
    name: str
    kind: str
    country: str
    supplier: SupplierRef | None  # None = our own company


@dataclass(frozen=True)
class SourcedItem:
    """One of the supplier's item sources, and whether anyone else can make that item."""

    source_id: int
    source_ref: str
    item: ItemRef
    site: SiteRef
    capacity_per_day: float | None
    status: str
    # Sources of the same item at other suppliers' (or our own) sites; None for a supplier respondent:
    # who else supplies its items is competitive information, not its business.
    other_sources: int | None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def sole_source(self) -> bool | None:
        return None if self.other_sources is None else self.other_sources == 0


@dataclass(frozen=True)
class ExposedProduct:
    product: ItemRef
    path: list[ItemRef]  # one BOM path from an item this supplier sources up to the product
    networks: int
    subscribers: int
    annual_revenue: Decimal


@dataclass(frozen=True)
class ExposedNetwork:
    id: int
    ref: str
    name: str
    customer_id: int
    customer_name: str
    country: str
    kind: str
    criticality: int
    subscribers: int
    annual_revenue: Decimal  # revenue of the exposed products deployed in this network
    products: list[str]  # refs of the exposed products deployed there


@dataclass
class SupplierTrace:
    __pydantic_config__ = ALWAYS_SENT

    supplier: SupplierRef
    sites: list[SiteRef]
    sourced_items: list[SourcedItem]
    items_above: int  # assemblies and products reached through the BOM (sourced items excluded)
    products: list[ExposedProduct]
    networks: list[ExposedNetwork]
    sub_suppliers: list[SupplierRef]
    redacted: bool = False  # True when the viewer's scope hides products and networks

    @computed_field  # type: ignore[prop-decorator]
    @property
    def subscribers(self) -> int:
        return sum(n.subscribers for n in self.networks)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def annual_revenue(self) -> Decimal:
        return sum((n.annual_revenue for n in self.networks), Decimal(0))

    @property
    def sole_sourced_items(self) -> list[SourcedItem]:
        return [s for s in self.sourced_items if s.sole_source]


@dataclass(frozen=True)
class SourceNode:
    id: int
    ref: str
    site: SiteRef
    capacity_per_day: float | None
    inventory: float
    status: str
    ttr_days: float | None  # the source's own, else its site's


@dataclass
class TreeNode:
    """One line of the sourcing tree, in depth-first order (`depth` 0 is the root)."""

    __pydantic_config__ = ALWAYS_SENT

    item: ItemRef
    depth: int
    quantity: float  # per unit of the parent line (1 for the root)
    sources: list[SourceNode] = field(default_factory=list)
    has_children: bool = False
    repeat: bool = False  # the item's subtree was already shown above
    redacted: bool = False  # `sources` are only the viewer's own: the flags below are unknown (None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def single_sourced(self) -> bool | None:
        if self.redacted:
            return None
        return len([s for s in self.sources if s.status != "phased_out"]) == 1

    @computed_field  # type: ignore[prop-decorator]
    @property
    def unsourced(self) -> bool | None:
        if self.redacted:
            return None
        return not any(s.status != "phased_out" for s in self.sources)


@dataclass
class SourcingTree:
    __pydantic_config__ = ALWAYS_SENT

    root: ItemRef
    nodes: list[TreeNode]
    item_count: int
    source_count: int
    depth: int
    single_sourced: list[ItemRef]
    unsourced: list[ItemRef]
    suppliers: list[SupplierRef]
    redacted: bool = False  # True when the viewer's scope hides the BOM and other suppliers


@dataclass(frozen=True)
class DeployedProduct:
    product: ItemRef
    installed_quantity: int
    annual_revenue: Decimal
    items: int | None  # distinct items in its BOM (itself included); None in a redacted trace
    single_sourced: int | None  # None in a redacted trace


@dataclass(frozen=True)
class SupplierBehind:
    supplier: SupplierRef
    sites: int  # sites of this supplier holding sources in the products' BOMs
    relation: str  # "sources" | "sub-tier" (supplies a supplier behind) | "supplies through" (its parent)


@dataclass
class NetworkTrace:
    __pydantic_config__ = ALWAYS_SENT

    network_id: int
    network_ref: str
    network_name: str
    customer_name: str
    subscribers: int
    products: list[DeployedProduct]
    suppliers: list[SupplierBehind]
    sites: list[SiteRef]
    items: int
    redacted: bool = False  # True when the viewer's scope hides suppliers and sites


_TRACE_ADAPTERS = {kind: TypeAdapter(kind) for kind in (SupplierTrace, SourcingTree, NetworkTrace)}


def trace_json(trace: SupplierTrace | SourcingTree | NetworkTrace) -> bytes:
    """The trace as the API's JSON body, written by pydantic-core from the dataclasses themselves
    (no intermediate dicts, no re-validation). Decimals come out as strings."""
    return _TRACE_ADAPTERS[type(trace)].dump_json(trace)
