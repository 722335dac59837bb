"""A site's page shows the time to recover the continuity engine actually gets for each source here,
and says why it may differ from the site's own estimate (a source's own estimate wins)."""

from __future__ import annotations

import csv
import re

from django.test import Client

from steadfast.network import services
from steadfast.network.exports.engine_network import export_engine_network
from steadfast.network.models import ItemSource


def test_site_page_shows_the_value_the_engine_uses_for_each_source(business_map, admin_user, tmp_path):
    site = business_map.sites["ACME-F1"]
    services.update_site(actor=admin_user, site=site, ttr_days=57.8)
    chip = ItemSource.objects.get(item__ref="CHIP", site=site)
    services.update_item_source(actor=admin_user, source=chip, ttr_days=169.4)

    export_engine_network(tmp_path)
    with (tmp_path / "nodes.csv").open(newline="") as handle:
        engine_ttr = {row["id"]: row["ttr"] for row in csv.DictReader(handle)}
    assert float(engine_ttr[chip.ref]) == 169.4
    psu = ItemSource.objects.get(item__ref="PSU", site=site)
    assert float(engine_ttr[psu.ref]) == 57.8

    client = Client()
    client.force_login(admin_user)
    html = client.get(site.get_absolute_url()).content.decode()
    assert "Time to recover (site)</dt><dd>57.8 days" in html
    assert "engine uses each source's own time to recover" in html
    rows = {ref: row for ref, row in re.findall(r"<span class=\"muted\">(CHIP|PSU)</span>(.*?)</tr>", html)}
    assert "169.4 <span class=\"muted\">(this source)</span>" in rows["CHIP"]
    assert "57.8 <span class=\"muted\">(site)</span>" in rows["PSU"]
