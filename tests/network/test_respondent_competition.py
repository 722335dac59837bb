"""A supplier respondent sees the items it supplies, but not how many other sources each has (nor
which it alone supplies): competitive information. Our own analysts still see it."""

from __future__ import annotations

import csv
import io

from django.test import Client
from django.urls import reverse

COMPETITIVE_WORDS = ("sole source", "other source", "Alternatives", "sole-sourced")


def page_and_csv(user, supplier) -> tuple[str, list[str], list[str]]:
    client = Client()
    client.force_login(user)
    page = client.get(reverse("network:supplier", kwargs={"supplier_id": supplier.pk}))
    assert page.status_code == 200
    rows = client.get(reverse("network:supplier_trace_csv", kwargs={"supplier_id": supplier.pk, "kind": "supplier",
                                                                    "table": "sourced"}))
    assert rows.status_code == 200, rows.status_code
    header, *lines = list(csv.reader(io.StringIO(rows.content.decode())))
    return page.content.decode(), header, [line[0] for line in lines]


def test_respondent_does_not_see_other_sources_of_its_items(business_map, make_user, api_client_for, admin_user):
    acme = business_map.acme  # supplies CHIP (a second source at BETA) and PSU (sole source)
    respondent = make_user("supplier_respondent", supplier=acme)

    html, header, item_refs = page_and_csv(respondent, acme)
    assert "Chip" in html and "Psu" in html
    for words in COMPETITIVE_WORDS:
        assert words not in html, words
    assert "other_sources" not in header and "sole_source" not in header
    assert item_refs == sorted(item_refs)  # by ref, not "sole sources first"
    api = api_client_for(respondent).get(f"/api/v1/suppliers/{acme.pk}/trace").json()
    assert {(row["item"]["ref"], row["other_sources"], row["sole_source"]) for row in api["sourced_items"]} == {
        ("CHIP", None, None), ("PSU", None, None)}

    html, header, item_refs = page_and_csv(admin_user, acme)  # our own staff see the sourcing picture
    assert "sole source" in html and "1 other source" in html
    assert "other_sources" in header and item_refs[0] == "PSU"
    api = api_client_for(admin_user).get(f"/api/v1/suppliers/{acme.pk}/trace").json()
    assert {(row["item"]["ref"], row["other_sources"], row["sole_source"]) for row in api["sourced_items"]} == {
        ("CHIP", 1, False), ("PSU", 0, True)}
