"""The KEV exposure view: every known-exploited vulnerability matched in a supplier's SBOM, with its
suppliers and what they expose on the map; ransomware first, then by networks exposed."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client

from steadfast.core.roles import Role
from steadfast.security.models import SupplierRiskProfile
from steadfast.security.selectors.kev_exposure import kev_exposure
from steadfast.security.services.sbom import upload_sbom

from .conftest import cyclonedx

LOG4J = {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core", "version": "2.14.1",
         "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}
HTTPD = {"type": "application", "name": "httpd", "version": "2.4.49", "supplier": {"name": "The Apache Software Foundation"}}


def test_kev_view_lists_matches_with_their_suppliers_and_exposure(kev, supplier_factory, make_user,
                                                                  django_assert_max_num_queries):
    small = supplier_factory(ref="SUP-SMALL", legal_name="Small Software")
    big = supplier_factory(ref="SUP-BIG", legal_name="Big Platforms")
    web = supplier_factory(ref="SUP-WEB", legal_name="Web Hosting")
    upload_sbom(actor=None, supplier=small, content=cyclonedx([LOG4J]), filename="a.cdx.json")
    upload_sbom(actor=None, supplier=big, content=cyclonedx([LOG4J]), filename="b.cdx.json")
    upload_sbom(actor=None, supplier=web, content=cyclonedx([HTTPD]), filename="c.cdx.json")
    SupplierRiskProfile.objects.filter(supplier=big).update(networks_exposed=1540, revenue_exposed=Decimal("48900000"))
    SupplierRiskProfile.objects.filter(supplier=web).update(networks_exposed=2000)
    analyst = make_user(Role.RISK_ANALYST)

    rows = kev_exposure(user=analyst)
    log4shell = next(r for r in rows if r.entry.cve_id == "CVE-2021-44228")
    assert [s["ref"] for s in log4shell.suppliers] == ["SUP-BIG", "SUP-SMALL"]
    assert [(s["networks"], s["revenue"]) for s in log4shell.suppliers] == [(1540, Decimal("48900000.00")), (0, 0)]
    assert (log4shell.networks, log4shell.revenue, log4shell.open_findings) == (0, 0, 2)  # no map: nothing reached
    assert all(s["tier"] == 1 for s in log4shell.suppliers)  # a ransomware KEV puts each in security tier 1
    # Ransomware-used entries come first, whatever the networks behind the others.
    flags = [r.entry.ransomware for r in rows]
    assert flags == sorted(flags, reverse=True) and not rows[-1].entry.ransomware
    assert any(s["ref"] == "SUP-WEB" for r in rows if not r.entry.ransomware for s in r.suppliers)

    client = Client()
    client.force_login(analyst)
    client.get("/security/kev/")
    with django_assert_max_num_queries(12):
        page = client.get("/security/kev/").content.decode()
    assert "CVE-2021-44228" in page and "Big Platforms" in page and "security tier 1" in page
    assert rows[0].entry.ransomware
    assert page.index(rows[0].entry.cve_id) < page.index(rows[-1].entry.cve_id)
    assert client.get("/security/").status_code == 200 and "/security/kev/" in client.get("/security/").content.decode()
