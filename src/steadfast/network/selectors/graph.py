"""Walking the BOM in the database: one recursive query per walk, whatever its depth.

`WITH RECURSIVE ... UNION` (not UNION ALL) visits each item once, so a walk is linear in the
reachable sub-BOM and terminates even on bad data. SQLite and PostgreSQL both run it unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import QuerySet

from steadfast.network.models import BomLine, Item

BomEdge = tuple[int, int, int, float]  # (line id, parent item id, child item id, quantity)


def _seed_sql(seed: QuerySet | Iterable[int]) -> tuple[str, list]:
    if isinstance(seed, QuerySet):
        sql, params = seed.order_by().query.sql_with_params()  # no ORDER BY inside a UNION
        return sql, list(params)
    ids = [int(i) for i in seed]
    if not ids:
        return f"SELECT id FROM {Item._meta.db_table} WHERE 1 = 0", []
    return f"SELECT id FROM {Item._meta.db_table} WHERE id IN ({', '.join(['%s'] * len(ids))})", ids


def _walk(seed: QuerySet | Iterable[int], *, downward: bool) -> list[BomEdge]:
    bom = BomLine._meta.db_table
    seed_sql, params = _seed_sql(seed)
    step_from, step_to = ("parent_id", "child_id") if downward else ("child_id", "parent_id")
    sql = (
        f"WITH RECURSIVE reach(item_id) AS ({seed_sql} "
        f"UNION SELECT b.{step_to} FROM {bom} b JOIN reach r ON b.{step_from} = r.item_id) "
        f"SELECT b.id, b.parent_id, b.child_id, b.quantity FROM {bom} b "
        f"JOIN reach r ON b.{step_from} = r.item_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], row[1], row[2], float(row[3])) for row in cursor.fetchall()]


def bom_edges_below(seed: QuerySet | Iterable[int]) -> list[BomEdge]:
    """Every BOM line under the seed items (their children, grandchildren, ...). `seed` is a list of
    item ids or a one-column queryset of item ids (e.g. `.values("item_id")`)."""
    return _walk(seed, downward=True)


def bom_edges_above(seed: QuerySet | Iterable[int]) -> list[BomEdge]:
    """Every BOM line above the seed items (the assemblies and products they go into)."""
    return _walk(seed, downward=False)


def reachable_items_sql(seed: QuerySet | Iterable[int], *, downward: bool) -> tuple[str, list]:
    """SQL (and params) selecting the ids of the seed items and everything below (or above) them,
    for use as `filter(pk__in=RawSQL(sql, params))`: bulk reads without long id lists."""
    bom = BomLine._meta.db_table
    seed_sql, params = _seed_sql(seed)
    step_from, step_to = ("parent_id", "child_id") if downward else ("child_id", "parent_id")
    return (f"WITH RECURSIVE reach(item_id) AS ({seed_sql} "
            f"UNION SELECT b.{step_to} FROM {bom} b JOIN reach r ON b.{step_from} = r.item_id) "
            f"SELECT item_id FROM reach"), params
