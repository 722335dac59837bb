"""Customers (operators, enterprises, public bodies, utilities), their networks and what runs there."""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from steadfast.network.demo.geography import country_name, customer_markets, population, spread_then_weighted
from steadfast.network.demo.items import ItemWorld
from steadfast.network.demo.names import company_stem
from steadfast.network.demo.sizes import DemoSizes, allocate
from steadfast.network.models import (
    Customer,
    CustomerNetwork,
    CustomerNetworkKind,
    CustomerSegment,
    Deployment,
    Item,
)

SEG, NK = CustomerSegment, CustomerNetworkKind
SEGMENT_MIX = {SEG.TIER1_OPERATOR: 15, SEG.REGIONAL_OPERATOR: 40, SEG.ENTERPRISE: 25, SEG.PUBLIC_SECTOR: 10, SEG.UTILITY: 10}
NETWORKS_PER_CUSTOMER = {SEG.TIER1_OPERATOR: 6, SEG.REGIONAL_OPERATOR: 2.5, SEG.ENTERPRISE: 1.5, SEG.PUBLIC_SECTOR: 1.5,
                         SEG.UTILITY: 1.2}
NETWORK_KINDS = {
    SEG.TIER1_OPERATOR: {NK.MOBILE: 40, NK.FIXED: 20, NK.CORE: 25, NK.TRANSPORT: 15},
    SEG.REGIONAL_OPERATOR: {NK.MOBILE: 35, NK.FIXED: 35, NK.CORE: 15, NK.TRANSPORT: 15},
    SEG.ENTERPRISE: {NK.ENTERPRISE: 80, NK.CORE: 20},
    SEG.PUBLIC_SECTOR: {NK.ENTERPRISE: 60, NK.TRANSPORT: 40},
    SEG.UTILITY: {NK.TRANSPORT: 60, NK.ENTERPRISE: 40},
}
# A network is named "<customer> <kind label> <country>"; the first label sharing no word with the
# customer's name is used, so that "Irline Mobile" runs "Irline Mobile Radio Access Network", not "Mobile Mobile RAN".
KIND_LABELS = {
    NK.MOBILE: ("Mobile RAN", "Radio Access Network", "5G RAN"),
    NK.FIXED: ("Fixed Broadband", "FTTH Access", "Fixed Access"),
    NK.CORE: ("Core", "Packet Core", "Core Network", "Core"),
    NK.TRANSPORT: ("Transport Backbone", "IP Backbone", "Transport"),
    NK.ENTERPRISE: ("Enterprise Network", "Corporate WAN", "Campus and WAN"),
}
OPERATOR_WORDS = ("Telecom", "Mobile", "Telekom", "Communications", "Networks", "Connect", "Broadband", "Wireless", "Tel",
                  "Fibre")
ENTERPRISE_WORDS = ("Bank", "Energy", "Rail", "Logistics", "Health", "Insurance", "Retail Group", "Airlines", "Mining",
                    "Steel", "Ports")
PUBLIC_NAMES = ("{} Digital Agency", "{} Emergency Services Network", "{} Public Safety Network",
                "{} Government Network Authority", "{} Defence Communications Agency")
UTILITY_NAMES = ("{} Power", "{} Grid", "{} Water", "{} Energy Networks")
# Subscribers. A country's market of each kind is its population times the kind's penetration
# (mobile subscriptions per inhabitant ~1.05, fixed broadband ~0.3 in the markets we serve, users of
# enterprise networks ~5%); our customers together hold at most MAX_SHARE of it, and the shares sum
# below 1, so no country's networks serve more subscribers than it has people. Within that bound,
# subscribers are spread in proportion to market size and customer size, scaled so that the full
# demo serves about TOTAL_SUBSCRIBERS (the vendor's published figure: "about three billion people").
PENETRATION = {NK.MOBILE: 1.05, NK.FIXED: 0.30, NK.CORE: 1.05, NK.TRANSPORT: 0.0, NK.ENTERPRISE: 0.05}
MAX_SHARE = {NK.MOBILE: 0.5, NK.FIXED: 0.4, NK.CORE: 0.3, NK.TRANSPORT: 0.0, NK.ENTERPRISE: 0.3}
TOTAL_SUBSCRIBERS = 3_000_000_000
FULL_SCALE_NETWORKS = 1600  # DemoSizes at scale 1.0; a smaller demo serves proportionally fewer
SEGMENT_SIZE = {SEG.TIER1_OPERATOR: 3.0, SEG.REGIONAL_OPERATOR: 1.0, SEG.ENTERPRISE: 0.2, SEG.PUBLIC_SECTOR: 0.5,
                SEG.UTILITY: 0.2}
