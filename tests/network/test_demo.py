"""The demo organisation: reproducible, scaled, deep, sustainable and valid, loaded for real."""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from steadfast.core.models import AuditEvent
from steadfast.core.services.audit import verify_chain
from steadfast.network.demo import DemoSizes, plan_demo
from steadfast.network.identifiers import lei_is_valid
from steadfast.network.models import (
    BomLine,
    Contract,
    Customer,
    CustomerNetwork,
    Deployment,
    Item,
    ItemSource,
    Site,
    Supplier,
    SupplierContact,
)

SCALE = 0.02
MAP_MODELS = (Supplier, SupplierContact, Site, Contract, Item, BomLine, ItemSource, Customer, CustomerNetwork, Deployment)


def load(seed: int = 11, scale: float = SCALE, **options) -> None:
    call_command("demo", seed=seed, scale=scale, stdout=_Sink(), **options)


class _Sink:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def map_digest() -> str:
    """A hash of every map row by its natural keys and values (database ids and timestamps left out)."""
    digest = hashlib.sha256()
    rows = {
        Supplier: Supplier.objects.values_list("ref", "legal_name", "country", "duns", "lei", "vat", "tier", "parent__ref",
                                               "category", "status", "website", "notes"),
        SupplierContact: SupplierContact.objects.values_list("supplier__ref", "name", "email", "role"),
        Site: Site.objects.values_list("ref", "owner_supplier__ref", "name", "kind", "country", "subdivision", "city",
                                       "latitude", "longitude", "ttr_days"),
        Contract: Contract.objects.values_list("ref", "supplier__ref", "title", "start_date", "end_date", "auto_renewal",
                                               "notice_days", "value", "currency", "status"),
        Item: Item.objects.values_list("ref", "name", "kind", "unit", "unit_cost", "demand_per_day", "margin_per_unit"),
        BomLine: BomLine.objects.values_list("parent__ref", "child__ref", "quantity"),
        ItemSource: ItemSource.objects.values_list("ref", "item__ref", "site__ref", "capacity_per_day", "inventory",
                                                   "lead_time_days", "ttr_days", "share", "status"),
        Customer: Customer.objects.values_list("ref", "name", "country", "segment"),
        CustomerNetwork: CustomerNetwork.objects.values_list("ref", "customer__ref", "name", "country", "kind", "subscribers",
                                                             "criticality", "restore_target_hours"),
        Deployment: Deployment.objects.values_list("network__ref", "product__ref", "installed_quantity", "annual_revenue"),
    }
    for model, queryset in rows.items():
        for row in sorted(queryset, key=repr):
            digest.update(f"{model.__name__}|{row!r}\n".encode())
    return digest.hexdigest()


def derived_demand() -> dict[int, float]:
    """Product demand pushed down the BOM read back from the database (Kahn's topological order)."""
    demand = dict(Item.objects.values_list("pk", "demand_per_day"))
    children = defaultdict(list)
    indegree = defaultdict(int)
    for parent, child, quantity in BomLine.objects.values_list("parent_id", "child_id", "quantity"):
        children[parent].append((child, quantity))
        indegree[child] += 1
    ready = [pk for pk in demand if indegree[pk] == 0]
    visited = 0
    while ready:
        pk = ready.pop()
        visited += 1
        for child, quantity in children[pk]:
            demand[child] += demand[pk] * quantity
            indegree[child] -= 1
            if indegree[child] == 0:
                ready.append(child)
    assert visited == len(demand), "the BOM has a cycle"
    return demand


@pytest.mark.django_db
def test_same_seed_gives_identical_data_and_another_seed_does_not():
    load(seed=11)
    first = map_digest()
    load(seed=11, replace=True)
    assert map_digest() == first
    load(seed=12, replace=True)
    assert map_digest() != first


