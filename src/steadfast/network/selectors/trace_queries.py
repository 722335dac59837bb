"""The SQL behind the traces: a BOM walk in the database that brings back, in the same statement,
what the trace needs of the items it reaches (their refs, or their sources), so no trace walks the
BOM once for the graph and again for the items on it. (The product tree reads its sources with the
walk as a subquery, `graph.reachable_items_sql`: about a millisecond, and no id list to outgrow.)

`WITH RECURSIVE ... UNION` (not UNION ALL) visits each item once, so a walk is linear in the
reachable sub-BOM and terminates even on bad data. SQLite and PostgreSQL both run these unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from steadfast.network.models import BomLine, Item, ItemSource, Site, Supplier

BOM = BomLine._meta.db_table
ITEM = Item._meta.db_table
SOURCE = ItemSource._meta.db_table
SITE = Site._meta.db_table
SUPPLIER = Supplier._meta.db_table
ID_BATCH = 10_000  # ids per `IN (...)`: one query at the demo's scale, within every backend's parameter limit


def _placeholders(ids: list[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _reach(seed_sql: str, *, downward: bool) -> str:
    """The recursive part: `reach(item_id)` = the seed items and everything below (or above) them."""
    step_from, step_to = ("parent_id", "child_id") if downward else ("child_id", "parent_id")
    return (f"WITH RECURSIVE reach(item_id) AS ({seed_sql} "
            f"UNION SELECT b.{step_to} FROM {BOM} b JOIN reach r ON b.{step_from} = r.item_id) ")


def _seed(ids: list[int]) -> str:
    return f"SELECT id FROM {ITEM} WHERE id IN ({_placeholders(ids)})"


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
    return [(parent, child, float(quantity), ref, name, kind) for parent, child, quantity, ref, name, kind in
            _rows(_reach(_seed([root_id]), downward=True) +
                  f"SELECT b.parent_id, b.child_id, b.quantity, i.ref, i.name, i.kind FROM {BOM} b "
                  f"JOIN reach r ON b.parent_id = r.item_id JOIN {ITEM} i ON i.id = b.child_id", [root_id])]


def edges_and_sources_below(seed: Iterable[int]) -> tuple[list[tuple[int, int]], list[tuple[int, int, str]]]:
    """One walk down from the seed items: the BOM lines under them as (parent id, child id), and the
    sources of every item reached (seed items included) as (item id, site id, status)."""
    ids = sorted({int(i) for i in seed})
    if not ids:
        return [], []
    rows = _rows(_reach(_seed(ids), downward=True) +
                 f"SELECT 0, b.parent_id, b.child_id, NULL FROM {BOM} b JOIN reach r ON b.parent_id = r.item_id "
                 f"UNION ALL SELECT 1, s.item_id, s.site_id, s.status FROM {SOURCE} s "
                 f"JOIN reach r ON s.item_id = r.item_id", ids)
    edges = [(parent, child) for kind, parent, child, _ in rows if kind == 0]
    sources = [(item_id, site_id, status) for kind, item_id, site_id, status in rows if kind == 1]
    return edges, sources


def sites_with_owners(site_ids: Iterable[int]) -> list[tuple]:
    """(id, ref, name, kind, country, owner id, owner ref, legal name, tier, country) of each site; the
    owner columns are None for our own sites. Thousands of ids go straight to the cursor (the ORM's
    per-value preparation of an `IN` list cost more than the query)."""
    ids = sorted({int(i) for i in site_ids})
    rows: list[tuple] = []
    for start in range(0, len(ids), ID_BATCH):
        batch = ids[start:start + ID_BATCH]
        rows += _rows(f"SELECT st.id, st.ref, st.name, st.kind, st.country, st.owner_supplier_id, sp.ref, "
                      f"sp.legal_name, sp.tier, sp.country FROM {SITE} st "
                      f"LEFT JOIN {SUPPLIER} sp ON sp.id = st.owner_supplier_id "
                      f"WHERE st.id IN ({_placeholders(batch)})", batch)
    return rows


def supplier_chain(direct: set[int]) -> list[tuple[str, tuple[int, str, str, int, str]]]:
    """Suppliers linked to `direct` by the parent chain, as (relation, supplier columns): their
    sub-tiers ("sub-tier") and those they supply through ("supplies through"). The walks start one
    step away from `direct` (their children; their parents), so the answer holds only the suppliers
    added, not the thousand-odd `direct` ones again."""
    if not direct:
        return []
    ids = sorted(direct)
    seed = _placeholders(ids)
    found = []
    for relation, start, step in (
            ("sub-tier", f"parent_id IN ({seed})", "s.parent_id = c.id"),
            ("supplies through", f"id IN (SELECT parent_id FROM {SUPPLIER} WHERE id IN ({seed}))", "s.id = c.parent_id")):
        sql = (f"WITH RECURSIVE chain(id, parent_id) AS (SELECT id, parent_id FROM {SUPPLIER} WHERE {start} "
               f"UNION SELECT s.id, s.parent_id FROM {SUPPLIER} s JOIN chain c ON {step}) "
               f"SELECT s.id, s.ref, s.legal_name, s.tier, s.country FROM {SUPPLIER} s JOIN chain c ON s.id = c.id")
        found += [(relation, row) for row in _rows(sql, ids) if row[0] not in direct]
    return found
