"""Data for the world map: every visible site as a compact row, customer networks by country."""

from __future__ import annotations

from django.db.models import Count, Sum

from steadfast.network.models import SiteKind
from steadfast.network.selectors.customers import customer_networks
from steadfast.network.selectors.suppliers import sites

SITE_COLUMNS = ("id", "lat", "lon", "kind", "tier", "country", "name")


def map_sites(*, user) -> dict:
    """Sites as arrays (10,000+ rows stay small): [id, lat, lon, kind index, tier (0 = ours), country, name]."""
    kinds = list(SiteKind.values)
    index = {kind: i for i, kind in enumerate(kinds)}
    rows = [[pk, round(lat, 3), round(lon, 3), index.get(kind, 0), tier or 0, country, name]
            for pk, lat, lon, kind, tier, country, name in sites(user=user).order_by().values_list(
                "id", "latitude", "longitude", "kind", "owner_supplier__tier", "country", "name")]
    return {"columns": list(SITE_COLUMNS), "kinds": kinds, "kind_labels": [k.label for k in SiteKind], "rows": rows}


def networks_by_country(*, user) -> dict[str, dict[str, int]]:
    totals = (customer_networks(user=user).order_by().values("country")
              .annotate(count=Count("id"), subscribers=Sum("subscribers")))
    return {row["country"]: {"count": row["count"], "subscribers": row["subscribers"] or 0} for row in totals}
