"""A signatory without an account accepts through a single-use, expiring link."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from steadfast.privacy import services
from steadfast.privacy.models import SigningLink


@pytest.fixture
def sent_dpa(dpa_factory, agreement_bytes):
    dpa = dpa_factory()
    services.add_document(actor=None, dpa=dpa, data=agreement_bytes(), name="dpa.pdf", purpose="sent")
    services.send_dpa(actor=None, dpa=dpa)
    return dpa


def test_link_is_single_use_and_records_the_acceptance(sent_dpa, privacy_officer):
    link, url = services.issue_signing_link(actor=privacy_officer, dpa=sent_dpa, email="legal@kestrel.example")
    assert url in mail.outbox[0].body and mail.outbox[0].to == ["legal@kestrel.example"]
    secret = re.search(r"/privacy/sign/([^/]+)/", url).group(1)
    assert link.token_sha256 != secret and len(link.token_sha256) == 64  # only the hash is kept
    client = Client()  # nobody signed in
    page = client.get(f"/privacy/sign/{secret}/")
    sha = sent_dpa.current_document.sha256
    assert page.status_code == 200 and sha in page.content.decode()
    done = client.post(f"/privacy/sign/{secret}/", {"signatory_name": "Ana Ruiz", "signatory_email": "ana@k.example",
                                                   "sha256": sha, "agree": "on"})
    assert done.status_code == 200 and "you accepted" in done.content.decode()
    sent_dpa.refresh_from_db()
    acceptance = sent_dpa.acceptances.get()
    assert sent_dpa.status == "active" and acceptance.via_link == link and acceptance.sha256 == sha
    assert acceptance.accepted_by is None and acceptance.ip_address == "127.0.0.1"
    assert client.get(f"/privacy/sign/{secret}/").status_code == 404  # used


def test_expired_link_opens_nothing_and_drafts_get_no_link(sent_dpa, dpa_factory):
    link, url = services.issue_signing_link(actor=None, dpa=sent_dpa, email="legal@kestrel.example")
    SigningLink.objects.filter(pk=link.pk).update(created_at=timezone.now() - dt.timedelta(days=15),
                                                  expires_at=timezone.now() - dt.timedelta(seconds=1))
    secret = re.search(r"/privacy/sign/([^/]+)/", url).group(1)
    assert Client().get(f"/privacy/sign/{secret}/").status_code == 404
    with pytest.raises(ValidationError, match="send it before"):
        services.issue_signing_link(actor=None, dpa=dpa_factory(), email="a@b.example")
    with pytest.raises(ValidationError) as error:
        services.issue_signing_link(actor=None, dpa=sent_dpa, email="not-an-address")
    assert "email" in error.value.message_dict
