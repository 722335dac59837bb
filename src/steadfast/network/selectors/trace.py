"""End-to-end traces over the business map, both ways.

Each trace runs a fixed handful of bulk queries (a recursive BOM walk in the database that also
brings back what the trace needs of the items it reaches, then one read per kind of record; see
trace_queries.py) and walks the graph in memory, so its cost grows with the reachable part of the
map, never with the whole map and never with one query per node. The cyclic garbage collector is
paused while a trace is built (network/collector.py): its pauses were most of the slow tail.

Nothing is cached between traces: each reads the map as it is. A per-process BOM graph was weighed
and left out: checking that it is still current costs a scan of the BOM table per trace (no write
path, bulk imports included, bumps a version), about what the walks it would save cost.
"""

from __future__ import annotations

from collections import defaultdict, deque
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Sum
from django.db.models.expressions import RawSQL

from steadfast.core.scoping import is_scoped
from steadfast.network.collector import collector_paused
from steadfast.network.models import CustomerNetwork, Deployment, Item, ItemSource, Site, Supplier
from steadfast.network.selectors.customers import customer_network
from steadfast.network.selectors.graph import reachable_items_sql
from steadfast.network.selectors.items import item, item_sources
from steadfast.network.selectors.suppliers import supplier
from steadfast.network.selectors.trace_queries import (
    edges_above_with_parents,
    edges_and_sources_below,
    edges_below_with_children,
    sites_with_owners,
    supplier_chain,
)
from steadfast.network.selectors.trace_types import (
    DeployedProduct,
    ExposedNetwork,
    ExposedProduct,
    ItemRef,
    NetworkTrace,
    SiteRef,
    SourcedItem,
    SourceNode,
    SourcingTree,
    SupplierBehind,
    SupplierRef,
    SupplierTrace,
    TreeNode,
)

SOURCE_FIELDS = ("id", "ref", "item_id", "capacity_per_day", "inventory", "status", "ttr_days",
                 "site_id", "site__ref", "site__name", "site__kind", "site__country", "site__ttr_days",
                 "site__owner_supplier_id", "site__owner_supplier__ref", "site__owner_supplier__legal_name",
                 "site__owner_supplier__tier", "site__owner_supplier__country")


def _supplier_ref(obj: Supplier) -> SupplierRef:
    return SupplierRef(obj.pk, obj.ref, obj.legal_name, obj.tier, obj.country)


def _site_of(row: dict) -> SiteRef:
    owner = None
    if row["site__owner_supplier_id"] is not None:
        owner = SupplierRef(row["site__owner_supplier_id"], row["site__owner_supplier__ref"],
                            row["site__owner_supplier__legal_name"], row["site__owner_supplier__tier"],
                            row["site__owner_supplier__country"])
    return SiteRef(row["site_id"], row["site__ref"], row["site__name"], row["site__kind"], row["site__country"], owner)


def _source_node(row: dict) -> SourceNode:
    ttr = row["ttr_days"] if row["ttr_days"] is not None else row["site__ttr_days"]
    return SourceNode(row["id"], row["ref"], _site_of(row), row["capacity_per_day"], row["inventory"], row["status"], ttr)


# --- supplier → sites → items → products → customer networks -------------------------------------

