"""The public trust page, the publication files, the trust report (HTML, PDF), the well-known key
and security.txt: all without logging in; publishing from the page is an administrator's."""

from __future__ import annotations

import base64
import io

from django.test import Client
from pypdf import PdfReader

from steadfast.core import signing
from steadfast.transparency.models import Publication
from steadfast.transparency.selectors.figures import Period
from steadfast.transparency.services.publications import publish, verify_document


def test_trust_page_before_anything_is_published(db):
    page = Client().get("/trust/")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="no-publication"' in html and 'data-testid="no-centres"' in html
    assert signing.public_key_b64() in html and signing.fingerprint(signing.public_key_b64()) in html


def test_trust_page_shows_published_figures_history_and_how_to_verify(organisation):
    first = publish(actor=None, period=Period.year(2024))
    latest = publish(actor=None, period=Period.year(2025))
    anonymous = Client()
    page = anonymous.get("/trust/")
    html = page.content.decode()
    assert page.status_code == 200 and "Figures for 2025" in html
    assert first.sha256 in html and latest.sha256 in html and '<img class="chart" src="data:image/svg+xml;base64,' in html
    assert "style=" not in html
    document = anonymous.get(f"/trust/publications/{latest.pk}.json").json()
    assert verify_document(document).sha256 == latest.sha256
    key = anonymous.get("/.well-known/steadfast-publication-key").json()
    assert key["algorithm"] == "Ed25519" and key["public_key"] == document["public_key"]
    assert len(base64.b64decode(key["public_key"])) == 32 and "BEGIN PUBLIC KEY" in key["pem"]


def test_trust_report_html_and_pdf_from_a_snapshot(organisation):
    publish(actor=None, period=Period.year(2024))
    latest = publish(actor=None, period=Period.year(2025))
    client = Client()
    html = client.get(f"/trust/reports/{latest.pk}/").content.decode()
    assert html.count('data-testid="report-figure"') == len(latest.snapshot["figures"])
    assert latest.snapshot["audit_head"]["hash"] in html and latest.signature in html
    response = client.get(f"/trust/reports/{latest.pk}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Trust report 2025" in text and "12,001,300" in text and latest.sha256 in text.replace("\n", "")
    assert sum(len(page.images) for page in reader.pages) == len(latest.snapshot["figures"])  # one chart a figure
    assert client.get("/trust/reports/999999/").status_code == 404


def test_security_txt_follows_rfc_9116(db, settings):
    settings.STEADFAST_BASE_URL = "https://trust.example.com"
    response = Client().get("/.well-known/security.txt")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    fields = dict(line.split(": ", 1) for line in response.content.decode().strip().splitlines())
    assert set(fields) == {"Contact", "Expires", "Preferred-Languages", "Canonical", "Policy"}
    assert fields["Canonical"] == "https://trust.example.com/.well-known/security.txt"
    assert fields["Contact"].startswith("mailto:") and fields["Expires"].endswith("Z")


def test_publish_from_the_page_is_for_administrators(organisation, role_users):
    for role in ("auditor", "risk_analyst"):
        client = Client()
        client.force_login(role_users[role])
        assert client.post("/transparency/figures/publish/", {"year": 2025}).status_code == 403
    client = Client()
    client.force_login(role_users["administrator"])
    response = client.post("/transparency/figures/publish/", {"year": 2025})
    assert response.status_code == 302 and Publication.objects.get().published_by == role_users["administrator"]
    bad = client.post("/transparency/figures/publish/", {"year": 2025, "note": "a note without a correction"})
    assert bad.status_code == 422 and "a note is for a correction" in bad.content.decode()
    assert Publication.objects.count() == 1
