"""Home pages show only tiles that mean something to the role, and no "Go to" card twice."""

from __future__ import annotations

import re

from django.test import Client

from steadfast.core.roles import Role


def _home(user) -> tuple[list[tuple[str, str]], list[str]]:
    client = Client()
    client.force_login(user)
    html = client.get("/").content.decode()
    figures = html.split('aria-label="Key figures"')[1].split("</section>")[0] if "Key figures" in html else ""
    tiles = [(href, re.sub(r"<[^>]+>", " ", body)) for href, body in
             re.findall(r'<a class="card link-card" href="([^"]+)">(.*?)</a>', figures)]
    pages = html.split("</section>")[-1] if figures else html
    links = re.findall(r'<a class="card link-card" href="([^"]+)"><h2>', pages)
    return tiles, links


def test_a_supplier_respondent_sees_no_customer_or_product_tiles(role_users):
    tiles, links = _home(role_users[Role.SUPPLIER_RESPONDENT])
    labels = " ".join(body for _, body in tiles)
    assert "Customer networks" not in labels and "Products" not in labels and "Suppliers" not in labels
    assert "Sites" in labels  # its own sites mean something to it
    assert len(links) == len(set(links))


def test_staff_see_every_tile_and_no_page_twice(role_users):
    tiles, links = _home(role_users[Role.ADMINISTRATOR])
    labels = " ".join(body for _, body in tiles)
    assert "Customer networks" in labels and "Suppliers" in labels and "Products" in labels
    tile_pages = {href.split("?")[0] for href, _ in tiles}
    assert not tile_pages & set(links)  # a "Go to" card never repeats a tile's page
    assert len(links) == len(set(links)) and links


def test_a_customer_viewer_sees_no_supplier_tiles(role_users):
    tiles, _ = _home(role_users[Role.CUSTOMER_VIEWER])
    labels = " ".join(body for _, body in tiles)
    assert "Suppliers" not in labels and "Sites" not in labels and "Customer networks" in labels