CENT = Decimal("0.01")


@dataclass
class CustomerWorld:
    customers: list[Customer] = field(default_factory=list)
    networks: list[CustomerNetwork] = field(default_factory=list)
    deployments: list[Deployment] = field(default_factory=list)


def build_customers(rng: random.Random, sizes: DemoSizes, items: ItemWorld) -> CustomerWorld:
    world = CustomerWorld()
    markets, weights = customer_markets()
    countries = spread_then_weighted(rng, sizes.customers, markets, weights)
    segments = allocate(rng, sizes.customers, SEGMENT_MIX)
    for number, (country, segment) in enumerate(zip(countries, segments, strict=True), start=1):
        world.customers.append(Customer(ref=f"CUS-{number:05d}", name=_customer_name(rng, segment, country),
                                        country=country, segment=segment))
    counts = _networks_per_customer(rng, world.customers, sizes.networks)
    for customer, count in zip(world.customers, counts, strict=True):
        world.networks += _networks(rng, customer, count, len(world.networks) + 1, markets, weights)
    assign_subscribers(rng, world.networks)
    world.deployments = _deployments(rng, world.networks, items)
    return world


def _customer_name(rng: random.Random, segment: str, country: str) -> str:
    place = country_name(country)
    if segment in (SEG.TIER1_OPERATOR, SEG.REGIONAL_OPERATOR):
        return f"{company_stem(rng, country)} {rng.choice(OPERATOR_WORDS)}"
    if segment == SEG.ENTERPRISE:
        return f"{company_stem(rng, country)} {rng.choice(ENTERPRISE_WORDS)}"
    if segment == SEG.PUBLIC_SECTOR:
        return rng.choice(PUBLIC_NAMES).format(place)
    return rng.choice(UTILITY_NAMES).format(company_stem(rng, country))


def _networks_per_customer(rng: random.Random, customers: list[Customer], total: int) -> list[int]:
    """Every customer runs at least one network; the rest go by segment (operators run many)."""
    counts = [1] * len(customers)
    weights = [NETWORKS_PER_CUSTOMER[c.segment] for c in customers]
    for index in rng.choices(range(len(customers)), weights=weights, k=total - len(customers)):
        counts[index] += 1
    return counts


def _networks(rng: random.Random, customer: Customer, count: int, first_number: int, markets, weights) -> list[CustomerNetwork]:
    networks, names = [], defaultdict(int)
    kinds = NETWORK_KINDS[customer.segment]
    for offset in range(count):
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        country = customer.country
        abroad = customer.segment == SEG.TIER1_OPERATOR and rng.random() < 0.7 or rng.random() < 0.1
        if offset and abroad and customer.segment not in (SEG.PUBLIC_SECTOR, SEG.UTILITY):  # public bodies stay home
            country = rng.choices(markets, weights=weights)[0]  # a multinational operator's affiliate
        label = network_name(customer.name, kind, country_name(country))
        names[label] += 1
        if names[label] > 1:
            label = f"{label} {names[label]}"
        criticality = _criticality(rng, customer.segment, kind)
        networks.append(CustomerNetwork(
            ref=f"NET-{first_number + offset:06d}", customer=customer, name=label[:255], country=country, kind=kind,
            subscribers=0, criticality=criticality,
            restore_target_hours={4: rng.choice((1.0, 2.0)), 3: 4.0, 2: 8.0, 1: 24.0}[criticality],
        ))
    return networks


def _words(text: str) -> set[str]:
    return {word.lower().rstrip("s") for word in text.split()}


