"""The demo organisation looks like the industry: subscribers within populations, a BOM that follows
the kinds, suppliers that fit what they supply, contract statuses that follow the dates."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from collections import defaultdict

import pytest
from django.core.management import call_command

from steadfast.network.demo import DemoSizes, plan_demo
from steadfast.network.demo.catalogue import materials_for
from steadfast.network.demo.customers import FULL_SCALE_NETWORKS, TOTAL_SUBSCRIBERS, build_customers
from steadfast.network.demo.geography import population
from steadfast.network.demo.items import build_items
from steadfast.network.demo.names import MATERIALS_WORDS
from steadfast.network.models import BomLine, Contract, CustomerNetwork, ItemSource, Supplier

SCALE = 0.02
LEAF_KINDS = {"raw_material", "software", "service"}
# What each kind may contain: raw materials → components → assemblies (boards, chassis) → products.
ALLOWED_CHILDREN = {
    "product": {"assembly", "software", "service"},
    "assembly": {"assembly", "component", "software"},
    "component": {"raw_material"},
}


def full_scale_networks(seed: int) -> list[CustomerNetwork]:
    """The full demo's customer networks (1,600), with a tiny item catalogue: subscribers do not
    depend on items, and planning every item at full scale would cost seconds for nothing."""
    items = build_items(random.Random(f"{seed}/items"), DemoSizes.for_scale(SCALE))
    return build_customers(random.Random(f"{seed}/customers"), DemoSizes.for_scale(1.0), items).networks


def subscribers_by_country(networks) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for network in networks:
        totals[network.country] += network.subscribers
    return totals


@pytest.mark.parametrize("seed", [7, 8])
def test_full_scale_serves_about_three_billion_and_no_country_more_than_its_people(seed):
    networks = full_scale_networks(seed)
    assert len(networks) == FULL_SCALE_NETWORKS
    total = sum(n.subscribers for n in networks)
    assert 2.5e9 <= total <= 3.5e9, f"{total:,} subscribers"
    people = population()
    over = {c: (s, people.get(c)) for c, s in subscribers_by_country(networks).items() if s > people.get(c, 0)}
    assert not over, f"countries with more subscribers than inhabitants: {over}"
    # No single network claims a market of its own size: the largest is a big operator's in a big country.
    largest = max(networks, key=lambda n: n.subscribers)
    assert largest.subscribers < 0.6 * people[largest.country]


def test_a_small_demo_serves_proportionally_fewer_and_still_within_populations():
    plan = plan_demo(seed=11, scale=SCALE)
    networks = plan.customers.networks
    total = sum(n.subscribers for n in networks)
    # The bound scales with the number of networks: TOTAL × networks / 1,600 at most.
    assert 0 < total <= TOTAL_SUBSCRIBERS * len(networks) / FULL_SCALE_NETWORKS * 1.001
    people = population()
    assert all(s <= people[c] for c, s in subscribers_by_country(networks).items())


def test_network_names_repeat_no_word():
    for network in full_scale_networks(7):
        words = [w.lower().rstrip("s") for w in re.findall(r"[A-Za-z][\w-]*", network.name)
                 if w.lower() not in ("of", "the", "and")]
        assert len(words) == len(set(words)), network.name


@pytest.mark.django_db
def test_bom_follows_the_kinds_and_suppliers_fit_what_they_supply():
    call_command("demo", seed=11, scale=SCALE, stdout=io.StringIO())
    lines = list(BomLine.objects.values_list("parent__kind", "child__kind", "parent__name", "child__name"))
    assert lines
    for parent_kind, child_kind, parent_name, child_name in lines:
        assert parent_kind not in LEAF_KINDS, f"leaf {parent_name} contains {child_name}"
        assert child_kind in ALLOWED_CHILDREN[parent_kind], f"{parent_kind} {parent_name} contains {child_kind} {child_name}"
        if child_kind == "raw_material":  # copper into a busbar, not into a label
            assert child_name.split(",")[0] in materials_for(parent_name), f"{parent_name} made of {child_name}"
    sources = ItemSource.objects.exclude(site__owner_supplier=None).values_list(
        "item__kind", "item__name", "site__owner_supplier__category", "site__owner_supplier__tier",
        "site__owner_supplier__legal_name")
    for kind, item, category, tier, supplier in sources:
        if kind == "raw_material":
            assert (category, tier) == ("components", 3), f"{item} from {supplier} (tier {tier} {category})"
        if kind in ("component", "assembly", "product"):
            assert category in ("components", "manufacturing_services"), f"{item} from {supplier} ({category})"
        if kind == "assembly":
            assert tier == 1, f"{item} from tier-{tier} {supplier}"
    for name, tier in Supplier.objects.filter(category="components").values_list("legal_name", "tier"):
        materials_company = any(word in name.split() for word in MATERIALS_WORDS)
        assert materials_company == (tier == 3), f"tier-{tier} {name}"


@pytest.mark.parametrize("as_of", [dt.date(2025, 7, 1), dt.date(2026, 12, 4), dt.date(2031, 2, 28)])
def test_contract_status_follows_the_dates(as_of):
    contracts = plan_demo(seed=11, scale=0.1, as_of=as_of).suppliers.contracts
    statuses = {c.status for c in contracts}
    assert statuses == {"active", "expired", "terminated", "draft"}
    for contract in contracts:
        if contract.status == "active":
            assert contract.end_date >= as_of, f"{contract.ref} active past its end {contract.end_date}"
            assert contract.start_date <= as_of
        elif contract.status in ("expired", "terminated"):
            assert contract.end_date < as_of and not contract.auto_renewal
        else:
            assert contract.start_date > as_of
    renewed = [c for c in contracts if c.status == "active" and c.end_date - c.start_date > dt.timedelta(days=5 * 365 + 1)]
    assert renewed, "some contracts have run past their first term and were renewed"
    assert any("renewed" in c.title for c in contracts if not c.auto_renewal)


@pytest.mark.django_db
def test_loaded_demo_has_no_active_contract_past_its_end():
    call_command("demo", seed=3, scale=SCALE, stdout=io.StringIO())
    today = dt.date.today()
    assert Contract.objects.filter(status="active").exists()
    assert not Contract.objects.filter(status="active", end_date__lt=today).exists()
