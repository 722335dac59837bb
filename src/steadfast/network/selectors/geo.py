"""Data for the world map: every visible site as a compact row (or, past a limit, grid cells of
counts), customer networks by country."""

from __future__ import annotations

from django.db.models import Avg, Count, Sum, Value
from django.db.models.functions import Coalesce, Floor

from steadfast.network.models import SiteKind
from steadfast.network.selectors.customers import customer_networks
from steadfast.network.selectors.suppliers import sites

SITE_COLUMNS = ("id", "lat", "lon", "kind", "tier", "country", "name")
GROUP_COLUMNS = ("cell", "lat", "lon", "kind", "tier", "country", "count")
CELL_DEGREES = 1  # grid cells of 1° latitude × 1° longitude


def map_sites(*, user, limit: int | None = None) -> dict:
    """Sites as arrays (10,000+ rows stay small): [id, lat, lon, kind index, tier (0 = ours), country, name].

    With `limit`, more visible sites than that come as grid cells instead (see `map_cells`)."""
    visible = sites(user=user).order_by()
    kinds = list(SiteKind.values)
    if limit is not None:
        total = visible.count()
        if total > limit:
            return map_cells(visible, kinds=kinds, total=total, limit=limit)
    index = {kind: i for i, kind in enumerate(kinds)}
    rows = [[pk, round(lat, 3), round(lon, 3), index.get(kind, 0), tier or 0, country, name]
            for pk, lat, lon, kind, tier, country, name in visible.values_list(
                "id", "latitude", "longitude", "kind", "owner_supplier__tier", "country", "name")]
    return {"columns": list(SITE_COLUMNS), "kinds": kinds, "kind_labels": [k.label for k in SiteKind], "rows": rows}


def map_cells(visible, *, kinds: list[str], total: int, limit: int) -> dict:
    """The visible sites counted by the database per grid cell × country × kind × tier, each group
    with its sites' mean coordinates: [cell, lat, lon, kind index, tier (0 = ours), country, count].
    `cell` numbers the 1° cell (same number, same cell), so the browser can sum the groups that
    match its filters into one circle per cell."""
    index = {kind: i for i, kind in enumerate(kinds)}
    groups = (visible.annotate(cell_lat=Floor("latitude"), cell_lon=Floor("longitude"),
                               tier_or_ours=Coalesce("owner_supplier__tier", Value(0)))
              .values("cell_lat", "cell_lon", "country", "kind", "tier_or_ours")
              .annotate(count=Count("id"), mean_lat=Avg("latitude"), mean_lon=Avg("longitude"))
              .values_list("cell_lat", "cell_lon", "mean_lat", "mean_lon", "kind", "tier_or_ours", "country", "count"))
    rows = [[(int(cell_lat) + 90) * 361 + int(cell_lon) + 180, round(lat, 3), round(lon, 3), index.get(kind, 0),
             tier, country, count]
            for cell_lat, cell_lon, lat, lon, kind, tier, country, count in groups]
    return {"grouped": True, "total": total, "limit": limit, "cell_degrees": CELL_DEGREES,
            "columns": list(GROUP_COLUMNS), "kinds": kinds, "kind_labels": [k.label for k in SiteKind], "rows": rows}


def networks_by_country(*, user) -> dict[str, dict[str, int]]:
    totals = (customer_networks(user=user).order_by().values("country")
              .annotate(count=Count("id"), subscribers=Sum("subscribers")))
    return {row["country"]: {"count": row["count"], "subscribers": row["subscribers"] or 0} for row in totals}
