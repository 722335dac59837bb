"""The KEV exposure view reaches through the business map: an SBOM for an item reaches the products
above that item; an SBOM without an item (or a finding naming a KEV CVE, "declared") reaches what the
supplier's sites make. On a hand-built map, exact products, networks and revenue; filters; export."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from steadfast.core.roles import Role
from steadfast.network.models import BomLine, Customer, CustomerNetwork, Deployment, Item, ItemSource, Site
from steadfast.security.models import Finding
from steadfast.security.selectors.kev_exposure import KevFilter, kev_exposure
from steadfast.security.services.sbom import upload_sbom

from .conftest import cyclonedx

LOG4J = {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core", "version": "2.14.1",
         "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}
HTTPD = {"type": "application", "name": "httpd", "version": "2.4.49", "supplier": {"name": "The Apache Software Foundation"}}
LOG4SHELL, HTTPD_CVE, STRUTS = "CVE-2021-44228", "CVE-2021-41773", "CVE-2017-5638"


@pytest.fixture
def world(kev, supplier_factory):
    """Supplier LOG makes the controller card (in the router, deployed in two networks); supplier WEB
    makes the web module for the switch (in one network), and also the card; supplier DEC makes the
    switch's power unit. Products: router R (networks N1 critical, N2), switch S (network N3)."""
    log = supplier_factory(ref="SUP-LOG", legal_name="Logging Components")
    web = supplier_factory(ref="SUP-WEB", legal_name="Web Modules")
    dec = supplier_factory(ref="SUP-DEC", legal_name="Declared Power")
    item = lambda ref, kind="component": Item.objects.create(ref=ref, name=ref.title(), kind=kind)  # noqa: E731
    router, switch = item("ROUTER", "product"), item("SWITCH", "product")
    card, module, psu = item("CARD"), item("WEBMOD", "software"), item("PSU")
    BomLine.objects.create(parent=router, child=card, quantity=1)
    BomLine.objects.create(parent=switch, child=module, quantity=1)
    BomLine.objects.create(parent=switch, child=psu, quantity=2)
    for n, (supplier, made) in enumerate(((log, [card]), (web, [module, card]), (dec, [psu]))):
        site = Site.objects.create(ref=f"SITE-{n}", name=f"Site {n}", kind="factory", country="DE", latitude=50,
                                   longitude=8, owner_supplier=supplier)
        for thing in made:
            ItemSource.objects.create(ref=f"SRC-{n}-{thing.ref}", item=thing, site=site)
    customer = Customer.objects.create(ref="CUS-1", name="Telco", country="FR")
    net = lambda ref, crit: CustomerNetwork.objects.create(ref=ref, customer=customer, name=f"Net {ref}",  # noqa: E731
                                                           country="FR", kind="mobile", criticality=crit)
    n1, n2, n3 = net("N1", 4), net("N2", 2), net("N3", 3)
    Deployment.objects.create(network=n1, product=router, annual_revenue=Decimal("1000000"))
    Deployment.objects.create(network=n2, product=router, annual_revenue=Decimal("250000"))
    Deployment.objects.create(network=n3, product=switch, annual_revenue=Decimal("40000"))
    return {"log": log, "web": web, "dec": dec, "module": module, "router": router, "switch": switch}


