"""The war room's supply panel: the continuity engine's TTS for the incident's sites."""

from __future__ import annotations

import pytest

from steadfast.incidents import services
from steadfast.incidents.services.supply import analyse_supply

pytestmark = pytest.mark.django_db


def test_supply_holds_as_long_as_the_inventory_behind_the_site(make_incident, manager):
    from steadfast.network.models import BomLine, Item, ItemSource, Site
    from steadfast.network.testing import sample_chain

    chain = sample_chain("TTS")
    product = chain["product"]
    Item.objects.filter(pk=product.pk).update(demand_per_day=10, margin_per_unit=100)
    own = Site.objects.create(ref="OWN-ASSY", name="Final assembly", kind="factory", country="FI", latitude=60.2,
                              longitude=24.9)
    ItemSource.objects.create(ref="TTS-PROD@OWN", item=product, site=own)
    ItemSource.objects.filter(pk=chain["source_id"].pk).update(inventory=30)
    assert BomLine.objects.get(parent=product).quantity == 2
    incident = make_incident(kind="supply_disruption")
    services.update_incident(actor=manager, incident=incident, suppliers=[chain["supplier_id"].ref])
    impact = analyse_supply(incident=incident)
    assert impact.sites == ["TTS-SITE"] and impact.nodes == 1
    assert impact.tts_days == pytest.approx(30 / (10 * 2))  # 30 parts, 2 per product, 10 products a day
    assert impact.expected_recovery_days == 14 and impact.at_risk
    page = _client(manager).get(incident.get_absolute_url()).content.decode()
    assert "The supply holds" in page and "1.5 days" in page
    assert "TTS factory (TTS-SITE)" in page  # the site on the war-room map


def test_panel_needs_sites_or_suppliers(make_incident, manager):
    incident = make_incident()
    response = _client(manager).post(f"/incidents/{incident.pk}/supply/", follow=True)
    assert b"touches no sites or suppliers" in response.content


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
