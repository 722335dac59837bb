"""Pages: lists, details, forms (service errors per field), traces, map data; scope on pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from steadfast.network.models import BomLine, Contract, Supplier


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


LIST_PAGE_SHOWS = {
    "suppliers": ["Acme Parts", "Beta Plastics", "Gamma Wafers"],
    "sites": ["ACME-F1 site", "GAMMA-W1 site", "HQ-F1 site"],
    "items": ["Router", "Wafer", "Board"],
    "customers": ["Telco"],
    "networks": ["NET-A network", "NET-C network"],
    "contracts": ["Parts framework agreement 2026"],
    "map": ['id="world-map"', "map/data.json"],
}


@pytest.mark.parametrize("name", list(LIST_PAGE_SHOWS))
def test_list_pages_show_the_records(business_map, admin_user, name):
    Contract.objects.create(ref="CON-1", supplier=business_map.acme, title="Parts framework agreement 2026",
                            start_date=dt.date(2026, 1, 1))
    response = client_for(admin_user).get(reverse(f"network:{name}"))
    assert response.status_code == 200
    page = response.content.decode()
    assert [text for text in LIST_PAGE_SHOWS[name] if text not in page] == []


def test_supplier_list_filters_and_searches(business_map, admin_user):
    client = client_for(admin_user)
    page = client.get(reverse("network:suppliers"), {"tier": "2"}).content.decode()
    assert "Gamma Wafers" in page and "Acme Parts" not in page
    page = client.get(reverse("network:suppliers"), {"q": "plast"}).content.decode()
    assert "Beta Plastics" in page and "Acme Parts" not in page


def test_supplier_detail_shows_what_depends_on_it(business_map, admin_user):
    page = client_for(admin_user).get(business_map.acme.get_absolute_url()).content.decode()
    assert "What depends on this supplier" in page
    assert "NET-A network" in page and "NET-B network" in page and "NET-C network" not in page
    assert "1,200,000" in page  # subscribers exposed
    assert "Gamma Wafers" in page  # its sub-tier supplier


@pytest.mark.parametrize("name,kwarg,key", [("supplier_trace", "supplier_id", "acme"),
                                            ("item_trace", "item_id", "router"),
                                            ("network_trace", "network_id", "net_a")])
def test_trace_pages_render(business_map, admin_user, name, kwarg, key):
    pk = {"acme": business_map.acme.pk, "router": business_map.items["ROUTER"].pk,
          "net_a": business_map.networks["NET-A"].pk}[key]
    response = client_for(admin_user).get(reverse(f"network:{name}", kwargs={kwarg: pk}))
    assert response.status_code == 200
    page = response.content.decode()
    expected = {"acme": ["Acme Parts", "NET-A network", "Router"], "router": ["Board", "Chip", "Wafer", "Gamma Wafers"],
                "net_a": ["Router", "Acme Parts", "Beta Plastics"]}[key]
    assert [text for text in expected if text not in page] == []


def test_create_form_shows_service_errors_next_to_the_field(business_map, admin_user):
    response = client_for(admin_user).post(reverse("network:supplier_create"), {
        "ref": "NEW", "legal_name": "New Co", "country": "DE", "tier": "2", "category": "components",
        "status": "active", "parent": "NOPE"})
    assert response.status_code == 422
    assert response.context["form"].errors["parent"] == ["no supplier with ref 'NOPE'"]
    assert not Supplier.objects.filter(ref="NEW").exists()


def test_bom_form_rejects_a_cycle_with_its_path(business_map, admin_user):
    wafer = business_map.items["WAFER"]
    response = client_for(admin_user).post(reverse("network:bom_create", kwargs={"item_id": wafer.pk}),
                                           {"parent": "WAFER", "child": "ROUTER", "quantity": "1"})
    assert response.status_code == 422
    assert response.context["form"].errors["child"] == ["BOM cycle: WAFER → ROUTER → BOARD → CHIP → WAFER"]
    assert not BomLine.objects.filter(parent=wafer).exists()


def test_edit_and_delete_through_pages(business_map, admin_user):
    client = client_for(admin_user)
    site = business_map.sites["ACME-F1"]
    response = client.post(reverse("network:site_edit", kwargs={"site_id": site.pk}), {
        "ref": site.ref, "name": "Renamed", "kind": "factory", "country": "DE", "latitude": "48", "longitude": "11",
        "owner_supplier": "ACME"})
    assert response.status_code == 302
    site.refresh_from_db()
    assert site.name == "Renamed"
    # a site with item sources cannot be deleted: the page says why and nothing changes
    response = client.post(reverse("network:site_delete", kwargs={"site_id": site.pk}), follow=True)
    assert "cannot be deleted: still used by 2 item sources" in response.content.decode()


def test_supplier_respondent_pages_show_only_its_supplier(business_map, make_user):
    client = client_for(make_user("supplier_respondent", supplier=business_map.acme))
    sites = client.get(reverse("network:sites")).content.decode()
    assert "ACME-F1" in sites and "BETA-F1" not in sites
    assert client.get(business_map.beta.get_absolute_url()).status_code == 404
    detail = client.get(business_map.acme.get_absolute_url()).content.decode()
    assert "NET-A network" not in detail  # customers' networks are not a supplier's business
    assert client.get(reverse("network:networks")).context["table"].page.paginator.count == 0


def test_customer_viewer_pages_show_only_its_networks(business_map, make_user, customer_factory):
    other = customer_factory(name="Other Telco")
    from steadfast.network import services
    from steadfast.network.models import CustomerNetwork

    CustomerNetwork.objects.create(ref="NET-X", customer=other, name="Other network", country="DE", kind="fixed")
    client = client_for(make_user("customer_viewer", customer=business_map.tel))
    page = client.get(reverse("network:networks")).content.decode()
    assert "NET-A network" in page and "Other network" not in page
    assert client.get(reverse("network:suppliers")).context["table"].page.paginator.count == 0
    assert services  # imported for symmetry with other tests


def test_map_data_is_compact_and_scoped(business_map, admin_user, make_user):
    data = client_for(admin_user).get(reverse("network:map_data")).json()
    assert data["sites"]["columns"][:3] == ["id", "lat", "lon"]
    assert len(data["sites"]["rows"]) == 4
    assert data["networks"]["FR"] == {"count": 3, "subscribers": 1_200_005}
    scoped = client_for(make_user("supplier_respondent", supplier=business_map.beta)).get(reverse("network:map_data")).json()
    assert [row[6] for row in scoped["sites"]["rows"]] == ["BETA-F1 site"] and scoped["networks"] == {}


def test_customer_viewer_sees_products_without_our_costs_demand_or_margins(business_map, make_user, admin_user):
    router = business_map.items["ROUTER"]
    viewer = client_for(make_user("customer_viewer", customer=business_map.tel))
    listing = viewer.get(reverse("network:items")).content.decode()
    assert "Router" in listing and "Unit cost" not in listing and "Demand / day" not in listing
    detail = viewer.get(reverse("network:item", args=[router.pk])).content.decode()
    assert "Margin / unit" not in detail and "Unit cost" not in detail
    own = client_for(admin_user).get(reverse("network:item", args=[router.pk])).content.decode()
    assert "Margin / unit" in own and "Unit cost" in own
