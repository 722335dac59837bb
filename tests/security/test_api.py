"""The security API: frameworks, KEV, SBOM upload with matches, OSCAL export; scoped roles get nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from steadfast.security.models import Assessment
from steadfast.security.services.oscal.validation import assessment_results_errors

from .conftest import cyclonedx
from .test_kev_sbom import LOG4J_CORE


def test_frameworks_and_controls(csf, sp800_53, admin_api, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):  # authentication, count, one page: not one per framework
        listing = admin_api.get("/api/v1/security/frameworks?ordering=version").json()
    assert listing["count"] == 2 and [f["control_count"] for f in listing["items"]] == [219, 1189]
    controls = admin_api.get(f"/api/v1/security/frameworks/{csf.pk}/controls?search=GV.SC&include_withdrawn=false").json()
    assert controls["count"] == 11  # the category and its ten subcategories
    assert admin_api.get("/api/v1/security/frameworks/999999/controls").status_code == 404


def test_sbom_upload_lists_matches_and_is_idempotent(kev, admin_api, supplier_factory, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    supplier = supplier_factory()
    upload = SimpleUploadedFile("fw.cdx.json", cyclonedx([LOG4J_CORE]), content_type="application/json")
    response = admin_api.post(f"/api/v1/security/suppliers/{supplier.pk}/sboms", {"file": upload})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["created"] and body["matches"] >= 2 and body["sbom"]["kev_match_count"] == body["matches"]
    detail = admin_api.get(f"/api/v1/security/sboms/{body['sbom']['id']}").json()
    cves = {m["cve_id"] for c in detail["components"] for m in c["matches"]}
    assert {"CVE-2021-44228", "CVE-2021-45046"} <= cves
    again = admin_api.post(f"/api/v1/security/suppliers/{supplier.pk}/sboms",
                           {"file": SimpleUploadedFile("fw.cdx.json", cyclonedx([LOG4J_CORE]))})
    assert again.status_code in (200, 201)
    bad = admin_api.post(f"/api/v1/security/suppliers/{supplier.pk}/sboms",
                         {"file": SimpleUploadedFile("bad.json", b"{not json")})
    assert bad.status_code == 422 and "bad.json: not valid JSON" in bad.content.decode()


def test_oscal_export_over_the_api(baseline, admin_api, supplier_factory):
    assessment = Assessment.objects.create(supplier=supplier_factory(), template=baseline)
    document = admin_api.get(f"/api/v1/security/assessments/{assessment.pk}/oscal").json()
    assert assessment_results_errors(document) == []


@pytest.mark.parametrize("role", ["supplier_respondent", "customer_viewer"])
def test_scoped_roles_are_refused(role, role_users, api_client_for):
    assert api_client_for(role_users[role]).get("/api/v1/security/kev").status_code == 403
