"""What a trace returns: plain dataclasses, ready for templates and the API alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from steadfast.network.selectors.trace_gc import without_gc


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
    other_sources: int  # sources of the same item at other suppliers' (or our own) sites

    @property
    def sole_source(self) -> bool:
        return self.other_sources == 0


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
    supplier: SupplierRef
    sites: list[SiteRef]
    sourced_items: list[SourcedItem]
    items_above: int  # assemblies and products reached through the BOM (sourced items excluded)
    products: list[ExposedProduct]
    networks: list[ExposedNetwork]
    sub_suppliers: list[SupplierRef]
    redacted: bool = False  # True when the viewer's scope hides products and networks

    @property
    def subscribers(self) -> int:
        return sum(n.subscribers for n in self.networks)

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

    item: ItemRef
    depth: int
    quantity: float  # per unit of the parent line (1 for the root)
    sources: list[SourceNode] = field(default_factory=list)
    has_children: bool = False
    repeat: bool = False  # the item's subtree was already shown above

    @property
    def single_sourced(self) -> bool:
        return len([s for s in self.sources if s.status != "phased_out"]) == 1

    @property
    def unsourced(self) -> bool:
        return not any(s.status != "phased_out" for s in self.sources)


@dataclass
class SourcingTree:
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
    items: int  # distinct items in its BOM (itself included)
    single_sourced: int


@dataclass(frozen=True)
class SupplierBehind:
    supplier: SupplierRef
    sites: int  # sites of this supplier holding sources in the products' BOMs
    relation: str  # "sources" | "sub-tier" (supplies a supplier behind) | "supplies through" (its parent)


@dataclass
class NetworkTrace:
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


# --- plain JSON-ready payloads --------------------------------------------------------------------
# A trace holds tens of thousands of small objects; validating each through a response schema costs
# several times the trace itself. `as_payload` gives the same dicts the API schemas dump (same keys,
# same order, properties included), so the API can render a trace without re-validating it. The
# test suite checks that both stay identical.

PAYLOAD_KEYS: dict[type, tuple[str, ...]] = {
    ItemRef: ("id", "ref", "name", "kind"),
    SupplierRef: ("id", "ref", "legal_name", "tier", "country"),
    SiteRef: ("id", "ref", "name", "kind", "country", "supplier"),
    SourcedItem: ("source_id", "source_ref", "item", "site", "capacity_per_day", "status", "other_sources",
                  "sole_source"),
    ExposedProduct: ("product", "path", "networks", "subscribers", "annual_revenue"),
    ExposedNetwork: ("id", "ref", "name", "customer_id", "customer_name", "country", "kind", "criticality",
                     "subscribers", "annual_revenue", "products"),
    SupplierTrace: ("supplier", "sites", "sourced_items", "items_above", "products", "networks", "sub_suppliers",
                    "subscribers", "annual_revenue", "redacted"),
    SourceNode: ("id", "ref", "site", "capacity_per_day", "inventory", "status", "ttr_days"),
    TreeNode: ("item", "depth", "quantity", "sources", "has_children", "repeat", "single_sourced", "unsourced"),
    SourcingTree: ("root", "nodes", "item_count", "source_count", "depth", "single_sourced", "unsourced",
                   "suppliers", "redacted"),
    DeployedProduct: ("product", "installed_quantity", "annual_revenue", "items", "single_sourced"),
    SupplierBehind: ("supplier", "sites", "relation"),
    NetworkTrace: ("network_id", "network_ref", "network_name", "customer_name", "subscribers", "products",
                   "suppliers", "sites", "items", "redacted"),
}
# Fields holding other trace objects (or lists of them); every other field is copied as it is.
NESTED: dict[type, frozenset[str]] = {
    SiteRef: frozenset({"supplier"}),
    SourcedItem: frozenset({"item", "site"}),
    ExposedProduct: frozenset({"product", "path"}),
    SupplierTrace: frozenset({"supplier", "sites", "sourced_items", "products", "networks", "sub_suppliers"}),
    SourceNode: frozenset({"site"}),
    TreeNode: frozenset({"item", "sources"}),
    SourcingTree: frozenset({"root", "nodes", "single_sourced", "unsourced", "suppliers"}),
    DeployedProduct: frozenset({"product"}),
    SupplierBehind: frozenset({"supplier"}),
    NetworkTrace: frozenset({"products", "suppliers", "sites"}),
}
# Immutable and repeated many times (a site under each of its sources, a source under each repeat of
# its item): converted once each.
SHARED_REFS = frozenset({ItemRef, SupplierRef, SiteRef, SourceNode})
_PLANS = {cls: (keys, attrgetter(*keys), tuple(k for k in keys if k in NESTED.get(cls, ())))
          for cls, keys in PAYLOAD_KEYS.items()}


@without_gc
def as_payload(trace: SupplierTrace | SourcingTree | NetworkTrace) -> dict:
    """The trace as plain dicts, lists and values (Decimal stays Decimal), ready for a JSON encoder."""
    converted: dict[int, dict] = {}  # id() of a shared ref → its dict (the refs live as long as `trace`)

    def convert(value):
        kind = type(value)
        if kind is list:
            return [convert(v) for v in value]
        if value is None:
            return None
        shared = kind in SHARED_REFS
        if shared:
            found = converted.get(id(value))
            if found is not None:
                return found
        keys, values_of, nested = _PLANS[kind]
        out = dict(zip(keys, values_of(value)))
        for key in nested:
            out[key] = convert(out[key])
        if shared:
            converted[id(value)] = out
        return out

    return convert(trace)