def test_plan_is_deterministic_without_a_database():
    def fingerprint(plan):
        return [(s.ref, s.legal_name, s.country, s.lei) for s in plan.suppliers.suppliers] + \
               [(s.ref, s.capacity_per_day, s.inventory) for s in plan.sources]

    assert fingerprint(plan_demo(seed=5, scale=SCALE)) == fingerprint(plan_demo(seed=5, scale=SCALE))


@pytest.mark.django_db
def test_counts_follow_the_scale():
    load(scale=SCALE)
    sizes = DemoSizes.for_scale(SCALE)
    assert Supplier.objects.count() == sizes.suppliers
    assert Site.objects.count() == sizes.own_sites + sizes.supplier_sites
    assert Item.objects.filter(kind="product").count() == sizes.products
    assert Item.objects.count() == sum((sizes.products, sizes.assemblies, sizes.sub_assemblies, sizes.components,
                                        sizes.parts, sizes.raw_materials, sizes.software, sizes.services))
    assert Customer.objects.count() == sizes.customers
    assert CustomerNetwork.objects.count() == sizes.networks
    assert ItemSource.objects.count() >= Item.objects.count()


def test_full_scale_meets_the_issue_floors_and_scale_multiplies():
    full, double = DemoSizes.for_scale(1.0), DemoSizes.for_scale(2.0)
    assert full.suppliers >= 4000 and full.own_sites + full.supplier_sites >= 10000
    assert full.products >= 150 and full.customers >= 500 and full.networks >= 1500
    items = sum((full.products, full.assemblies, full.sub_assemblies, full.components, full.parts, full.raw_materials,
                 full.software, full.services))
    assert items >= 20000
    assert double.suppliers == 2 * full.suppliers and double.networks == 2 * full.networks
    with pytest.raises(ValueError, match="scale must be above 0"):
        DemoSizes.for_scale(0)


@pytest.mark.django_db
def test_bom_is_acyclic_and_five_levels_deep():
    load()
    children = defaultdict(list)
    for parent, child in BomLine.objects.values_list("parent_id", "child_id"):
        children[parent].append(child)
    depth: dict[int, int] = {}

    def longest(pk: int, path: frozenset) -> int:  # edges on the longest path below pk
        assert pk not in path, "cycle in the BOM"
        if pk not in depth:
            depth[pk] = max((1 + longest(child, path | {pk}) for child in children[pk]), default=0)
        return depth[pk]

    products = Item.objects.filter(kind="product").values_list("pk", flat=True)
    deepest = max(longest(pk, frozenset()) for pk in products)
    assert deepest >= 4  # raw material → component → sub-assembly (board) → assembly (chassis) → product
    kinds = set(Item.objects.values_list("kind", flat=True))
    assert kinds == {"raw_material", "component", "assembly", "software", "service", "product"}
    derived_demand()  # topological order exists (asserts no cycle)


@pytest.mark.django_db
def test_every_item_has_approved_capacity_for_its_derived_demand():
    load()
    demand = derived_demand()
    capacity = defaultdict(float)
    for item_id, cap in ItemSource.objects.filter(status="approved").values_list("item_id", "capacity_per_day"):
        capacity[item_id] += math.inf if cap is None else cap
    short = {pk: (need, capacity[pk]) for pk, need in demand.items() if capacity[pk] < need}
    assert not short, f"items without enough approved capacity: {list(short.items())[:5]}"
    assert all(need > 0 for need in demand.values()), "every item is used by some product"
    unlimited = ItemSource.objects.filter(capacity_per_day__isnull=True).count()
    assert 0 < unlimited < ItemSource.objects.count()
    assert ItemSource.objects.filter(inventory__gt=0).exists()


@pytest.mark.django_db
def test_sourcing_mixes_single_dual_and_multiple_sources():
    load()
    per_item = defaultdict(int)
    for item_id in ItemSource.objects.filter(status="approved").values_list("item_id", flat=True):
        per_item[item_id] += 1
    counts = set(per_item.values())
    assert {1, 2}.issubset(counts) and max(counts) >= 3
    assert len(per_item) == Item.objects.count()
    assert ItemSource.objects.exclude(status="approved").exists()


