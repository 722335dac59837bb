"""The CISO's path in a real browser: the analyst finds the highest-exposure supplier in the risk
register, sees on its tier page why its security tier is 1 (each factor and its weight), launches a
reassessment; the supplier's respondent uploads a real CycloneDX SBOM in the portal; the KEV view
shows the match with our products and customer networks it reaches.

The map is built by hand: Northwind Optics makes the line card in both of our products (routers in
three networks, a switch in one), Quiet Cables only the patch lead of the switch, Slow Freight
nothing on the map. The KEV catalogue is the real one shipped in security/data, and the SBOM carries
log4j-core 2.14.1 (Log4Shell and CVE-2021-45046).
"""

from __future__ import annotations

import os
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from steadfast.core.roles import Role

from ..security.conftest import KEV, cyclonedx
from ..security.test_kev_sbom import HARMLESS, LOG4J_CORE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Screenshots at each step while developing: STEADFAST_SCREENSHOTS=/some/dir
SHOTS = os.environ.get("STEADFAST_SCREENSHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"ciso-{name}.png"), full_page=True)


@pytest.fixture
def business(supplier_factory, customer_factory):
    from steadfast.network.models import (
        BomLine,
        CustomerNetwork,
        Deployment,
        Item,
        ItemSource,
        Site,
        SupplierContact,
    )
    from steadfast.security.models import Question, QuestionnaireTemplate
    from steadfast.security.services.kev import import_kev
    from steadfast.security.services.tiering import recompute_tiers

    import_kev(actor=None, path=KEV)  # the real CISA catalogue shipped with the app

    big = supplier_factory(ref="SUP-NORTH", legal_name="Northwind Optics AB", country="SE", category="components")
    SupplierContact.objects.create(supplier=big, name="Ingrid Berg", email="ingrid.berg@northwind.example")
    small = supplier_factory(ref="SUP-QUIET", legal_name="Quiet Cables Ltd", country="GB", category="components")
    supplier_factory(ref="SUP-SLOW", legal_name="Slow Freight SARL", country="FR", category="logistics")
    item = lambda ref, name, kind="component": Item.objects.create(ref=ref, name=name, kind=kind)  # noqa: E731
    router, switch = item("RTR-9", "Edge router 9", "product"), item("SW-48", "Access switch 48", "product")
    card, lead = item("CARD-10G", "10G line card"), item("LEAD-1", "Patch lead")
    BomLine.objects.create(parent=router, child=card, quantity=2)
    BomLine.objects.create(parent=switch, child=card, quantity=1)
    BomLine.objects.create(parent=switch, child=lead, quantity=4)
    for n, (supplier, made) in enumerate(((big, card), (small, lead))):
        site = Site.objects.create(ref=f"SITE-{n}", name=f"{supplier.legal_name} plant", kind="factory",
                                   country=supplier.country, latitude=55, longitude=12, owner_supplier=supplier)
        ItemSource.objects.create(ref=f"SRC-{n}", item=made, site=site)
    telco = customer_factory(name="Nordic Telecom ASA", country="NO")
    networks = {}
    for ref, name, criticality, subscribers in (("NET-OSL", "Oslo mobile core", 4, 2_400_000),
                                                ("NET-BGO", "Bergen fixed access", 3, 800_000),
                                                ("NET-TRD", "Trondheim backhaul", 2, 300_000),
                                                ("NET-TOS", "Tromsø enterprise", 1, 20_000)):
        networks[ref] = CustomerNetwork.objects.create(ref=ref, customer=telco, name=name, country="NO", kind="mobile",
                                                       criticality=criticality, subscribers=subscribers)
    for ref, product, revenue in (("NET-OSL", router, "31250000"), ("NET-BGO", router, "12400000"),
                                  ("NET-TRD", router, "4300000"), ("NET-TOS", switch, "962300")):
        Deployment.objects.create(network=networks[ref], product=product, annual_revenue=Decimal(revenue))
    template = QuestionnaireTemplate.objects.create(name="Supplier security baseline", status="published")
    Question.objects.create(template=template, order=1, code="AC-01", weight=10, answer_type="yes_no_partial_na",
                            text="Is multi-factor authentication enforced for remote access?")
    recompute_tiers(actor=None)
    return big


def _logout(page):
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))