@collector_paused()
def supplier_trace(*, user, supplier_id: int) -> SupplierTrace:
    """What depends on this supplier: its sites, the items sourced there, every product those items
    go into through the BOM, and the customer networks running those products."""
    subject = supplier(user=user, supplier_id=supplier_id)
    own_sources = ItemSource.objects.filter(site__owner_supplier_id=subject.pk)
    sources = list(own_sources.values(*SOURCE_FIELDS, "item__ref", "item__name", "item__kind"))
    site_list = [SiteRef(r["id"], r["ref"], r["name"], r["kind"], r["country"], _supplier_ref(subject))
                 for r in Site.objects.filter(owner_supplier_id=subject.pk).values("id", "ref", "name", "kind", "country")]
    others = dict(ItemSource.objects.filter(item_id__in=own_sources.values("item_id"))
                  .exclude(site__owner_supplier_id=subject.pk)
                  .exclude(status=ItemSource.Status.PHASED_OUT).order_by()
                  .values("item_id").annotate(n=Count("id")).values_list("item_id", "n"))
    reached: dict[int, ItemRef] = {}  # the sourced items, then everything above them
    sourced = []
    redacted = is_scoped(user)
    for r in sources:
        ref = reached.setdefault(r["item_id"], ItemRef(r["item_id"], r["item__ref"], r["item__name"], r["item__kind"]))
        sourced.append(SourcedItem(r["id"], r["ref"], ref, _site_of(r), r["capacity_per_day"], r["status"],
                                   None if redacted else others.get(r["item_id"], 0)))
    # Sole sources first for us; by ref for a respondent, whom the order would tell which it alone supplies.
    sourced.sort(key=lambda s: (not s.sole_source, s.item.ref, s.site.ref))
    if redacted:
        return SupplierTrace(_supplier_ref(subject), site_list, sourced, 0, [], [], [], redacted=True)

    start = set(reached)
    parents: dict[int, list[int]] = defaultdict(list)
    for parent_id, child_id, *parent in edges_above_with_parents(own_sources.values("item_id")):
        parents[child_id].append(parent_id)
        if parent_id not in reached:
            reached[parent_id] = ItemRef(parent_id, *parent)
    for above in parents.values():
        above.sort()  # the same paths whatever order the database hands the lines back in
    came_from: dict[int, int | None] = {item_id: None for item_id in start}
    queue = deque(sorted(start))
    while queue:  # breadth first: each product keeps a shortest path back to a sourced item
        node = queue.popleft()
        for parent_id in parents.get(node, ()):
            if parent_id not in came_from:
                came_from[parent_id] = node
                queue.append(parent_id)

    products, networks = _exposure(reached, came_from)
    subs = [_supplier_ref(s) for s in Supplier.objects.filter(parent_id=subject.pk).order_by("ref")]
    return SupplierTrace(_supplier_ref(subject), site_list, sourced, len(reached) - len(start), products, networks, subs)


