"""Items and their multi-level bill of materials, with derived demand and rolled-up costs.

The BOM follows the kinds, five levels: raw materials → components (chips, passives, connectors,
optics; and fabricated parts: PCBs, housings, heatsinks, cables) → sub-assemblies (boards and
modules) → assemblies (chassis and assemblies) → products, plus software and services bought into
products and assemblies. A component is made only of raw materials that fit it (copper into a
busbar, barium titanate into a capacitor); raw materials, software and services are leaves.
Every item has at least one parent, so every item carries derived demand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from decimal import Decimal

from steadfast.network.demo.catalogue import (
    COMPONENTS,
    FAMILIES,
    PARTS,
    RAW_MATERIALS,
    SERVICE_REGIONS,
    SERVICES,
    SOFTWARE,
    SUB_ASSEMBLIES,
    NameBook,
    ProductFamily,
    materials_for,
    part_code,
)
from steadfast.network.demo.sizes import DemoSizes
from steadfast.network.models import BomLine, Item, ItemKind

# Topological order: every BOM line goes from a level to a later one.
LEVELS = ("products", "assemblies", "sub_assemblies", "components", "parts", "raw_materials", "software", "services")
REF_PREFIX = {"products": "PRD", "assemblies": "ASM", "sub_assemblies": "SUB", "components": "CMP", "parts": "PRT",
              "raw_materials": "RAW", "software": "SW", "services": "SVC"}
KIND = {"products": ItemKind.PRODUCT, "assemblies": ItemKind.ASSEMBLY, "sub_assemblies": ItemKind.ASSEMBLY,
        "components": ItemKind.COMPONENT, "parts": ItemKind.COMPONENT, "raw_materials": ItemKind.RAW_MATERIAL,
        "software": ItemKind.SOFTWARE, "services": ItemKind.SERVICE}
CENT = Decimal("0.01")
COMPONENT_WEIGHTS = [1 / (price ** 0.5) for _, _, price, _ in COMPONENTS]


@dataclass
class ItemWorld:
    levels: dict[str, list[Item]] = field(default_factory=dict)
    bom: list[BomLine] = field(default_factory=list)
    children: dict[str, list[tuple[Item, float]]] = field(default_factory=dict)  # parent ref → lines
    level_of: dict[str, str] = field(default_factory=dict)  # item ref → level name
    family: dict[str, ProductFamily] = field(default_factory=dict)  # product ref → family
    provider: dict[str, str] = field(default_factory=dict)  # service ref → supplier category
    demand: dict[str, float] = field(default_factory=dict)  # item ref → derived units per day

    @property
    def items(self) -> list[Item]:
        return [item for level in LEVELS for item in self.levels[level]]

    def link(self, parent: Item, child: Item, quantity: float) -> bool:
        lines = self.children.setdefault(parent.ref, [])
        if any(existing is child for existing, _ in lines):
            return False
        lines.append((child, quantity))
        self.bom.append(BomLine(parent=parent, child=child, quantity=quantity))
        return True


def build_items(rng: random.Random, sizes: DemoSizes) -> ItemWorld:
    world, book, base_cost = ItemWorld(), NameBook(), {}
    # (item, base cost, BOM quantity range) per level
    make = _Maker(world, book, base_cost)
    products = [make.product(rng, FAMILIES[i % len(FAMILIES)]) for i in range(sizes.products)]
    assemblies = [make.assembly(rng, parent) for parent in _round_robin(rng, products, sizes.assemblies)]
    subs = [make.sub_assembly(rng, parent) for parent in _round_robin(rng, assemblies, sizes.sub_assemblies)]
    components = [make.component(rng, parent) for parent in _round_robin(rng, subs, sizes.components)]
    parts = [make.part(rng, parent) for parent in _round_robin(rng, subs + assemblies, sizes.parts)]
    raws = [make.raw(rng, parent) for parent in _round_robin(rng, components + parts, sizes.raw_materials)]
    raws_by_material: dict[str, list[Item]] = {}
    for raw in raws:
        raws_by_material.setdefault(make.material[raw.ref], []).append(raw)
    software = [make.software(rng, parent) for parent in _round_robin(rng, products + assemblies, sizes.software)]
    services = [make.service(rng, parent) for parent in _round_robin(rng, products, sizes.services)]
    # Shared children: common modules, passives and materials go into many parents.
    for product in products:
        for child in rng.sample(assemblies, min(len(assemblies), rng.randint(0, 2))):
            world.link(product, child, rng.choice((1, 1, 2)))
        for child in rng.sample(software, min(len(software), rng.randint(1, 2))):
            world.link(product, child, 1)
        for child in rng.sample(services, min(len(services), rng.randint(1, 2))):
            world.link(product, child, make.service_quantity(rng, child))
    for assembly in assemblies:
        for child in rng.sample(subs, min(len(subs), rng.randint(0, 2))):
            world.link(assembly, child, rng.choice((1, 1, 2)))
        if rng.random() < 0.35:
            world.link(assembly, rng.choice(software), 1)
    for sub in subs:
        for child in rng.sample(components, min(len(components), rng.randint(1, 4))):
            world.link(sub, child, make.component_quantity(rng, child))
    for assembly in rng.sample(subs + assemblies, min(len(subs) + len(assemblies), len(parts) // 2)):  # screws, labels, cables shared widely
        part = rng.choice(parts)
        world.link(assembly, part, rng.randint(1, 4))
    for maker, share in ((components, 0.2), (parts, 0.8)):
        for item in maker:
            if rng.random() < share:
                fitting = [raw for m in materials_for(item.name) for raw in raws_by_material.get(m, ())]
                if fitting:
                    raw = rng.choice(fitting)
                    world.link(item, raw, make.raw_quantity(rng, raw))
    for name, items in zip(LEVELS, (products, assemblies, subs, components, parts, raws, software, services), strict=True):
        world.levels[name] = items
        for item in items:
            world.level_of[item.ref] = name
    _derive_demand(world)
    _roll_up_costs(rng, world, base_cost)
    for product in products:
        product.unit_cost = Decimal(make.product_cost[product.ref]).quantize(CENT)
    return world


def _round_robin(rng: random.Random, parents: list[Item], count: int) -> list[Item]:
    """`count` primary parents, each parent used as evenly as possible (so none is left empty)."""
    order = parents[:]
    rng.shuffle(order)
    return [order[i % len(order)] for i in range(count)]


class _Maker:
    """Creates one item per call, links it to its primary parent and notes its base cost."""

    def __init__(self, world: ItemWorld, book: NameBook, base_cost: dict[str, float]) -> None:
        self.world, self.book, self.base_cost = world, book, base_cost
        self.numbers: dict[str, int] = {}
        self.quantity_range: dict[str, tuple] = {}
        self.product_cost: dict[str, float] = {}
        self.material: dict[str, str] = {}  # raw material ref → material

    def _item(self, level: str, name: str, unit: str = "each", cost: float = 0.0, **extra) -> Item:
        number = self.numbers[level] = self.numbers.get(level, 0) + 1
        item = Item(ref=f"{REF_PREFIX[level]}-{number:05d}", name=self.book.unique(name)[:255], kind=KIND[level],
                    unit=unit, **extra)
        self.base_cost[item.ref] = cost
        return item

    def product(self, rng: random.Random, family: ProductFamily) -> Item:
        name = f"{family.series} {family.prefix}-{rng.randrange(1000, 9999)} {rng.choice(family.variants)}"
        # A product's cost is finance's standard cost against its list price, not the BOM roll-up:
        # the synthetic BOM's fan-out would otherwise price a radio like a router.
        cost_share = rng.uniform(0.55, 0.75)
        item = self._item("products", name, demand_per_day=round(rng.uniform(*family.demand_per_day), 1),
                          margin_per_unit=Decimal(family.list_price * (1 - cost_share)).quantize(CENT))
        self.product_cost[item.ref] = family.list_price * cost_share
        self.world.family[item.ref] = family
        return item

    def assembly(self, rng: random.Random, product: Item) -> Item:
        family = self.world.family[product.ref]
        name = f"{rng.choice(family.assemblies)} {family.prefix}-{rng.randrange(100, 999)}{rng.choice('ABCDE')}"
        item = self._item("assemblies", name, cost=rng.uniform(20, 300))
        self.world.link(product, item, rng.choice((1, 1, 1, 1, 2)))
        return item

    def sub_assembly(self, rng: random.Random, assembly: Item) -> Item:
        base = rng.choice(SUB_ASSEMBLIES)
        initials = "".join(word[0] for word in base.replace("-", " ").split()[:2]).upper()
        item = self._item("sub_assemblies", f"{base} {part_code(rng, initials)}", cost=rng.uniform(2, 50))
        self.world.link(assembly, item, rng.choice((1, 1, 1, 2)))
        return item

    def component(self, rng: random.Random, sub: Item) -> Item:
        # Cheap parts dominate a real BOM by count: choose families inversely to their price.
        pattern, parameters, cost, quantities = rng.choices(COMPONENTS, weights=COMPONENT_WEIGHTS)[0]
        name = pattern.format(*(rng.choice(values) for values in parameters))
        code = "".join(ch for ch in pattern.split()[0] if ch.isalpha())[:3].upper()
        item = self._item("components", f"{name}, part {part_code(rng, code)}", cost=cost * rng.uniform(0.6, 1.6))
        self.quantity_range[item.ref] = quantities
        self.world.link(sub, item, self.component_quantity(rng, item))
        return item

    def component_quantity(self, rng: random.Random, component: Item) -> int:
        return rng.randint(*self.quantity_range[component.ref])

    def part(self, rng: random.Random, assembly: Item) -> Item:
        pattern, variants, cost = rng.choice(PARTS)
        item = self._item("parts", f"{pattern.format(rng.choice(variants))}, drawing {part_code(rng, 'D')}",
                          cost=cost * rng.uniform(0.5, 2))
        self.world.link(assembly, item, rng.randint(1, 4))
        return item

    def raw(self, rng: random.Random, part: Item) -> Item:
        fitting = materials_for(part.name)
        material, unit, price, quantities = rng.choice([row for row in RAW_MATERIALS if row[0] in fitting])
        item = self._item("raw_materials", f"{material}, spec {part_code(rng, 'MS')}", unit=unit,
                          cost=price * rng.uniform(0.8, 1.25))
        self.quantity_range[item.ref] = quantities
        self.material[item.ref] = material
        self.world.link(part, item, self.raw_quantity(rng, item))
        return item

    def raw_quantity(self, rng: random.Random, raw: Item) -> float:
        low, high = self.quantity_range[raw.ref]
        return float(f"{rng.uniform(low, high):.3g}")

    def software(self, rng: random.Random, parent: Item) -> Item:
        name = f"{rng.choice(SOFTWARE)} {rng.randint(19, 25)}.{rng.randint(1, 4)}"
        item = self._item("software", name, unit="licence", cost=rng.lognormvariate(2.5, 1.2))
        self.world.link(parent, item, 1)
        return item

    def service(self, rng: random.Random, product: Item) -> Item:
        name, provider, unit, quantities, price = rng.choice(SERVICES)
        item = self._item("services", f"{name} ({rng.choice(SERVICE_REGIONS)}), agreement {part_code(rng, 'SLA')}",
                          unit=unit, cost=price * rng.uniform(0.8, 1.2))
        self.world.provider[item.ref] = provider
        self.quantity_range[item.ref] = quantities
        self.world.link(product, item, self.service_quantity(rng, item))
        return item

    def service_quantity(self, rng: random.Random, service: Item) -> float:
        low, high = self.quantity_range[service.ref]
        return float(f"{rng.uniform(low, high):.3g}")


def _derive_demand(world: ItemWorld) -> None:
    """Product demand pushed down the BOM: a child's demand is Σ parent demand × quantity."""
    demand = {item.ref: float(item.demand_per_day) for item in world.items}
    for item in world.items:  # topological: parents before children
        for child, quantity in world.children.get(item.ref, ()):
            demand[child.ref] += demand[item.ref] * quantity
    world.demand = demand


def _roll_up_costs(rng: random.Random, world: ItemWorld, base_cost: dict[str, float]) -> None:
    """Cost = material (Σ quantity × child cost) with a conversion mark-up, or the bought-in price."""
    cost: dict[str, float] = {}
    for item in reversed(world.items):  # children before parents
        material = sum(quantity * cost[child.ref] for child, quantity in world.children.get(item.ref, ()))
        value = max(base_cost[item.ref], material * rng.uniform(1.03, 1.15) + (base_cost[item.ref] if material else 0))
        cost[item.ref] = value
        item.unit_cost = max(CENT, Decimal(value).quantize(CENT))
