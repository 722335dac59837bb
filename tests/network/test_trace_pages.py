"""Trace pages show the first rows of each long table with the total; the rest comes on demand (an
htmx partial: the next page or all of it) and as a CSV of the whole table."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from steadfast.network.views import traces


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def one_row_pages(monkeypatch):
    """Pages of one row, so the small business map has tables longer than a page."""
    monkeypatch.setattr(traces, "PAGE_SIZE", 1)


def _more_url(html: str, label: str) -> str:
    match = re.search(rf'hx-get="([^"]+)"[^>]*>{label}', html)
    assert match, f"no {label!r} button in:\n{html}"
    return match.group(1).replace("&amp;", "&")


def test_supplier_trace_shows_the_first_rows_and_fetches_the_rest(business_map, admin_user, one_row_pages):
    client = client_for(admin_user)
    page = client.get(reverse("network:supplier_trace", kwargs={"supplier_id": business_map.acme.pk})).content.decode()
    # one network shown (the one with more subscribers), the other behind "show more"
    networks = page[page.index('data-testid="exposed-networks"'):]
    networks = networks[:networks.index("</table>")]
    shown = [ref for ref in ("NET-A network", "NET-B network") if ref in networks]
    assert len(shown) == 1
    assert "Showing 1 of 2." in networks and "Show all 2" in networks
    # the summary figures count everything, not the page
    assert "1,200,000" in page
    more = client.get(_more_url(networks, "Show next"))
    assert more.status_code == 200
    rest = more.content.decode()
    (hidden,) = {"NET-A network", "NET-B network"} - set(shown)
    assert hidden in rest and shown[0] not in rest
    assert "more-rows" not in rest  # nothing left to show
    everything = client.get(_more_url(networks, "Show all 2")).content.decode()
    assert hidden in everything and shown[0] not in everything and "more-rows" not in everything


def test_rows_partial_pages_through_every_row(business_map, admin_user, one_row_pages):
    client = client_for(admin_user)
    url = reverse("network:network_trace_rows", kwargs={"network_id": business_map.networks["NET-A"].pk,
                                                        "kind": "network", "table": "sites"})
    seen = []
    offset = 0
    while True:
        html = client.get(url, {"offset": offset}).content.decode()
        seen += [int(pk) for pk in re.findall(r'href="/sites/(\d+)/"', html)]
        if "more-rows" not in html:
            break
        assert f"Showing {offset + 1} of 4." in html
        offset += 1
    assert offset == 3
    assert seen == [business_map.sites[ref].pk for ref in ("ACME-F1", "BETA-F1", "GAMMA-W1", "HQ-F1")]  # by ref, once each
    all_rows = client.get(url, {"offset": 0, "limit": "all"}).content.decode()
    assert all_rows.count("<tr>") == 4 and "more-rows" not in all_rows


@pytest.mark.parametrize("params", [{"offset": "-1"}, {"offset": "x"}, {"limit": "0"}, {"limit": "some"}])
def test_rows_partial_rejects_bad_paging(business_map, admin_user, params):
    url = reverse("network:supplier_trace_rows", kwargs={"supplier_id": business_map.acme.pk, "kind": "supplier",
                                                         "table": "networks"})
    response = client_for(admin_user).get(url, params)
    assert response.status_code == 400
    assert "offset" in response.content.decode()


def test_csv_has_every_row_of_the_table(business_map, admin_user, one_row_pages):
    client = client_for(admin_user)
    url = reverse("network:supplier_trace_csv", kwargs={"supplier_id": business_map.acme.pk, "kind": "supplier",
                                                        "table": "networks"})
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["network_ref"] for r in rows) == ["NET-A", "NET-B"]
    assert sum(int(r["subscribers"]) for r in rows) == 1_200_000
    tree = client.get(reverse("network:item_trace_csv", kwargs={"item_id": business_map.items["ROUTER"].pk,
                                                                "kind": "item", "table": "nodes"}))
    lines = list(csv.DictReader(io.StringIO(tree.content.decode())))
    assert lines[0]["item_ref"] == "ROUTER" and lines[0]["depth"] == "0"
    assert {line["item_ref"] for line in lines} >= {"BOARD", "CHIP", "WAFER", "PSU", "CASE"}


def test_item_tree_pages_in_depth_first_order(business_map, admin_user, one_row_pages):
    client = client_for(admin_user)
    page = client.get(reverse("network:item_trace", kwargs={"item_id": business_map.items["ROUTER"].pk})).content.decode()
    tree = page[page.index('data-testid="sourcing-tree"'):]
    tree = tree[:tree.index("</table>")]
    assert "ROUTER" in tree and "WAFER" not in tree and "Show next 1" in tree
    rest = client.get(_more_url(tree, "Show all")).content.decode()
    assert "WAFER" in rest and "more-rows" not in rest


def test_rows_and_csv_keep_the_viewers_scope(business_map, make_user):
    respondent = client_for(make_user("supplier_respondent", supplier=business_map.beta))
    for name in ("supplier_trace_rows", "supplier_trace_csv"):
        url = reverse(f"network:{name}", kwargs={"supplier_id": business_map.acme.pk, "kind": "supplier",
                                                 "table": "sourced"})
        assert respondent.get(url).status_code == 404
    own = respondent.get(reverse("network:supplier_trace_csv", kwargs={
        "supplier_id": business_map.beta.pk, "kind": "supplier", "table": "networks"})).content.decode()
    assert own.strip().count("\n") == 0  # a redacted trace: the header, no networks