def test_analyst_finds_the_riskiest_supplier_reassesses_it_and_sees_its_sbom_in_the_kev_view(
        browser_page, live_url, login_as, make_user, business, follow, submit, tmp_path):
    from steadfast.security.models import Assessment

    analyst = make_user(Role.RISK_ANALYST)
    respondent = make_user(Role.SUPPLIER_RESPONDENT, supplier=business)

    # 1. The risk register puts the supplier whose loss hurts most first, and one click away.
    page = login_as(analyst)
    page.goto(f"{live_url}/security/register/")
    rows = page.get_by_test_id("risk-register").locator("tbody tr")
    expect(rows.first).to_have_attribute("data-ref", "SUP-NORTH")
    expect(rows.first).to_contain_text("€48,912,300")  # every deployment of both products runs its card
    revenue_header = page.get_by_role("columnheader", name=re.compile(r"^Revenue exposed \(EUR\)"))
    expect(revenue_header).to_have_attribute("aria-sort", "descending")  # the default order, marked
    expect(rows.nth(1)).to_have_attribute("data-ref", "SUP-QUIET")
    _shot(page, "1-register")
    # Sorting by the heading: ascending, then back to descending.
    follow(page, revenue_header.get_by_role("link"), re.compile(r"sort=revenue$"))
    expect(revenue_header).to_have_attribute("aria-sort", "ascending")
    expect(rows.first).not_to_have_attribute("data-ref", "SUP-NORTH")
    follow(page, revenue_header.get_by_role("link"), re.compile(r"sort=-revenue$"))
    expect(revenue_header).to_have_attribute("aria-sort", "descending")
    expect(rows.first).to_have_attribute("data-ref", "SUP-NORTH")

    # 2. Its tier page says why the security tier is 1: each factor, its points and weight.
    follow(page, page.get_by_test_id("highest-exposure"), re.compile(rf"/security/suppliers/{business.pk}/tier/$"))
    tier = page.get_by_test_id("tier")
    expect(tier.get_by_role("heading", level=2)).to_have_text("Security tier 1")
    expect(tier).to_contain_text("reassessed every 12 months")
    expect(tier).to_contain_text("questionnaire Supplier security baseline v1")  # what "Reassess now" sends
    reasons = page.get_by_test_id("tier-reasons")
    revenue = reasons.get_by_role("row").filter(has_text="Revenue exposed")
    expect(revenue).to_contain_text("€48,912,300 a year, 100.0% of the total")
    expect(revenue.locator("td").nth(2)).to_have_text("20.0")  # points
    expect(revenue.locator("td").nth(3)).to_have_text("20")  # weight: the most points
    expect(reasons.get_by_role("row").filter(has_text="Customer networks exposed")).to_contain_text("4 networks, 1 critical")
    expect(reasons.locator("tr.rule")).to_contain_text("100.0% of revenue")
    expect(page.get_by_test_id("revenue-exposed")).to_have_text("€48,912,300")
    _shot(page, "2-tier")

    # 3. Reassess now: a new assessment on the supplier's security page, invited.
    submit(page, page.get_by_role("button", name="Reassess now"))
    expect(page).to_have_url(re.compile(rf"/security/suppliers/{business.pk}/$"))
    expect(page.locator(".flash-success")).to_contain_text(
        "1 supplier sent a reassessment. 1 invited (1 e-mail; 0 without a contact)")
    expect(page.get_by_role("row").filter(has_text="Supplier security baseline")).to_contain_text("Invited")
    assessment = Assessment.objects.get(supplier=business)
    assert (assessment.status, assessment.template.name) == ("invited", "Supplier security baseline")
    _shot(page, "3-reassessed")
    _logout(page)

    # 4. The supplier's respondent uploads the firmware SBOM in the portal.
    sbom = tmp_path / "card-fw-4.1.cdx.json"
    sbom.write_bytes(cyclonedx([LOG4J_CORE, HARMLESS]))
    login_as(respondent)
    page.goto(f"{live_url}/security/portal/sboms/")
    page.get_by_label("SBOM file").set_input_files(str(sbom))
    submit(page, page.get_by_test_id("sbom-upload").get_by_role("button", name="Upload"))
    expect(page.locator(".flash-success")).to_contain_text("card-fw-4.1.cdx.json: 2 components stored. 2 component matches")
    expect(page.get_by_test_id("sboms").locator("tbody tr")).to_have_count(1)
    _shot(page, "4-sbom")
    _logout(page)

    # 5. The KEV view: Log4Shell at Northwind, reaching both products and all four networks.
    login_as(analyst)
    page.goto(f"{live_url}/security/kev/")
    log4shell = page.locator('tr[data-cve="CVE-2021-44228"]')
    expect(log4shell).to_contain_text("Northwind Optics AB")
    expect(log4shell).to_contain_text("security tier 1 · SBOM")
    expect(log4shell).to_contain_text("known use")  # CISA: used in ransomware campaigns
    expect(log4shell.get_by_test_id("kev-products")).to_contain_text("RTR-9 Edge router 9")
    expect(log4shell.get_by_test_id("kev-products")).to_contain_text("SW-48 Access switch 48")
    networks = log4shell.get_by_test_id("kev-networks")
    expect(networks.locator("strong")).to_have_text("4")
    expect(networks).to_contain_text("1 critical")
    expect(networks).to_contain_text("Oslo mobile core")
    expect(log4shell).to_contain_text("€48,912,300")
    expect(page.locator('tr[data-cve="CVE-2021-45046"]')).to_contain_text("Northwind Optics AB")
    _shot(page, "5-kev")
    assert page.console_errors == []