@pytest.mark.django_db
def test_suppliers_tiers_identifiers_and_records_are_valid():
    load()
    assert set(Supplier.objects.values_list("tier", flat=True)) == {1, 2, 3}
    for supplier in Supplier.objects.filter(tier__gte=2).select_related("parent"):
        assert supplier.parent.tier == supplier.tier - 1
    assert set(Supplier.objects.values_list("category", flat=True)) == {c.value for c in Supplier.Category}
    assert set(Supplier.objects.values_list("status", flat=True)) == {s.value for s in Supplier.Status}
    leis = [lei for lei in Supplier.objects.values_list("lei", flat=True) if lei]
    assert leis and all(lei_is_valid(lei) for lei in leis)
    assert all(len(d) == 9 and d.isdigit() for d in Supplier.objects.exclude(duns="").values_list("duns", flat=True))
    assert Site.objects.filter(owner_supplier__isnull=True).exists()
    assert set(Site.objects.values_list("kind", flat=True)) >= {"factory", "warehouse", "office", "data_centre"}
    for model in MAP_MODELS:  # the model's own validation (country codes, ranges, LEI, subdivisions) on a sample
        for instance in model.objects.all()[:40]:
            instance.full_clean()


@pytest.mark.django_db
def test_products_have_sources_and_run_in_customer_networks():
    load()
    products = Item.objects.filter(kind="product")
    assert products.exists()
    for product in products:
        assert product.sources.filter(status="approved").exists(), product.ref
        assert product.deployments.exists(), product.ref
        assert product.demand_per_day > 0 and product.margin_per_unit > 0
    assert Deployment.objects.filter(annual_revenue__gt=0).count() == Deployment.objects.count()


@pytest.mark.django_db
def test_one_audit_event_per_object_and_the_chain_verifies():
    load(audit="object")
    created = sum(model.objects.count() for model in MAP_MODELS)
    assert AuditEvent.objects.filter(verb="create", object_type__startswith="network.").count() == created
    assert verify_chain().ok


@pytest.mark.django_db
def test_default_audit_writes_one_create_event_per_object():
    load()
    created = AuditEvent.objects.filter(verb="create", object_type__startswith="network.")
    assert created.filter(object_type="network.supplier").count() == Supplier.objects.count()
    assert created.filter(object_type="network.bomline").count() == BomLine.objects.count()
    sample = created.filter(object_type="network.site").first()
    assert sample.changes["ref"][0] is None and sample.changes["ref"][1].startswith("S")
    assert verify_chain().ok


@pytest.mark.django_db
def test_summary_audit_writes_one_event_per_entity_kind():
    load(audit="summary")
    events = AuditEvent.objects.filter(verb="create", object_type__startswith="network.")
    assert events.count() == len(MAP_MODELS) + 2  # suppliers are written tier by tier
    supplier_events = events.filter(object_type="network.supplier")
    assert sum(e.changes["count"] for e in supplier_events) == Supplier.objects.count()
    assert all(len(e.changes["sha256"]) == 64 for e in events)
    assert verify_chain().ok


@pytest.mark.django_db
def test_refuses_a_map_with_data_and_replace_starts_afresh(supplier_factory):
    supplier_factory(ref="MINE-1")
    with pytest.raises(CommandError, match=r"already holds data \(1 suppliers\).*--replace"):
        load()
    assert Supplier.objects.count() == 1 and Item.objects.count() == 0
    load(replace=True)
    assert not Supplier.objects.filter(ref="MINE-1").exists()
    assert Supplier.objects.count() == DemoSizes.for_scale(SCALE).suppliers
    assert AuditEvent.objects.filter(verb="delete", object_type="network.supplier", changes__count=1).exists()


@pytest.mark.django_db
def test_bad_scale_is_refused_with_a_clear_message():
    with pytest.raises(CommandError, match="--scale: scale must be above 0"):
        load(scale=0)
    assert Supplier.objects.count() == 0
