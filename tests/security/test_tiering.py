"""Inherent risk and tiering on a hand-built map, with the scores computed by hand.

The map: our own factory makes three products P1, P2, P3. Supplier A (software) supplies SW, which
goes straight into P1 and P2. Supplier B (components) makes C1, which goes into ASM, which goes into
P2. P1 runs in network N1 (critical, 3,000,000 subscribers, revenue 600,000), P2 in N2 (low, 1,000,000
subscribers, revenue 400,000); N3 (medium, 0 subscribers) runs nothing; P3 is deployed nowhere.
Totals: 3 products, criticality weight 4 + 1 + 2 = 7, 4,000,000 subscribers, revenue 1,000,000.

With f(s) = log10(1 + 99 s) / 2:
A (network access 16 + software in products 14 = 30): revenue 1 → 15; networks 5/7 → 12 × 0.92780
  = 11.13; subscribers 1 → 8; products 2/3 → 5 × 0.91304 = 4.57. Score 68.70 → tier 1.
B (physical access 4): revenue 0.4 → 15 × 0.80426 = 12.06; networks 1/7 → 12 × 0.59010 = 7.08;
  subscribers 0.25 → 8 × 0.70539 = 5.64; products 1/3 → 5 × 0.76574 = 3.83. Score 32.62 → tier 3.
"""

from __future__ import annotations

import datetime as dt
import json
import types
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role
from steadfast.network.models import BomLine, CustomerNetwork, Deployment, Item, ItemSource, Site
from steadfast.security.models import Assessment, QuestionnaireTemplate, SupplierRiskProfile
from steadfast.security.selectors.tiering import map_exposures
from steadfast.security.services.tiering import (
    recompute_tiers,
    set_tier_override,
    share_factor,
    tier_for,
    update_intake_profile,
)


@pytest.fixture
def hand_map(supplier_factory, customer_factory):
    def site(ref, owner, kind="factory"):
        return Site.objects.create(ref=ref, owner_supplier=owner, name=ref, kind=kind, country="DE",
                                   latitude=50, longitude=8)

    def item(ref, kind):
        return Item.objects.create(ref=ref, name=ref, kind=kind)

    a = supplier_factory(ref="A", legal_name="Alpha Software", category="software")
    b = supplier_factory(ref="B", legal_name="Beta Components")
    idle = supplier_factory(ref="C", legal_name="Gamma Consulting", category="professional_services")
    own = site("OWN", None)
    p1, p2, p3 = item("P1", "product"), item("P2", "product"), item("P3", "product")
    sw, asm, c1 = item("SW", "software"), item("ASM", "assembly"), item("C1", "component")
    for parent, child in ((p1, sw), (p2, sw), (p2, asm), (asm, c1)):
        BomLine.objects.create(parent=parent, child=child, quantity=1)
    for n, (it, st) in enumerate(((p1, own), (p2, own), (p3, own), (asm, own), (sw, site("SA", a, "office")),
                                  (c1, site("SB", b)))):
        ItemSource.objects.create(ref=f"SRC-{n}", item=it, site=st)
    customer = customer_factory()
    n1 = CustomerNetwork.objects.create(ref="N1", customer=customer, name="N1", country="FR", kind="mobile",
                                        subscribers=3_000_000, criticality=4)
    n2 = CustomerNetwork.objects.create(ref="N2", customer=customer, name="N2", country="FR", kind="fixed",
                                        subscribers=1_000_000, criticality=1)
    CustomerNetwork.objects.create(ref="N3", customer=customer, name="N3", country="FR", kind="core", criticality=2)
    Deployment.objects.create(network=n1, product=p1, annual_revenue=Decimal("600000"))
    Deployment.objects.create(network=n2, product=p2, annual_revenue=Decimal("400000"))
    SupplierRiskProfile.objects.create(supplier=a, network_access=True, software_in_products=True)
    SupplierRiskProfile.objects.create(supplier=b, physical_access=True)
    return types.SimpleNamespace(a=a, b=b, idle=idle)