def test_kev_view_reaches_products_and_networks_through_the_map(world, make_user, django_assert_max_num_queries):
    # LOG's SBOM names no item: it stands for all it makes (the card → the router → N1, N2).
    upload_sbom(actor=None, supplier=world["log"], content=cyclonedx([LOG4J]), filename="log.cdx.json")
    # WEB's SBOM is for the web module only: the switch → N3, not the router though WEB also makes the card.
    upload_sbom(actor=None, supplier=world["web"], content=cyclonedx([HTTPD, LOG4J]), filename="web.cdx.json",
                item=world["module"])
    # DEC declared Struts (an analyst recorded the CVE as a finding; no SBOM).
    Finding.objects.create(supplier=world["dec"], source="manual", severity="critical", cve=STRUTS,
                           title="Struts in the PSU's management UI", due_date=timezone.localdate())
    analyst = make_user(Role.RISK_ANALYST)
    rows = {r.entry.cve_id: r for r in kev_exposure(user=analyst)}

    log4shell = rows[LOG4SHELL]
    assert [(s["ref"], s["via"]) for s in log4shell.suppliers] == [("SUP-LOG", "SBOM"), ("SUP-WEB", "SBOM")]
    assert (log4shell.products, log4shell.networks, log4shell.critical_networks) == (2, 3, 1)
    assert log4shell.revenue == Decimal("1290000")
    assert [p[0] for p in log4shell.top_products] == ["ROUTER", "SWITCH"]  # by revenue
    assert [n[0] for n in log4shell.top_networks] == ["N1", "N3", "N2"]  # by criticality
    assert log4shell.open_findings == 2
    httpd = rows[HTTPD_CVE]
    assert [s["ref"] for s in httpd.suppliers] == ["SUP-WEB"]
    assert (httpd.products, httpd.networks, httpd.revenue) == (1, 1, Decimal("40000"))
    struts = rows[STRUTS]
    assert [(s["ref"], s["via"]) for s in struts.suppliers] == [("SUP-DEC", "finding")]
    assert (struts.products, [n[0] for n in struts.top_networks]) == (1, ["N3"])

    client = Client()
    client.force_login(analyst)
    client.get("/security/kev/")
    with django_assert_max_num_queries(16):
        page = client.get("/security/kev/").content.decode()
    row = page.split(f'data-cve="{LOG4SHELL}"')[1].split("</tr>")[0]
    assert "ROUTER" in row and "Net N1" in row and "1 critical" in row and "1,290,000" in row
    assert "Logging Components" in row and "Web Modules" in row


def test_kev_filters_and_export(world, make_user):
    upload_sbom(actor=None, supplier=world["log"], content=cyclonedx([LOG4J]), filename="log.cdx.json")
    upload_sbom(actor=None, supplier=world["web"], content=cyclonedx([HTTPD]), filename="web.cdx.json",
                item=world["module"])
    analyst = make_user(Role.RISK_ANALYST)
    cves = lambda **kw: {r.entry.cve_id for r in kev_exposure(user=analyst, filters=KevFilter(**kw))}  # noqa: E731
    everything = cves()
    assert {LOG4SHELL, HTTPD_CVE} <= everything
    assert cves(search="SUP-WEB") == {r for r in everything if r != LOG4SHELL and r != "CVE-2021-45046"}
    assert cves(search="log4") == {LOG4SHELL, "CVE-2021-45046"}
    assert all(r.entry.ransomware for r in kev_exposure(user=analyst, filters=KevFilter(ransomware=True)))
    assert cves(past_due=True) == everything  # every CISA date in the shipped catalog is past
    Finding.objects.filter(supplier=world["web"]).update(status="verified_closed", closed_at=timezone.now(),
                                                         closure_note="Patched")
    assert cves(open_only=True) == {LOG4SHELL, "CVE-2021-45046"}
    client = Client()
    client.force_login(make_user(Role.AUDITOR))
    page = client.get("/security/kev/?q=http+server").content.decode()
    assert HTTPD_CVE in page and LOG4SHELL not in page
    assert "tier must be whole numbers 1 to 4" in client.get("/security/kev/?tier=9").content.decode()
    response = client.get("/security/kev/export.csv?q=log4")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["CVE", "Vendor", "Product"]
    log_row = next(r for r in rows if r[0] == LOG4SHELL)
    assert log_row[6:10] == ["SUP-LOG", "Logging Components", "1", "SBOM"] and log_row[11:15] == ["1", "2", "1", "1250000.0"]
    book = openpyxl.load_workbook(io.BytesIO(client.get("/security/kev/export.xlsx").content))
    assert {row[0].value for row in book.active.iter_rows(min_row=2)} == everything


def test_kev_view_is_scoped(world, make_user):
    upload_sbom(actor=None, supplier=world["log"], content=cyclonedx([LOG4J]), filename="log.cdx.json")
    respondent = make_user(Role.SUPPLIER_RESPONDENT, supplier=world["web"])
    assert kev_exposure(user=respondent) == []  # another supplier's vulnerability
    client = Client()
    client.force_login(respondent)
    assert client.get("/security/kev/").status_code == 403
