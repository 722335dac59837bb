"""CISA KEV import and CycloneDX SBOM matching, on real KEV entries."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from steadfast.security.models import Finding, KevEntry, KevMatch, Sbom, SbomComponent
from steadfast.security.services.kev import import_kev
from steadfast.security.services.sbom import upload_sbom

from .conftest import KEV, cyclonedx

LOG4J_CORE = {"type": "library", "group": "org.apache.logging.log4j", "name": "log4j-core", "version": "2.14.1",
              "purl": "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "bom-ref": "log4j-core"}
FORTIOS = {"type": "operating-system", "name": "FortiOS", "version": "6.0.4",
           "cpe": "cpe:2.3:o:fortinet:fortios:6.0.4:*:*:*:*:*:*:*", "supplier": {"name": "Fortinet, Inc."}}
HTTPD = {"type": "application", "name": "httpd", "version": "2.4.49", "supplier": {"name": "The Apache Software Foundation"}}
HARMLESS = {"type": "library", "name": "left-pad", "version": "1.3.0", "purl": "pkg:npm/left-pad@1.3.0"}


def test_kev_import_then_reimport_upserts_by_cve(db, tmp_path):
    first = import_kev(actor=None, path=KEV)
    assert (first.catalog_version, first.total, first.added, first.updated) == ("2025.08.25", 1404, 1404, 0)
    log4shell = KevEntry.objects.get(cve_id="CVE-2021-44228")
    assert (log4shell.vendor_project, log4shell.product, log4shell.known_ransomware_use) == ("Apache", "Log4j2", "Known")
    assert log4shell.ransomware and log4shell.vendor_key == "apache" and log4shell.product_key == "log4j2"

    document = json.loads(KEV.read_text())
    entry = next(v for v in document["vulnerabilities"] if v["cveID"] == "CVE-2021-44228")
    entry["notes"] = "updated notes"
    document["vulnerabilities"].append({**entry, "cveID": "CVE-2099-12345", "notes": ""})
    document["count"] += 1
    newer = tmp_path / "kev.json"
    newer.write_text(json.dumps(document))
    again = import_kev(actor=None, path=newer)
    assert (again.added, again.updated, again.unchanged) == (1, 1, 1403)
    assert KevEntry.objects.get(cve_id="CVE-2021-44228").notes == "updated notes"
    assert KevEntry.objects.count() == 1405


def test_invalid_kev_is_refused_with_the_json_path(db, tmp_path):
    document = json.loads(KEV.read_text())
    document["vulnerabilities"][3]["cveID"] = "CVE-21-1"
    bad = tmp_path / "kev.json"
    bad.write_text(json.dumps(document))
    with pytest.raises(ValidationError, match=r"kev.json: vulnerabilities/3/cveID: 'CVE-21-1' does not match"):
        import_kev(actor=None, path=bad)
    assert not KevEntry.objects.exists()


def test_sbom_components_match_real_kev_entries_and_raise_findings(kev, supplier_factory):
    supplier = supplier_factory()
    result = upload_sbom(actor=None, supplier=supplier, content=cyclonedx([LOG4J_CORE, FORTIOS, HTTPD, HARMLESS]),
                         filename="router-fw-7.1.cdx.json")
    assert result.created and result.sbom.component_count == 4 and result.sbom.spec_version == "1.5"
    matched = {(m.component.name, m.kev_entry.cve_id): m.method
               for m in KevMatch.objects.select_related("component", "kev_entry")}
    assert matched[("log4j-core", "CVE-2021-44228")] == "purl"
    assert matched[("log4j-core", "CVE-2021-45046")] == "purl"
    assert matched[("FortiOS", "CVE-2019-6693")] == "cpe"
    assert matched[("httpd", "CVE-2021-41773")] == "name"
    assert not any(name == "left-pad" for name, _ in matched)
    assert result.matches == len(matched)

    log4shell = Finding.objects.get(supplier=supplier, cve="CVE-2021-44228")
    entry = KevEntry.objects.get(cve_id="CVE-2021-44228")
    assert log4shell.source == "kev" and log4shell.severity == "critical"  # knownRansomwareCampaignUse == "Known"
    assert log4shell.required_action == entry.required_action
    # CISA's due date (2021-12-24) has passed: the critical window runs from today.
    assert log4shell.due_date == timezone.localdate() + dt.timedelta(days=30)
    assert "log4j-core 2.14.1" in log4shell.detail and "2021-12-24" in log4shell.detail
    unknown = KevEntry.objects.get(cve_id="CVE-2024-38475")  # Apache HTTP Server, ransomware use unknown
    assert Finding.objects.get(supplier=supplier, cve=unknown.cve_id).severity == "high"


def test_same_sbom_again_changes_nothing_and_a_second_sbom_joins_the_finding(kev, supplier_factory):
    supplier = supplier_factory()
    content = cyclonedx([LOG4J_CORE])
    upload_sbom(actor=None, supplier=supplier, content=content, filename="a.json")
    findings = Finding.objects.count()
    again = upload_sbom(actor=None, supplier=supplier, content=content, filename="a.json")
    assert not again.created and Sbom.objects.count() == 1 and Finding.objects.count() == findings
    upload_sbom(actor=None, supplier=supplier, content=cyclonedx([LOG4J_CORE], spec="1.6"), filename="b.json")
    assert Finding.objects.count() == findings  # one finding per supplier and CVE
    assert Finding.objects.get(cve="CVE-2021-44228").kev_matches.count() == 2
    other = supplier_factory()
    upload_sbom(actor=None, supplier=other, content=cyclonedx([LOG4J_CORE], spec="1.4"), filename="c.json")
    assert Finding.objects.filter(cve="CVE-2021-44228").count() == 2


def test_kev_import_rematches_sboms_uploaded_before(db, supplier_factory):
    supplier = supplier_factory()
    result = upload_sbom(actor=None, supplier=supplier, content=cyclonedx([FORTIOS]), filename="fw.json")
    assert result.matches == 0 and not Finding.objects.exists()
    imported = import_kev(actor=None, path=KEV)
    assert imported.matches_added > 0
    assert Finding.objects.filter(supplier=supplier, cve="CVE-2019-6693", severity="critical").exists()


def _nested(depth: int) -> dict:
    component = {"type": "library", "name": f"level-{depth}"}
    if depth:
        component["components"] = [_nested(depth - 1)]
    return component


HOSTILE = {
    "not-json": (b"{nope", "not valid JSON (line 1, column 2"),
    "not-utf8": (b"\xff\xfe{}", "not UTF-8"),
    "spdx": (json.dumps({"spdxVersion": "SPDX-2.3"}).encode(), 'not a CycloneDX BOM'),
    "old-spec": (cyclonedx([HARMLESS], spec="1.3"), "specVersion '1.3' is not supported"),
    "schema": (cyclonedx([{"name": "no type"}]), "does not follow the CycloneDX 1.5 schema at components/0"),
    "deep": (cyclonedx([_nested(12)]), "components nested more than 8 levels deep"),
    "json-bomb": (b'{"bomFormat": "CycloneDX", "specVersion": "1.5", "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                  "JSON nested too deeply"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_malformed_or_hostile_sbom_is_refused_and_nothing_is_stored(db, supplier_factory, case):
    content, expected = HOSTILE[case]
    with pytest.raises(ValidationError) as caught:
        upload_sbom(actor=None, supplier=supplier_factory(), content=content, filename=f"{case}.json")
    message = caught.value.message_dict["file"][0]
    assert message.startswith(f"{case}.json: ") and expected in message, message
    assert not Sbom.objects.exists() and not SbomComponent.objects.exists()


def test_size_and_component_count_limits(db, supplier_factory, settings):
    settings.STEADFAST_SBOM_MAX_BYTES = 2000
    with pytest.raises(ValidationError, match="is more than the 2,000 allowed"):
        upload_sbom(actor=None, supplier=supplier_factory(), content=cyclonedx([HARMLESS] * 40), filename="big.json")
    settings.STEADFAST_SBOM_MAX_BYTES = 10_000_000
    settings.STEADFAST_SBOM_MAX_COMPONENTS = 10
    many = [{**HARMLESS, "name": f"lib-{i}"} for i in range(11)]
    with pytest.raises(ValidationError, match="more than 10 components"):
        upload_sbom(actor=None, supplier=supplier_factory(), content=cyclonedx(many), filename="many.json")
    assert not Sbom.objects.exists()