def test_share_factor_and_thresholds():
    assert share_factor(0) == 0 and share_factor(1) == pytest.approx(1.0)
    assert share_factor(0.1) == pytest.approx(0.51871, abs=1e-4)  # log10(10.9) / 2
    assert [tier_for(s) for s in (100, 60, 59.99, 40, 39.99, 20, 19.99, 0)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_hand_computed_scores_and_tiers(hand_map):
    summary = recompute_tiers(actor=None)
    assert summary["suppliers"] == 3 and summary["created"] == 1  # C had no profile yet
    a = SupplierRiskProfile.objects.get(supplier=hand_map.a)
    b = SupplierRiskProfile.objects.get(supplier=hand_map.b)
    c = SupplierRiskProfile.objects.get(supplier=hand_map.idle)
    assert a.inherent_score == pytest.approx(68.70, abs=0.01) and a.tier == 1
    assert (a.products_exposed, a.networks_exposed, a.revenue_exposed) == (2, 2, Decimal("1000000.00"))
    assert b.inherent_score == pytest.approx(32.62, abs=0.01) and b.tier == 3
    assert (b.products_exposed, b.networks_exposed, b.revenue_exposed) == (1, 1, Decimal("400000.00"))
    assert c.inherent_score == 0 and c.tier == 4
    assert summary["tiers"] == {1: 1, 2: 0, 3: 1, 4: 1}
    assert a.tier_reasons == [
        "Has access into customer networks (+16)", "Supplies software or firmware in our products (+14)",
        "Exposes 1,000,000 of annual revenue, 100.0% of the total (+15.0)",
        "Exposes 2 customer networks, 1 critical (+11.1)", "Reaches 4,000,000 subscribers (+8.0)",
        "Goes into 2 of 3 products (+4.6)",
    ]
    assert b.tier_reasons[0] == "Has physical access to our or customers' sites (+4)"
    assert "Exposes 1 customer network (+7.1)" in b.tier_reasons
    assert c.tier_reasons == ["No intake flag set and nothing on the map depends on it (+0)"]


def test_bulk_walk_matches_single_walks(hand_map):
    bulk = map_exposures(supplier_ids=None)
    for supplier in (hand_map.a, hand_map.b):
        assert map_exposures(supplier_ids=[supplier.pk])[supplier.pk] == bulk[supplier.pk]
    assert bulk[hand_map.a.pk].critical_networks == 1 and bulk[hand_map.a.pk].subscribers == 4_000_000
    assert hand_map.idle.pk not in bulk


def test_recompute_is_audited_once_per_change(hand_map):
    recompute_tiers(actor=None)
    before = AuditEvent.objects.count()
    summary = recompute_tiers(actor=None)
    assert summary["changed"] == 0 and AuditEvent.objects.count() == before
    Deployment.objects.filter(network__ref="N2").update(annual_revenue=Decimal("1400000"))
    summary = recompute_tiers(actor=None)
    assert summary["changed"] == 2  # A's and B's revenue share moved; C's nothing
    event = AuditEvent.objects.filter(object_type="security.supplierriskprofile", verb="update").latest("seq")
    assert "inherent_score" in event.changes


def test_update_intake_profile_recomputes_that_supplier(hand_map, admin_user):
    recompute_tiers(actor=None)
    profile = update_intake_profile(actor=admin_user, supplier=hand_map.b, network_access=True, remote_access=True)
    assert profile.inherent_score == pytest.approx(32.62 + 26, abs=0.01) and profile.tier == 2
    assert profile.physical_access is True  # flags not given keep their value
    with pytest.raises(ValidationError) as error:
        update_intake_profile(actor=admin_user, supplier=hand_map.b, hosts_data=True)
    assert "hosts_data" in error.value.message_dict
    with pytest.raises(ValidationError):
        update_intake_profile(actor=admin_user, supplier=hand_map.b, personal_data="yes")
    assert SupplierRiskProfile.objects.get(supplier=hand_map.b).personal_data is False


def test_override_and_cadence(hand_map, admin_user, settings):
    settings.STEADFAST_REASSESSMENT_MONTHS = {1: 6, 2: 12, 3: 24, 4: None}
    template = QuestionnaireTemplate.objects.create(name="T", status="published")
    accepted = timezone.make_aware(dt.datetime(2025, 1, 31, 12))
    Assessment.objects.create(supplier=hand_map.b, template=template, status="accepted", submitted_at=accepted,
                              accepted_at=accepted)
    recompute_tiers(actor=None)
    b = SupplierRiskProfile.objects.get(supplier=hand_map.b)
    assert b.tier == 3 and b.next_reassessment_due == dt.date(2027, 1, 31)
    assert SupplierRiskProfile.objects.get(supplier=hand_map.a).next_reassessment_due is None  # never assessed
    with pytest.raises(ValidationError) as error:
        set_tier_override(actor=admin_user, supplier=hand_map.b, tier=1, reason="  ")
    assert "tier_override_reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        set_tier_override(actor=admin_user, supplier=hand_map.b, tier=5, reason="x")
    b = set_tier_override(actor=admin_user, supplier=hand_map.b, tier=1, reason="Runs our signing keys")
    assert b.effective_tier == 1 and b.tier == 3 and b.next_reassessment_due == dt.date(2025, 7, 31)
    recompute_tiers(actor=None)  # recomputing keeps the override and its cadence
    b.refresh_from_db()
    assert b.effective_tier == 1 and b.next_reassessment_due == dt.date(2025, 7, 31)
    b = set_tier_override(actor=admin_user, supplier=hand_map.b, tier=None)
    assert b.effective_tier == 3 and b.tier_override_reason == "" and b.next_reassessment_due == dt.date(2027, 1, 31)


def test_unknown_supplier_changes_nothing(hand_map):
    with pytest.raises(ValidationError):
        recompute_tiers(actor=None, supplier_ids=[hand_map.a.pk, 999999])
    assert not SupplierRiskProfile.objects.filter(inherent_score__isnull=False).exists()


def test_command_recompute_and_show(hand_map):
    out = StringIO()
    call_command("tiering", "recompute", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["suppliers"] == 3 and summary["tiers"] == {"1": 1, "2": 0, "3": 1, "4": 1}
    out = StringIO()
    call_command("tiering", "show", "A", "--json", stdout=out)
    shown = json.loads(out.getvalue())
    assert shown["effective_tier"] == 1 and shown["inherent_score"] == pytest.approx(68.7, abs=0.01)
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no supplier with ref 'NOPE'"):
        call_command("tiering", "recompute", "--supplier", "NOPE")


# --- the page -----------------------------------------------------------------------------------

def test_page_shows_tier_reasons_and_formula(hand_map, client, make_user):
    recompute_tiers(actor=None)
    analyst = make_user(Role.RISK_ANALYST)
    client.force_login(analyst)
    response = client.get(f"/security/suppliers/{hand_map.a.pk}/tier/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tier 1" in body and "68.7" in body and "Exposes 2 customer networks, 1 critical (+11.1)" in body
    assert "log<sub>10</sub>(1 + 99·s)" in body and 'data-testid="intake-form"' in body
    assert client.get("/security/suppliers/999999/tier/").status_code == 404


def test_page_intake_and_override_forms(hand_map, client, make_user):
    recompute_tiers(actor=None)
    analyst = make_user(Role.RISK_ANALYST)
    client.force_login(analyst)
    url = f"/security/suppliers/{hand_map.b.pk}/tier/"
    response = client.post(url + "intake/", {"network_access": "on", "remote_access": "on", "physical_access": "on"})
    assert response.status_code == 302
    assert SupplierRiskProfile.objects.get(supplier=hand_map.b).tier == 2
    response = client.post(url + "override/", {"tier_override": "1", "tier_override_reason": ""})
    assert response.status_code == 422 and "say why" in response.content.decode()
    assert SupplierRiskProfile.objects.get(supplier=hand_map.b).tier_override is None
    response = client.post(url + "override/", {"tier_override": "1", "tier_override_reason": "Signs our firmware"})
    assert response.status_code == 302
    assert SupplierRiskProfile.objects.get(supplier=hand_map.b).effective_tier == 1
    auditor = make_user(Role.AUDITOR)
    client.force_login(auditor)
    page = client.get(url)
    assert page.status_code == 200 and "Tier 1" in page.content.decode() and "Signs our firmware" in page.content.decode()
    assert 'data-testid="intake-form"' not in page.content.decode()
    assert client.post(url + "intake/", {}).status_code == 403


def test_supplier_security_page_lists_what_on_the_map_depends_on_it(hand_map, client, make_user,
                                                                    django_assert_max_num_queries):
    from steadfast.security.selectors.tiering import map_dependents

    a = map_dependents(supplier_id=hand_map.a.pk)
    assert [(p.ref, p.revenue, p.network_count) for p in a.products] == [
        ("P1", Decimal("600000.00"), 1), ("P2", Decimal("400000.00"), 1)]
    assert [n.ref for n in a.networks] == ["N1", "N2"]  # the critical network first
    assert (a.product_count, a.network_count) == (2, 2)
    b = map_dependents(supplier_id=hand_map.b.pk, limit=1)
    assert [p.ref for p in b.products] == ["P2"] and [n.ref for n in b.networks] == ["N2"]
    idle = map_dependents(supplier_id=hand_map.idle.pk)
    assert (idle.products, idle.networks, idle.product_count, idle.network_count) == ([], [], 0, 0)

    recompute_tiers(actor=None)
    client.force_login(make_user(Role.RISK_ANALYST))
    with django_assert_max_num_queries(30):
        response = client.get(f"/security/suppliers/{hand_map.a.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    section = body[body.index('data-testid="dependents"'):body.index("SBOM and known exploited")]
    assert "2 products and 2 customer networks depend on this supplier" in section
    assert section.index(">N1<") < section.index(">N2<") and "600,000" in section
    assert f"/suppliers/{hand_map.a.pk}/trace/" in section
    empty = client.get(f"/security/suppliers/{hand_map.idle.pk}/").content.decode()
    assert "None of our products uses what it supplies." in empty
