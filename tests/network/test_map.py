"""Map data past STEADFAST_MAP_SITE_LIMIT: the database groups the visible sites into 1° cells."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from steadfast.network import selectors, services


def map_data(user) -> dict:
    client = Client()
    client.force_login(user)
    response = client.get(reverse("network:map_data"))
    assert response.status_code == 200
    return response.json()


def by_country(payload: dict) -> dict[str, dict]:
    columns = payload["columns"]
    return {dict(zip(columns, row))["country"]: dict(zip(columns, row)) for row in payload["rows"]}


def cell(lat: int, lon: int) -> int:
    return (lat + 90) * 361 + lon + 180


@pytest.fixture
def more_sites(business_map, admin_user):
    """A second ACME factory in ACME-F1's cell, and a site south and west of zero (Floor, not truncation)."""
    services.create_site(actor=admin_user, ref="ACME-F2", name="ACME-F2 site", kind="factory", country="DE",
                         latitude=48.5, longitude=11.2, owner_supplier=business_map.acme)
    services.create_site(actor=admin_user, ref="HQ-W1", name="HQ-W1 site", kind="warehouse", country="CL",
                         latitude=-33.9, longitude=-70.6, owner_supplier=None)
    return business_map


def test_past_the_limit_sites_come_as_cell_groups_with_counts_and_mean_coordinates(more_sites, admin_user, settings):
    settings.STEADFAST_MAP_SITE_LIMIT = 5
    data = map_data(admin_user)
    sites = data["sites"]
    assert sites["grouped"] is True and sites["limit"] == 5 and sites["total"] == 6
    assert sites["columns"] == ["cell", "lat", "lon", "kind", "tier", "country", "count"]
    assert sum(row[-1] for row in sites["rows"]) == 6 == len(sites["rows"]) + 1
    groups = by_country(sites)
    factory, warehouse = sites["kinds"].index("factory"), sites["kinds"].index("warehouse")
    assert groups["DE"] == {"cell": cell(48, 11), "lat": 48.3, "lon": 11.4, "kind": factory, "tier": 1,
                            "country": "DE", "count": 2}
    assert groups["CL"] == {"cell": cell(-34, -71), "lat": -33.9, "lon": -70.6, "kind": warehouse, "tier": 0,
                            "country": "CL", "count": 1}
    assert groups["TW"]["tier"] == 2 and groups["FI"]["tier"] == 0
    assert "name" not in sites["columns"] and "id" not in sites["columns"]
    assert data["networks"]["FR"]["count"] == 3


def test_cell_groups_keep_a_supplier_respondents_scope(more_sites, make_user, settings):
    settings.STEADFAST_MAP_SITE_LIMIT = 1
    user = make_user("supplier_respondent", supplier=more_sites.acme)
    visible = selectors.sites(user=user)
    assert visible.count() > 1  # ACME's two factories (and what its scope adds), not BETA's or ours
    sites = map_data(user)["sites"]
    assert sites["grouped"] is True and sites["total"] == visible.count()
    assert sum(row[-1] for row in sites["rows"]) == visible.count()
    assert {row[5] for row in sites["rows"]} == set(visible.values_list("country", flat=True))
    assert not {"CN", "FI", "CL"} & {row[5] for row in sites["rows"]}


def test_at_or_below_the_limit_the_rows_are_unchanged(more_sites, admin_user, settings):
    settings.STEADFAST_MAP_SITE_LIMIT = 6
    sites = map_data(admin_user)["sites"]
    assert set(sites) == {"columns", "kinds", "kind_labels", "rows"}
    assert sites["columns"] == ["id", "lat", "lon", "kind", "tier", "country", "name"]
    assert sorted(row[6] for row in sites["rows"]) == sorted(f"{ref} site" for ref in
                                                            ["ACME-F1", "ACME-F2", "BETA-F1", "GAMMA-W1", "HQ-F1", "HQ-W1"])


def test_grouping_is_done_in_a_constant_number_of_queries(more_sites, admin_user, settings,
                                                         django_assert_max_num_queries):
    settings.STEADFAST_MAP_SITE_LIMIT = 1
    for n in range(20):
        services.create_site(actor=admin_user, ref=f"PAD-{n}", name=f"pad {n}", kind="office", country="SE",
                             latitude=59.0 + n / 10, longitude=18.0 - n, owner_supplier=more_sites.beta)
    with django_assert_max_num_queries(4):
        sites = selectors.map_sites(user=admin_user, limit=1)
    assert sites["total"] == 26 and sum(row[-1] for row in sites["rows"]) == 26