def network_name(customer_name: str, kind: str, country: str) -> str:
    """"<customer> <kind label> <country>" without a word twice (the country only if not in the name)."""
    taken = _words(customer_name)
    label = next((lab for lab in KIND_LABELS[kind] if not _words(lab) & taken), KIND_LABELS[kind][-1])
    return f"{customer_name} {label}" if country in customer_name else f"{customer_name} {label} {country}"


def assign_subscribers(rng: random.Random, networks: list[CustomerNetwork]) -> None:
    """Subscribers per network, bounded per (country, kind) by population × penetration × MAX_SHARE.

    Each network draws a weight (its market's size × its customer's size × noise); one factor,
    found by bisection, scales every weight so that the total meets the target, and a (country,
    kind) market whose networks would exceed its bound is held at the bound instead.
    """
    people = population()
    weight = [0.0] * len(networks)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, network in enumerate(networks):
        market = people.get(network.country, 0) * PENETRATION[network.kind]
        weight[index] = market * SEGMENT_SIZE[network.customer.segment] * rng.lognormvariate(0, 0.6)
        groups[network.country, network.kind].append(index)
    bounds = {key: people.get(key[0], 0) * PENETRATION[key[1]] * MAX_SHARE[key[1]] for key in groups}
    totals = {key: sum(weight[i] for i in members) for key, members in groups.items()}
    # "About" three billion: a total that lands on 2,999,999,xxx reads as tuned, so the target moves
    # by a few per cent (its own generator: the demo's other draws stay as they were).
    about = random.Random(len(networks)).uniform(0.97, 1.06)
    target = TOTAL_SUBSCRIBERS * about * min(1.0, len(networks) / FULL_SCALE_NETWORKS)

    def served(factor: float) -> float:
        return sum(min(factor * totals[key], bounds[key]) for key in groups)

    low, high = 0.0, 1.0
    while served(high) < target and high < 1e12:
        high *= 2
    for _ in range(60):
        low, high = ((low + high) / 2, high) if served((low + high) / 2) < target else (low, (low + high) / 2)
    for key, members in groups.items():
        group_factor = min(high, bounds[key] / totals[key]) if totals[key] else 0.0
        for index in members:
            networks[index].subscribers = int(weight[index] * group_factor)


def _criticality(rng: random.Random, segment: str, kind: str) -> int:
    if segment == SEG.TIER1_OPERATOR:
        return 4 if kind in (NK.MOBILE, NK.CORE) else 3
    if segment == SEG.REGIONAL_OPERATOR:
        return rng.choice((3, 3, 2))
    if segment in (SEG.PUBLIC_SECTOR, SEG.UTILITY):
        return rng.choice((4, 3))
    return rng.choice((2, 2, 1))


def _deployments(rng: random.Random, networks: list[CustomerNetwork], items: ItemWorld) -> list[Deployment]:
    products = items.levels["products"]
    by_kind: dict[str, list[Item]] = defaultdict(list)
    for product in products:
        for kind in items.family[product.ref].network_kinds:
            by_kind[kind].append(product)
    deployments, deployed = [], set()
    for network in networks:
        candidates = by_kind.get(network.kind) or products
        for product in rng.sample(candidates, min(len(candidates), rng.randint(3, 10))):
            deployments.append(_deployment(rng, network, product, items))
            deployed.add(product.ref)
    by_network_kind: dict[str, list[CustomerNetwork]] = defaultdict(list)
    for network in networks:
        by_network_kind[network.kind].append(network)
    for product in products:  # every product runs somewhere
        if product.ref not in deployed:
            kinds = [k for k in items.family[product.ref].network_kinds if by_network_kind.get(k)]
            pool = by_network_kind[rng.choice(kinds)] if kinds else networks
            deployments.append(_deployment(rng, rng.choice(pool), product, items))
    return deployments


def _deployment(rng: random.Random, network: CustomerNetwork, product: Item, items: ItemWorld) -> Deployment:
    family = items.family[product.ref]
    low, high = family.installed_per_network
    installed = int(math.exp(rng.uniform(math.log(low), math.log(high))))
    revenue = installed * family.list_price * rng.uniform(0.05, 0.2)
    return Deployment(network=network, product=product, installed_quantity=installed,
                      annual_revenue=Decimal(revenue).quantize(CENT))