def _raw_rows(queryset) -> list[tuple]:
    """The rows of a values_list() of plain integer columns straight from the cursor (thousands of
    pairs: Django's per-row iteration cost more than the query)."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


NETWORK_COLUMNS = ("id", "ref", "name", "customer_id", "customer__name", "country", "kind", "criticality", "subscribers")


CENT = Decimal(1).scaleb(-Deployment._meta.get_field("annual_revenue").decimal_places)


def _money(total: Decimal | None) -> Decimal:
    """A database SUM of revenues as the sum of the stored values would be: in cents (SQLite sums
    decimals as floats and hands back extra places), and Decimal(0) when nothing was summed."""
    return Decimal(0) if total is None else total.quantize(CENT)


def _exposure(reached: dict[int, ItemRef], came_from: dict[int, int | None]):
    """Exposed products and networks. Revenues are summed by the database (a row per product and per
    network); counts and subscribers come from the (network, product) pairs and the networks read once."""
    product_ids = sorted(item_id for item_id, ref in reached.items() if ref.kind == Item.Kind.PRODUCT)
    if not product_ids:
        return [], []
    deployed = Deployment.objects.filter(product_id__in=product_ids).order_by()
    pairs = _raw_rows(deployed.values_list("network_id", "product_id"))
    product_revenue = dict(deployed.values("product_id").annotate(revenue=Sum("annual_revenue"))
                           .values_list("product_id", "revenue"))
    network_revenue = dict(deployed.values("network_id").annotate(revenue=Sum("annual_revenue"))
                           .values_list("network_id", "revenue"))
    network_rows = {row[0]: row for row in CustomerNetwork.objects.filter(pk__in=deployed.values("network_id"))
                    .order_by().values_list(*NETWORK_COLUMNS)}
    deployments: dict[int, int] = defaultdict(int)
    subscribers: dict[int, int] = defaultdict(int)
    product_refs: dict[int, list[str]] = defaultdict(list)
    for network_id, product_id in pairs:
        deployments[product_id] += 1
        subscribers[product_id] += network_rows[network_id][-1]
        product_refs[network_id].append(reached[product_id].ref)

    products = []
    for item_id in product_ids:
        path, node = [], item_id
        while node is not None:
            path.append(reached[node])
            node = came_from.get(node)
        products.append(ExposedProduct(reached[item_id], path[::-1], deployments[item_id], subscribers[item_id],
                                       _money(product_revenue.get(item_id))))
    products.sort(key=lambda p: (-p.annual_revenue, p.product.ref))
    networks = [ExposedNetwork(*row, _money(network_revenue.get(network_id)), sorted(product_refs[network_id]))
                for network_id, row in network_rows.items()]
    networks.sort(key=lambda n: (-n.subscribers, n.ref))
    return products, networks


# --- product → full sourcing tree ----------------------------------------------------------------

@collector_paused()
def item_trace(*, user, item_id: int) -> SourcingTree:
    """The full sourcing tree of an item: every BOM level, every source of every item."""
    root_obj = item(user=user, item_id=item_id)
    root = ItemRef(root_obj.pk, root_obj.ref, root_obj.name, root_obj.kind)
    if is_scoped(user):  # the BOM and other suppliers' sources stay hidden: show what the scope allows
        own = [_source_node(r) for r in item_sources(user=user, item_id=root.id).values(*SOURCE_FIELDS)]
        node = TreeNode(root, 0, 1.0, own, redacted=True)
        return SourcingTree(root, [node], 1, len(own), 1, [], [], [], redacted=True)

    children: dict[int, list[tuple[int, float]]] = defaultdict(list)
    refs = {root.id: root}
    for parent_id, child_id, quantity, *child in edges_below_with_children(root.id):
        children[parent_id].append((child_id, quantity))
        if child_id not in refs:
            refs[child_id] = ItemRef(child_id, *child)
    down_sql, down_params = reachable_items_sql([root.id], downward=True)  # no id list: trees can be huge
    sources = _sources_by_item(ItemSource.objects.filter(item_id__in=RawSQL(down_sql, down_params)).order_by("ref"))
    for kids in children.values():
        kids.sort(key=lambda kid: refs[kid[0]].ref)

    nodes: list[TreeNode] = []
    expanded: set[int] = set()
    stack = [(root.id, 0, 1.0)]
    while stack:  # depth first, each item's subtree shown once (shared sub-assemblies are marked)
        item_id, depth, quantity = stack.pop()
        repeat = item_id in expanded
        nodes.append(TreeNode(refs[item_id], depth, quantity, sources.get(item_id, []),
                              bool(children.get(item_id)), repeat))
        if not repeat:
            expanded.add(item_id)
            stack.extend((kid, depth + 1, qty) for kid, qty in reversed(children.get(item_id, [])))
    first = {n.item.id: n for n in nodes if not n.repeat}
    suppliers = {s.site.supplier.id: s.site.supplier for ss in sources.values() for s in ss if s.site.supplier}
    return SourcingTree(
        root, nodes, len(refs), sum(len(v) for v in sources.values()), _levels(root.id, children),
        sorted((n.item for n in first.values() if n.single_sourced), key=lambda r: r.ref),
        sorted((n.item for n in first.values() if n.unsourced), key=lambda r: r.ref),
        sorted(suppliers.values(), key=lambda s: (s.tier, s.ref)))


def _sources_by_item(queryset) -> dict[int, list[SourceNode]]:
    """SourceNodes per item from plain tuples (thousands of rows): each site's SiteRef and each
    owner's SupplierRef built once and shared."""
    sites: dict[int, SiteRef] = {}
    owners: dict[int, SupplierRef] = {}
    found: dict[int, list[SourceNode]] = defaultdict(list)
    for (pk, ref, item_id, capacity, inventory, status, ttr_days, site_id, site_ref, site_name, site_kind,
         site_country, site_ttr, owner_id, *owner) in queryset.values_list(*SOURCE_FIELDS):
        site = sites.get(site_id)
        if site is None:
            supplier = None
            if owner_id is not None:
                supplier = owners.get(owner_id)
                if supplier is None:
                    supplier = owners[owner_id] = SupplierRef(owner_id, *owner)
            site = sites[site_id] = SiteRef(site_id, site_ref, site_name, site_kind, site_country, supplier)
        found[item_id].append(SourceNode(pk, ref, site, capacity, inventory, status,
                                         ttr_days if ttr_days is not None else site_ttr))
    return found


