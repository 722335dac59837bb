"""Home pages show only tiles that mean something to the role, and no "Go to" card twice."""

from __future__ import annotations

import datetime as dt
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


def test_a_regulator_sees_the_networks_it_oversees_and_no_empty_map_lists(make_user, customer_factory):
    from steadfast.network.models import CustomerNetwork
    from steadfast.transparency.models import RegulatorCountry

    regulator = make_user(Role.REGULATOR)
    RegulatorCountry.objects.create(user=regulator, country="FR")
    operator = customer_factory(name="Orange France SA", country="FR")
    CustomerNetwork.objects.create(ref="NET-FR-1", customer=operator, name="Orange RAN", country="FR", kind="mobile",
                                   subscribers=20_000_000)
    CustomerNetwork.objects.create(ref="NET-DE-1", customer=operator, name="Elsewhere", country="DE", kind="mobile",
                                   subscribers=5_000_000)
    client = Client()
    client.force_login(regulator)
    html = client.get("/").content.decode()
    assert "for <strong>country FR</strong>" in html
    tiles, links = _home(regulator)
    labels = " ".join(body for _, body in tiles)
    assert "Customer networks" in labels and "20,000,000 subscribers" in labels
    # Its scope shows it no supplier, site, product or contract: no tile or menu entry leads to an empty list.
    assert "Suppliers" not in labels and "Sites" not in labels and "Products" not in labels
    nav = html.split("<nav")[1].split("</nav>")[0]
    for page in ("/suppliers/", "/sites/", "/items/", "/contracts/", "/customers/"):
        assert f'href="{page}"' not in nav and page not in links


def test_transparency_tiles_open_the_lists_they_count(role_users, make_user):
    from steadfast.transparency.models import Centre, Evaluation, Room

    room = Room.objects.create(centre=Centre.objects.create(ref="TC-X", name="Bonn Centre", city="Bonn", country="DE",
                                                            offers_briefing=True), name="Room A", capacity=8)
    start = dt.datetime(2027, 5, 3, 9, tzinfo=dt.UTC)
    for n, status in enumerate(("scheduled", "scheduled", "requested", "held")):
        Evaluation.objects.create(ref=f"EVA-T-{n}", room=room, title="Briefing", service="briefing", organisation="BNetzA",
                                  country="DE", starts_at=start + dt.timedelta(days=n),
                                  ends_at=start + dt.timedelta(days=n, hours=2), status=status,
                                  held_on=start.date() if status == "held" else None)
    tiles, _ = _home(role_users[Role.ADMINISTRATOR])
    by_label = {re.sub(r"\s+", " ", body).strip(): href for href, body in tiles}
    scheduled = next(label for label in by_label if "Evaluations scheduled" in label)
    assert scheduled.startswith("2 ") and by_label[scheduled] == "/transparency/evaluations/?status=scheduled"
    client = Client()
    client.force_login(role_users[Role.ADMINISTRATOR])
    listed = client.get(by_label[scheduled]).content.decode()
    assert listed.count("EVA-T-") == 2
    customer_tiles, _ = _home(role_users[Role.CUSTOMER_VIEWER])
    labels = " ".join(body for _, body in customer_tiles)
    assert "Evaluation sessions" in labels and "Evaluations requested" not in labels
