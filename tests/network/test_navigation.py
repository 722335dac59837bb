"""The menu and the home page's links leave out lists a scoped account would find empty."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

MAP_PAGES = ["Suppliers", "Sites", "Items", "Customers", "Networks", "Contracts", "Map"]


def _menu(user) -> tuple[set[str], set[str]]:
    client = Client()
    client.force_login(user)
    html = client.get("/").content.decode()
    main = re.search(r'<nav[^>]*aria-label="Main".*?</nav>', html, re.S).group(0)
    hrefs = {label: match.group(1) for label in MAP_PAGES
             if (match := re.search(rf'href="([^"?]+)"[^>]*>\s*{label}\s*</a>', main))}
    in_menu = set(hrefs)
    # The home page reaches a list either through a figure card or through a "Go to" card; a list
    # the scope would find empty is reached by neither.
    body = html.replace(main, "")
    on_home = {label for label, href in hrefs.items() if re.search(rf'href="{re.escape(href)}[?"]', body)}
    return in_menu, on_home


@pytest.mark.parametrize(("role", "expected"), [
    ("risk_analyst", set(MAP_PAGES)),
    ("supplier_respondent", {"Suppliers", "Sites", "Items", "Contracts", "Map"}),
    ("customer_viewer", {"Items", "Customers", "Networks", "Map"}),
])
def test_menu_follows_what_the_scope_can_see(role_users, role, expected):
    in_menu, on_home = _menu(role_users[role])
    assert in_menu == expected
    assert on_home == expected


def test_hidden_lists_are_really_empty_for_the_scope(role_users):
    """The menu hides a list only when its selector gives that scope nothing, even where the
    scope's own chain (its networks' products, its sites' customers) runs through those rows."""
    from steadfast.network import selectors
    from steadfast.network.testing import sample_chain

    customer, supplier = role_users["customer_viewer"], role_users["supplier_respondent"]
    sample_chain("NAVC", customer=customer.customer)
    sample_chain("NAVS", supplier=supplier.supplier)
    analyst = role_users["risk_analyst"]
    for listing in (selectors.suppliers, selectors.sites, selectors.contracts, selectors.customers,
                    selectors.customer_networks):
        assert listing(user=analyst).count() >= 2
    assert not selectors.suppliers(user=customer).exists()
    assert not selectors.sites(user=customer).exists()
    assert not selectors.contracts(user=customer).exists()
    assert not selectors.customers(user=supplier).exists()
    assert not selectors.customer_networks(user=supplier).exists()
    assert selectors.customer_networks(user=customer).exists() and selectors.sites(user=supplier).exists()
