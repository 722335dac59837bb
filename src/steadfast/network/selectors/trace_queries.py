"""The SQL behind the traces: a BOM walk in the database that brings back, in the same statement,
what the trace needs of the items it reaches (their refs, or their sources), so no trace walks the
BOM once for the graph and again for the items on it. (The product tree reads its sources with the
walk as a subquery, `graph.reachable_items_sql`: about a millisecond, and no id list to outgrow.)

`WITH RECURSIVE ... UNION` (not UNION ALL) visits each item once, so a walk is linear in the
reachable sub-BOM and terminates even on bad data. SQLite and PostgreSQL both run these unchanged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from steadfast.network.models import BomLine, Item, ItemSource, Site, Supplier

BOM = BomLine._meta.db_table
ITEM = Item._meta.db_table
SOURCE = ItemSource._meta.db_table
SITE = Site._meta.db_table
SUPPLIER = Supplier._meta.db_table


def _among(column: str, ids: Iterable[int]) -> tuple[str, list]:
    """`column` is one of `ids`, as SQL with a single parameter however many ids there are: an array
    on PostgreSQL, a JSON list on SQLite (its JSON functions are needed for JSONField anyway). A
    placeholder per id hit SQLite's parameter limit on large maps, and on PostgreSQL cost 15-25 ms
    per few thousand ids in binding alone."""
    ids = sorted({int(i) for i in ids})
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [ids]
    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(ids)]


def _reach(seed_sql: str, *, downward: bool) -> str:
    """The recursive part: `reach(item_id)` = the seed items and everything below (or above) them."""
    step_from, step_to = ("parent_id", "child_id") if downward else ("child_id", "parent_id")
    return (f"WITH RECURSIVE reach(item_id) AS ({seed_sql} "
            f"UNION SELECT b.{step_to} FROM {BOM} b JOIN reach r ON b.{step_from} = r.item_id) ")


def _seed(ids: Iterable[int]) -> tuple[str, list]:
    condition, params = _among("id", ids)
    return f"SELECT id FROM {ITEM} WHERE {condition}", params


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def edges_above_with_parents(seed: QuerySet) -> list[tuple[int, int, str, str, str]]:
    """Every BOM line above the seed items (a one-column queryset of item ids, e.g. a supplier's
    sources' `.values("item_id")`: no id list, however many) as (parent id, child id, parent ref,
    name, kind): one walk gives both the graph and the items on it."""
    seed_sql, params = seed.order_by().query.sql_with_params()  # no ORDER BY inside a UNION
    return _rows(_reach(seed_sql, downward=False) +
                 f"SELECT b.parent_id, b.child_id, i.ref, i.name, i.kind FROM {BOM} b "
                 f"JOIN reach r ON b.child_id = r.item_id JOIN {ITEM} i ON i.id = b.parent_id", list(params))


def edges_below_with_children(root_id: int) -> list[tuple[int, int, float, str, str, str]]:
    """Every BOM line under the root as (parent id, child id, quantity, child ref, name, kind)."""
    seed_sql, params = _seed([root_id])
    return [(parent, child, float(quantity), ref, name, kind) for parent, child, quantity, ref, name, kind in
            _rows(_reach(seed_sql, downward=True) +
                  f"SELECT b.parent_id, b.child_id, b.quantity, i.ref, i.name, i.kind FROM {BOM} b "
                  f"JOIN reach r ON b.parent_id = r.item_id JOIN {ITEM} i ON i.id = b.child_id", params)]


def edges_and_sources_below(seed: Iterable[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """One walk down from the seed items: the BOM lines under them as (parent id, child id), and the
    sources of every item reached (seed items included) as (item id, site id, status)."""
    seed_sql, params = _seed(seed)
    rows = _rows(_reach(seed_sql, downward=True) +
                 f"SELECT 0, b.parent_id, b.child_id, NULL FROM {BOM} b JOIN reach r ON b.parent_id = r.item_id "
                 f"UNION ALL SELECT 1, s.item_id, s.site_id, s.status FROM {SOURCE} s "
                 f"JOIN reach r ON s.item_id = r.item_id", params)
    edges = [(parent, child) for kind, parent, child, _ in rows if kind == 0]
    sources = [(item_id, site_id, status) for kind, item_id, site_id, status in rows if kind == 1]
    return edges, sources


def sites_with_owners(site_ids: Iterable[int]) -> list[tuple]:
    """(id, ref, name, kind, country, owner id, owner ref, legal name, tier, country) of each site; the
    owner columns are None for our own sites. Thousands of ids go straight to the cursor as one
    parameter (the ORM prepares an `IN` list value by value: that cost more than the query)."""
    condition, params = _among("st.id", site_ids)
    return _rows(f"SELECT st.id, st.ref, st.name, st.kind, st.country, st.owner_supplier_id, sp.ref, "
                 f"sp.legal_name, sp.tier, sp.country FROM {SITE} st "
                 f"LEFT JOIN {SUPPLIER} sp ON sp.id = st.owner_supplier_id WHERE {condition}", params)


def supplier_chain(direct: set[int]) -> list[tuple[str, tuple[int, str, str, int, str]]]:
    """Suppliers linked to `direct` by the parent chain, as (relation, supplier columns): their
    sub-tiers ("sub-tier") and those they supply through ("supplies through"). The walks start one
    step away from `direct` (their children; their parents), so the answer holds only the suppliers
    added, not the thousand-odd `direct` ones again."""
    if not direct:
        return []
    children_of, params = _among("parent_id", direct)
    parents_of, _ = _among("id", direct)
    found = []
    for relation, start, step in (
            ("sub-tier", children_of, "s.parent_id = c.id"),
            ("supplies through", f"id IN (SELECT parent_id FROM {SUPPLIER} WHERE {parents_of})", "s.id = c.parent_id")):
        sql = (f"WITH RECURSIVE chain(id, parent_id) AS (SELECT id, parent_id FROM {SUPPLIER} WHERE {start} "
               f"UNION SELECT s.id, s.parent_id FROM {SUPPLIER} s JOIN chain c ON {step}) "
               f"SELECT s.id, s.ref, s.legal_name, s.tier, s.country FROM {SUPPLIER} s JOIN chain c ON s.id = c.id")
        found += [(relation, row) for row in _rows(sql, params) if row[0] not in direct]
    return found
