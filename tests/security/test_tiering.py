"""Inherent risk and security tiers on a hand-built map, with the scores computed by hand.

The map: our own factory makes three products P1, P2, P3. Supplier A (software) supplies SW, which
goes straight into P1 and P2. Supplier B (components) makes C1, which goes into ASM, which goes into
P2. Supplier D (hosting) makes C2, which goes into P3. P1 runs in network N1 (critical, 3,000,000
subscribers, revenue 600,000), P2 in N2 (low, 1,000,000 subscribers, revenue 400,000); N3 (medium, 0
subscribers) runs nothing; P3 is deployed nowhere. Totals: 3 products, criticality weight 4 + 1 + 2 =
7, 4,000,000 subscribers, revenue 1,000,000. SW, C1 and C2 have one source each: every supplier here
sole-sources one item (2 points).

With f(s) = log10(1 + 99 s) / 2 and weights revenue 20, networks 15, subscribers 3, products 2:
A (network access 10 + software in products 8 = 18): revenue 1 → 20; networks 5/7 → 15 × 0.92780
  = 13.92; subscribers 1 → 3; products 2/3 → 2 × 0.91304 = 1.83; sole 2. Score 58.74 → tier 1.
B (physical access 2): revenue 0.4 → 20 × 0.80426 = 16.09; networks 1/7 → 15 × 0.59010 = 8.85;
  subscribers 0.25 → 3 × 0.70539 = 2.12; products 1/3 → 2 × 0.76574 = 1.53; sole 2. Score 32.58
  → tier 2 by score, raised to tier 1: C1 has no other source, so P2's 40 % of revenue depends on
  B alone (≥ 20 %). With a second source for C1 the rule no longer applies (B stays tier 2).
D (remote access 6 + personal data 6 + hosts our data 3 = 15; products 1/3 → 1.53; sole 2): 18.53
  → tier 3. An open KEV finding adds 10 (28.53, tier 2 by rule); ransomware use known adds 5 more
  (33.53, tier 1 by rule).
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
from steadfast.security.models import (
    Assessment,
    Finding,
    KevEntry,
    QuestionnaireTemplate,
    SupplierRiskProfile,
)
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
    d = supplier_factory(ref="D", legal_name="Delta Hosting", category="cloud_it_services")
    own = site("OWN", None)
    p1, p2, p3 = item("P1", "product"), item("P2", "product"), item("P3", "product")
    sw, asm, c1, c2 = item("SW", "software"), item("ASM", "assembly"), item("C1", "component"), item("C2", "component")
    for parent, child in ((p1, sw), (p2, sw), (p2, asm), (asm, c1), (p3, c2)):
        BomLine.objects.create(parent=parent, child=child, quantity=1)
    for n, (it, st) in enumerate(((p1, own), (p2, own), (p3, own), (asm, own), (sw, site("SA", a, "office")),
                                  (c1, site("SB", b)), (c2, site("SD", d)))):
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
    SupplierRiskProfile.objects.create(supplier=d, remote_access=True, personal_data=True, hosts_our_data=True)
    return types.SimpleNamespace(a=a, b=b, idle=idle, d=d, c1=c1)


def _kev_finding(supplier, cve, *, ransomware=False, found=None):
    """An open KEV finding for the supplier, its catalog entry, raised on `found` (a date)."""
    KevEntry.objects.get_or_create(cve_id=cve, defaults=dict(
        vendor_project="Apache", product="Log4j2", vulnerability_name="Log4Shell", date_added=dt.date(2021, 12, 10),
        required_action="Patch", due_date=dt.date(2021, 12, 24), known_ransomware_use="Known" if ransomware else "Unknown",
        vendor_key="apache", product_key="log4j2"))
    finding = Finding.objects.create(supplier=supplier, source="kev", severity="critical" if ransomware else "high",
                                     cve=cve, title=f"{cve}: exploited")
    if found:
        Finding.objects.filter(pk=finding.pk).update(created_at=timezone.make_aware(dt.datetime.combine(found, dt.time(12))))
    return finding


def _reasons(profile) -> dict:
    return {r["factor"]: (r["points"], r["weight"]) for r in profile.tier_reasons if r["kind"] == "factor"}


def test_share_factor_and_thresholds():
    assert share_factor(0) == 0 and share_factor(1) == pytest.approx(1.0)
    assert share_factor(0.1) == pytest.approx(0.51871, abs=1e-4)  # log10(10.9) / 2
    assert [tier_for(s) for s in (100, 50, 49.99, 30, 29.99, 15, 14.99, 0)] == [1, 1, 2, 2, 3, 3, 4, 4]


def test_hand_computed_scores_and_tiers(hand_map):
    summary = recompute_tiers(actor=None)
    assert summary["suppliers"] == 4 and summary["created"] == 1  # C had no profile yet
    a = SupplierRiskProfile.objects.get(supplier=hand_map.a)
    b = SupplierRiskProfile.objects.get(supplier=hand_map.b)
    c = SupplierRiskProfile.objects.get(supplier=hand_map.idle)
    d = SupplierRiskProfile.objects.get(supplier=hand_map.d)
    assert a.inherent_score == pytest.approx(58.74, abs=0.01) and a.tier == 1
    assert (a.products_exposed, a.networks_exposed, a.revenue_exposed) == (2, 2, Decimal("1000000.00"))
    assert b.inherent_score == pytest.approx(32.58, abs=0.01) and b.tier == 1  # 40 % of revenue
    assert (b.products_exposed, b.networks_exposed, b.revenue_exposed) == (1, 1, Decimal("400000.00"))
    assert c.inherent_score == 0 and c.tier == 4
    assert d.inherent_score == pytest.approx(18.53, abs=0.01) and d.tier == 3
    assert summary["tiers"] == {1: 2, 2: 0, 3: 1, 4: 1}
    factors = _reasons(a)
    assert factors["Has access into customer networks"] == (10, 10)
    assert factors["Revenue exposed"] == (20.0, 20) and factors["Customer networks exposed"] == (13.92, 15)
    assert factors["Subscribers reached"] == (3.0, 3) and factors["Products it goes into"] == (1.83, 2)
    assert factors["Sole sourcing"] == (2, 10) and factors["Processes personal data for us"] == (0, 6)
    assert factors["Known-exploited vulnerabilities (CISA KEV)"] == (0, 10)
    assert sum(weight for _, weight in factors.values()) == 100
    assert not [r for r in a.tier_reasons if r["kind"] == "rule"]  # tier 1 by its score alone
    rules = [r for r in b.tier_reasons if r["kind"] == "rule"]
    assert [(r["tier"], r["detail"]) for r in rules] == [(1, "40.0% of revenue depends on it alone (tier 1 from 20%)")]
    assert sum(r["points"] for r in c.tier_reasons) == 0


def test_only_revenue_depending_on_the_supplier_alone_forces_tier_1(hand_map, supplier_factory):
    other = supplier_factory(ref="E", legal_name="Epsilon Components")
    recompute_tiers(actor=None)
    assert SupplierRiskProfile.objects.get(supplier=hand_map.b).tier == 1
    sole = _reasons(SupplierRiskProfile.objects.get(supplier=hand_map.b))["Sole sourcing"]
    assert sole == (2, 10)
    # A second maker of C1: P2's revenue no longer depends on B alone; reach is unchanged.
    ItemSource.objects.create(ref="SRC-E", item=hand_map.c1, site=Site.objects.create(
        ref="SE", owner_supplier=other, name="SE", kind="factory", country="CZ", latitude=50, longitude=14))
    recompute_tiers(actor=None)
    b = SupplierRiskProfile.objects.get(supplier=hand_map.b)
    assert b.revenue_exposed == Decimal("400000.00")  # reach: still every product above its items
    assert b.tier == 2 and not [r for r in b.tier_reasons if r["kind"] == "rule"]
    assert b.inherent_score == pytest.approx(32.58 - 2, abs=0.01)  # its sole-sourcing points are gone
    detail = next(r["detail"] for r in b.tier_reasons if r["factor"] == "Sole sourcing")
    assert detail == "0 items no one else makes, in products earning 0 a year (0.0% of revenue)"


def test_revenue_and_network_exposure_raise_the_score(hand_map):
    recompute_tiers(actor=None)
    before = SupplierRiskProfile.objects.get(supplier=hand_map.b)
    # P2 now also runs in N3 (medium) and earns more: B's revenue and network shares both grow.
    Deployment.objects.create(network=CustomerNetwork.objects.get(ref="N3"), product=Item.objects.get(ref="P2"),
                              annual_revenue=Decimal("500000"))
    recompute_tiers(actor=None)
    after = SupplierRiskProfile.objects.get(supplier=hand_map.b)
    assert _reasons(after)["Revenue exposed"][0] > _reasons(before)["Revenue exposed"][0]
    assert _reasons(after)["Customer networks exposed"][0] > _reasons(before)["Customer networks exposed"][0]
    assert after.inherent_score > before.inherent_score and after.networks_exposed == 2


def test_sole_sourcing_counts_only_items_no_other_site_makes(hand_map, supplier_factory):
    recompute_tiers(actor=None)
    assert _reasons(SupplierRiskProfile.objects.get(supplier=hand_map.b))["Sole sourcing"] == (2, 10)
    other = supplier_factory(ref="E", legal_name="Epsilon Parts")
    site = Site.objects.create(ref="SE", owner_supplier=other, name="SE", kind="factory", country="CN",
                               latitude=30, longitude=120)
    second = ItemSource.objects.create(ref="SRC-E", item=hand_map.c1, site=site, status="phased_out")
    recompute_tiers(actor=None)  # a phased-out second source does not help
    assert _reasons(SupplierRiskProfile.objects.get(supplier=hand_map.b))["Sole sourcing"] == (2, 10)
    second.status = "approved"
    second.save()
    recompute_tiers(actor=None)
    b = SupplierRiskProfile.objects.get(supplier=hand_map.b)
    assert _reasons(b)["Sole sourcing"] == (0, 10) and b.inherent_score == pytest.approx(30.58, abs=0.01)
    assert _reasons(SupplierRiskProfile.objects.get(supplier=other))["Sole sourcing"] == (0, 10)
    # Five sole-sourced items reach the cap of 10 points.
    for n in range(6):
        extra = Item.objects.create(ref=f"X{n}", name=f"X{n}", kind="component")
        ItemSource.objects.create(ref=f"SRC-X{n}", item=extra, site=Site.objects.get(ref="SD"))
    recompute_tiers(actor=None)
    assert _reasons(SupplierRiskProfile.objects.get(supplier=hand_map.d))["Sole sourcing"] == (10, 10)


def test_kev_findings_raise_the_tier_and_bring_the_reassessment_forward(hand_map, settings):
    settings.STEADFAST_REASSESSMENT_MONTHS = {1: 6, 2: 12, 3: 24, 4: None}
    template = QuestionnaireTemplate.objects.create(name="T", status="published")
    accepted = timezone.make_aware(dt.datetime(2025, 11, 30, 12))
    Assessment.objects.create(supplier=hand_map.d, template=template, status="accepted", submitted_at=accepted,
                              accepted_at=accepted)
    recompute_tiers(actor=None)
    d = SupplierRiskProfile.objects.get(supplier=hand_map.d)
    assert d.tier == 3 and d.next_reassessment_due == dt.date(2027, 11, 30)

    _kev_finding(hand_map.d, "CVE-2024-0001", found=dt.date(2026, 3, 1))
    recompute_tiers(actor=None)
    d.refresh_from_db()
    assert d.inherent_score == pytest.approx(28.53, abs=0.01) and d.tier == 2
    assert [r["detail"] for r in d.tier_reasons if r["kind"] == "rule"] == ["carries an open known-exploited vulnerability"]
    assert d.next_reassessment_due == dt.date(2026, 3, 31)  # 30 days after the KEV finding, not 2026-11-30

    finding = _kev_finding(hand_map.d, "CVE-2021-44228", ransomware=True, found=dt.date(2026, 4, 1))
    recompute_tiers(actor=None)
    d.refresh_from_db()
    assert d.inherent_score == pytest.approx(33.53, abs=0.01) and d.tier == 1
    assert _reasons(d)["KEV used in ransomware campaigns"] == (5, 5)
    assert d.next_reassessment_due == dt.date(2026, 3, 31)  # the first KEV finding sets the date

    # Closed KEV findings no longer count; an assessment accepted after the KEV returns to the cadence.
    Finding.objects.filter(supplier=hand_map.d).exclude(pk=finding.pk).update(status="verified_closed",
                                                                              closed_at=timezone.now(), closure_note="x")
    later = timezone.make_aware(dt.datetime(2026, 4, 10, 12))
    Assessment.objects.create(supplier=hand_map.d, template=template, status="accepted", submitted_at=later,
                              accepted_at=later)
    recompute_tiers(actor=None)
    d.refresh_from_db()
    assert _reasons(d)["Known-exploited vulnerabilities (CISA KEV)"][0] == 10 and d.tier == 1
    assert d.next_reassessment_due == dt.date(2026, 10, 10)  # tier 1: six months after 2026-04-10


def test_a_matched_kev_retiers_the_supplier_at_once(kev, hand_map):
    from steadfast.security.services.sbom import upload_sbom

    from .conftest import cyclonedx

    recompute_tiers(actor=None)
    assert SupplierRiskProfile.objects.get(supplier=hand_map.d).tier == 3
    log4j = {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core", "version": "2.14.1",
             "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}
    upload_sbom(actor=None, supplier=hand_map.d, content=cyclonedx([log4j]), filename="hosting.cdx.json")
    d = SupplierRiskProfile.objects.get(supplier=hand_map.d)
    assert d.tier == 1 and _reasons(d)["KEV used in ransomware campaigns"] == (5, 5)
    assert d.next_reassessment_due == timezone.localdate() + dt.timedelta(days=30)


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
    profile = update_intake_profile(actor=admin_user, supplier=hand_map.d, network_access=True, software_in_products=True)
    assert profile.inherent_score == pytest.approx(18.53 + 18, abs=0.01) and profile.tier == 2
    assert profile.hosts_our_data is True  # flags not given keep their value
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
    Assessment.objects.create(supplier=hand_map.d, template=template, status="accepted", submitted_at=accepted,
                              accepted_at=accepted)
    recompute_tiers(actor=None)
    b = SupplierRiskProfile.objects.get(supplier=hand_map.d)
    assert b.tier == 3 and b.next_reassessment_due == dt.date(2027, 1, 31)
    assert SupplierRiskProfile.objects.get(supplier=hand_map.a).next_reassessment_due is None  # never assessed
    with pytest.raises(ValidationError) as error:
        set_tier_override(actor=admin_user, supplier=hand_map.d, tier=1, reason="  ")
    assert "tier_override_reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        set_tier_override(actor=admin_user, supplier=hand_map.d, tier=5, reason="x")
    b = set_tier_override(actor=admin_user, supplier=hand_map.d, tier=1, reason="Runs our signing keys")
    assert b.effective_tier == 1 and b.tier == 3 and b.next_reassessment_due == dt.date(2025, 7, 31)
    recompute_tiers(actor=None)  # recomputing keeps the override and its cadence
    b.refresh_from_db()
    assert b.effective_tier == 1 and b.next_reassessment_due == dt.date(2025, 7, 31)
    b = set_tier_override(actor=admin_user, supplier=hand_map.d, tier=None)
    assert b.effective_tier == 3 and b.tier_override_reason == "" and b.next_reassessment_due == dt.date(2027, 1, 31)


def test_unknown_supplier_changes_nothing(hand_map):
    with pytest.raises(ValidationError):
        recompute_tiers(actor=None, supplier_ids=[hand_map.a.pk, 999999])
    assert not SupplierRiskProfile.objects.filter(inherent_score__isnull=False).exists()


def test_command_recompute_and_show(hand_map):
    out = StringIO()
    call_command("tiering", "recompute", "--json", stdout=out)
    summary = json.loads(out.getvalue())
    assert summary["suppliers"] == 4 and summary["tiers"] == {"1": 2, "2": 0, "3": 1, "4": 1}
    out = StringIO()
    call_command("tiering", "show", "A", "--json", stdout=out)
    shown = json.loads(out.getvalue())
    assert shown["effective_tier"] == 1 and shown["inherent_score"] == pytest.approx(58.74, abs=0.01)
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
    assert "Security tier 1" in body and "58.7" in body
    table = body[body.index('data-testid="tier-reasons"'):body.index("</table>")]
    assert "<td>Customer networks exposed</td><td>2 networks, 1 critical, 71.4% of all networks weighted by criticality</td>" \
        '<td class="num">13.9</td><td class="num">15</td>' in table
    assert "<td>Sole sourcing</td><td>1 item no one else makes, in products earning 1,000,000 a year (100.0% of revenue)</td>" in table
    assert "log<sub>10</sub>(1 + 99·s)" in body and 'data-testid="intake-form"' in body
    assert client.get("/security/suppliers/999999/tier/").status_code == 404


def test_page_intake_and_override_forms(hand_map, client, make_user):
    recompute_tiers(actor=None)
    analyst = make_user(Role.RISK_ANALYST)
    client.force_login(analyst)
    url = f"/security/suppliers/{hand_map.d.pk}/tier/"
    response = client.post(url + "intake/", {"network_access": "on", "remote_access": "on", "personal_data": "on",
                                             "hosts_our_data": "on", "software_in_products": "on"})
    assert response.status_code == 302
    assert SupplierRiskProfile.objects.get(supplier=hand_map.d).tier == 2
    response = client.post(url + "override/", {"tier_override": "1", "tier_override_reason": ""})
    assert response.status_code == 422 and "say why" in response.content.decode()
    assert SupplierRiskProfile.objects.get(supplier=hand_map.d).tier_override is None
    response = client.post(url + "override/", {"tier_override": "1", "tier_override_reason": "Signs our firmware"})
    assert response.status_code == 302
    assert SupplierRiskProfile.objects.get(supplier=hand_map.d).effective_tier == 1
    auditor = make_user(Role.AUDITOR)
    client.force_login(auditor)
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200 and "Security tier 1" in body and "Signs our firmware" in body
    history = body[body.index('data-testid="override-history"'):]
    assert analyst.username in history and "computed → 1" in history and "Signs our firmware" in history
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
