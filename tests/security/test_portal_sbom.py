"""SBOM upload in the supplier portal: a respondent uploads a real CycloneDX file for its own
supplier, it is matched against the real KEV catalogue, and a broken file changes nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from steadfast.core.roles import Role
from steadfast.security.models import KevMatch, Sbom

from .conftest import cyclonedx
from .test_kev_sbom import HARMLESS, LOG4J_CORE


def _respondent(make_user, supplier_factory):
    supplier = supplier_factory(legal_name="Fjordlink Optics AS")
    client = Client()
    client.force_login(make_user(Role.SUPPLIER_RESPONDENT, supplier=supplier))
    return client, supplier


def test_a_respondent_uploads_an_sbom_and_sees_the_kev_match(kev, make_user, supplier_factory):
    client, supplier = _respondent(make_user, supplier_factory)
    content = cyclonedx([LOG4J_CORE, HARMLESS])
    upload = SimpleUploadedFile("olt-fw-3.2.cdx.json", content, content_type="application/json")
    page = client.post("/security/portal/sboms/upload/", {"file": upload}, follow=True).content.decode()
    # log4j-core 2.14.1 is Log4Shell and its follow-up CVE-2021-45046: one component, two KEV matches
    assert "olt-fw-3.2.cdx.json: 2 components stored. 2 component matches" in page
    sbom = Sbom.objects.get()
    assert sbom.supplier == supplier
    assert KevMatch.objects.filter(component__sbom=sbom, kev_entry__cve_id="CVE-2021-44228").exists()
    again = SimpleUploadedFile("olt-fw-3.2.cdx.json", content, content_type="application/json")  # the same bytes
    assert "nothing changed" in client.post("/security/portal/sboms/upload/", {"file": again}, follow=True).content.decode()
    assert Sbom.objects.count() == 1


def test_a_broken_or_missing_file_is_refused_and_changes_nothing(kev, make_user, supplier_factory):
    client, _ = _respondent(make_user, supplier_factory)
    broken = SimpleUploadedFile("sbom.json", b'{"bomFormat": "CycloneDX", "components": [', content_type="application/json")
    page = client.post("/security/portal/sboms/upload/", {"file": broken}, follow=True).content.decode()
    assert "SBOM refused" in page and "sbom.json" in page
    assert "SBOM refused" in client.post("/security/portal/sboms/upload/", {}, follow=True).content.decode()
    assert not Sbom.objects.exists()


def test_another_suppliers_sboms_stay_out_of_sight(kev, make_user, supplier_factory):
    from steadfast.security.services.sbom import upload_sbom

    other = supplier_factory(legal_name="Competitor Photonics Ltd")
    upload_sbom(actor=None, supplier=other, content=cyclonedx([LOG4J_CORE]), filename="competitor.cdx.json")
    client, _ = _respondent(make_user, supplier_factory)
    assert "competitor.cdx.json" not in client.get("/security/portal/sboms/").content.decode()
