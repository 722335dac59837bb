"""The gated portal: structure checks on upload, request → NDA → approval → time-limited access, the
watermark, and the log of every view, download and refusal."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from steadfast.core.roles import Role
from steadfast.transparency.models import AccessEvent, AccessRequest, Document
from steadfast.transparency.services import portal


def test_a_file_that_is_not_what_its_type_says_is_refused(admin_user):
    with pytest.raises(ValidationError, match="not a PDF"):
        portal.upload_document(actor=admin_user, title="Cert", kind="certificate", data=b"PK\x03\x04zip", filename="c.pdf")
    with pytest.raises(ValidationError, match="could not be read"):
        portal.upload_document(actor=admin_user, title="Cert", kind="certificate", data=b"%PDF-1.7\ngarbage",
                               filename="c.pdf")
    with pytest.raises(ValidationError, match="CycloneDX"):
        portal.upload_document(actor=admin_user, title="SBOM", kind="sbom", data=json.dumps({"bomFormat": "SPDX"}).encode(),
                               filename="s.json")
    with pytest.raises(ValidationError, match="Unknown document type"):
        portal.upload_document(actor=admin_user, title="x", kind="brochure", data=b"%PDF-1.4", filename="x.pdf")
    assert not Document.objects.exists()


def test_product_sbom_published_as_valid_cyclonedx(admin_user):
    from steadfast.network.models import Item

    product = Item.objects.create(ref="P-5GC", name="Dual-mode 5G Core", kind="product")
    document = portal.publish_product_sbom(actor=admin_user, product=product, version="24.2")
    assert document.format == "cyclonedx" and len(document.sha256) == 64


def test_request_nda_approval_download_and_log(role_users, admin_user, pdf_document, nda):
    customer = role_users[Role.CUSTOMER_VIEWER]
    access = portal.request_access(actor=customer, document=pdf_document, reason="Supplier due diligence for our 5G core")
    with pytest.raises(portal.AccessRefused, match="Accept the NDA"):
        portal.deliver(user=customer, document=pdf_document)
    with pytest.raises(ValidationError, match="once the requester has accepted"):
        portal.decide(actor=admin_user, access=access, approve=True)
    portal.accept_nda(actor=customer, access=access, nda=nda, nda_sha256=nda.sha256)
    assert access.nda_sha256 == nda.sha256 and access.status == "nda_accepted"
    with pytest.raises(portal.AccessRefused, match="not been approved"):
        portal.deliver(user=customer, document=pdf_document)
    portal.decide(actor=admin_user, access=access, approve=True)
    assert access.expires_at - access.decided_at == dt.timedelta(days=14)
    delivery = portal.deliver(user=customer, document=pdf_document)
    text = PdfReader(io.BytesIO(delivery.content)).pages[0].extract_text()
    assert "Confidential - provided to" in text and customer.username in text and "Penetration test summary" in text
    log = list(AccessEvent.objects.filter(document=pdf_document).order_by("at", "id").values_list("action", "username"))
    assert log == [("refused", customer.username), ("refused", customer.username), ("download", customer.username)]
    assert all(e.document_sha256 == pdf_document.sha256 for e in AccessEvent.objects.all())


def test_an_expired_grant_is_refused_and_logged(role_users, admin_user, pdf_document, nda):
    customer = role_users[Role.CUSTOMER_VIEWER]
    access = portal.request_access(actor=customer, document=pdf_document, reason="audit")
    portal.accept_nda(actor=customer, access=access, nda=nda, nda_sha256=nda.sha256)
    portal.decide(actor=admin_user, access=access, approve=True)
    later = timezone.now() + dt.timedelta(days=15)
    with pytest.raises(portal.AccessRefused, match="expired"):
        portal.deliver(user=customer, document=pdf_document, now=later)
    access.refresh_from_db()
    assert access.status == "approved"  # nothing changed
    event = AccessEvent.objects.get()
    assert event.action == "refused" and "expired" in event.detail and event.request == access


def test_stale_nda_hash_is_refused(role_users, pdf_document, nda):
    customer = role_users[Role.CUSTOMER_VIEWER]
    access = portal.request_access(actor=customer, document=pdf_document, reason="audit")
    with pytest.raises(ValidationError, match="NDA changed"):
        portal.accept_nda(actor=customer, access=access, nda=nda, nda_sha256="0" * 64)
    access.refresh_from_db()
    assert access.status == "requested" and access.nda_id is None


def test_only_the_owner_or_an_administrator_decides(role_users, pdf_document, nda):
    from django.core.exceptions import PermissionDenied

    customer = role_users[Role.CUSTOMER_VIEWER]
    access = portal.request_access(actor=customer, document=pdf_document, reason="audit")
    portal.accept_nda(actor=customer, access=access, nda=nda, nda_sha256=nda.sha256)
    with pytest.raises(PermissionDenied):
        portal.decide(actor=role_users[Role.RISK_ANALYST], access=access, approve=True)


def test_stakeholders_see_only_their_own_requests_and_no_log(role_users, regulator, pdf_document):
    from steadfast.transparency.selectors import portal as selectors

    customer = role_users[Role.CUSTOMER_VIEWER]
    portal.request_access(actor=customer, document=pdf_document, reason="a")
    theirs = portal.request_access(actor=regulator, document=pdf_document, reason="b")
    assert list(selectors.requests(user=regulator)) == [theirs]
    assert selectors.requests(user=role_users[Role.ADMINISTRATOR]).count() == 2
    portal.log_access(user=customer, document=pdf_document, action="view")
    assert not selectors.access_log(user=customer).exists()
    assert selectors.access_log(user=role_users[Role.AUDITOR]).count() == 1


def test_pages_download_without_grant_explains_and_logs(role_users, pdf_document, user_password):
    client = Client()
    client.force_login(role_users[Role.CUSTOMER_VIEWER])
    page = client.get(reverse("transparency:document", args=[pdf_document.pk]))
    assert page.status_code == 200 and b"no access to this document yet" in page.content
    response = client.get(reverse("transparency:download", args=[pdf_document.pk]), follow=True)
    assert b"not requested access" in response.content
    assert list(AccessEvent.objects.order_by("id").values_list("action", flat=True)) == ["view", "refused", "view"]
    assert AccessEvent.objects.filter(action="refused").count() == 1
    assert not AccessRequest.objects.exists()