def _levels(root_id: int, children: dict[int, list[tuple[int, float]]]) -> int:
    """Number of BOM levels under the root (1 = no children), by longest path, without recursion."""
    height: dict[int, int] = {}
    stack = [(root_id, False)]
    while stack:
        node, done = stack.pop()
        if done:
            height[node] = 1 + max((height[k] for k, _ in children.get(node, ())), default=0)
        elif node not in height:
            stack.append((node, True))
            stack.extend((k, False) for k, _ in children.get(node, ()) if k not in height)
    return height[root_id]


# --- customer network → products → suppliers and sites (all tiers) --------------------------------

@collector_paused()
def network_trace(*, user, network_id: int) -> NetworkTrace:
    network = customer_network(user=user, network_id=network_id)
    deployed = list(Deployment.objects.filter(network_id=network.pk).order_by("product__ref").values(
        "installed_quantity", "annual_revenue", "product_id", "product__ref", "product__name", "product__kind"))
    product_ids = [d["product_id"] for d in deployed]
    head = (network.pk, network.ref, network.name, network.customer.name, network.subscribers)

    def product_ref(d: dict) -> ItemRef:
        return ItemRef(d["product_id"], d["product__ref"], d["product__name"], d["product__kind"])

    if is_scoped(user):
        products = [DeployedProduct(product_ref(d), d["installed_quantity"], d["annual_revenue"], None, None)
                    for d in deployed]
        return NetworkTrace(*head, products, [], [], 0, redacted=True)

    edges, source_rows = edges_and_sources_below(product_ids)
    children: dict[int, list[int]] = defaultdict(list)
    for parent_id, child_id in edges:
        children[parent_id].append(child_id)
    active: dict[int, int] = defaultdict(int)
    site_ids = set()
    for item_id, site_id, status in source_rows:
        site_ids.add(site_id)
        if status != ItemSource.Status.PHASED_OUT:
            active[item_id] += 1
    products, all_items = [], set()
    for d in deployed:
        closure = _closure(d["product_id"], children)
        all_items |= closure
        single = sum(1 for i in closure if active.get(i) == 1)
        products.append(DeployedProduct(product_ref(d), d["installed_quantity"], d["annual_revenue"], len(closure), single))

    sites = _site_refs(sites_with_owners(site_ids))
    site_count: dict[int, int] = defaultdict(int)
    owners: dict[int, SupplierRef] = {}
    for site in sites:
        if site.supplier:
            site_count[site.supplier.id] += 1
            owners[site.supplier.id] = site.supplier
    behind = [SupplierBehind(s, site_count[s.id], "sources") for s in owners.values()]
    listed = set(owners)
    for relation, row in supplier_chain(set(site_count)):
        if row[0] not in listed:
            listed.add(row[0])
            behind.append(SupplierBehind(SupplierRef(*row), 0, relation))
    behind.sort(key=lambda b: (b.supplier.tier, b.supplier.ref))
    return NetworkTrace(*head, products, behind, sorted(sites, key=lambda s: s.ref), len(all_items))


def _site_refs(rows) -> list[SiteRef]:
    """SiteRefs from sites_with_owners() rows, each owner's SupplierRef built once and shared."""
    owners: dict[int, SupplierRef] = {}
    found = []
    for pk, ref, name, kind, country, owner_id, *owner in rows:
        supplier = None
        if owner_id is not None:
            supplier = owners.get(owner_id)
            if supplier is None:
                supplier = owners[owner_id] = SupplierRef(owner_id, *owner)
        found.append(SiteRef(pk, ref, name, kind, country, supplier))
    return found


def _closure(start: int, children: dict[int, list[int]]) -> set[int]:
    seen, stack = {start}, [start]
    while stack:
        for kid in children.get(stack.pop(), ()):
            if kid not in seen:
                seen.add(kid)
                stack.append(kid)
    return seen
