"""Campaigns say which tier they select ("security tier", never the supply-chain tier), refuse to
launch with no supplier in them, and give a programme manager bulk actions on a running campaign:
invite, remind, extend the due date, close, export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client

from steadfast.core.models import AuditEvent, Job
from steadfast.security.models import Assessment, Campaign
from steadfast.security.services.campaign_actions import (
    close_campaign,
    extend_campaign,
    run_campaign_emails,
    start_campaign_emails,
)
from steadfast.security.services.campaigns import create_campaign, launch_campaign, run_campaign

TODAY = dt.date.today()


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def running(tiered_supplier, questionnaire, analyst):
    """A running campaign of three tier-1 German suppliers, assessments still in draft."""
    suppliers = [tiered_supplier(tier=1, country="DE") for _ in range(3)]
    campaign = create_campaign(actor=analyst, name="Tier 1 Germany", template=questionnaire,
                               due_date=TODAY + dt.timedelta(days=30), filter={"tier": [1], "country": ["DE"]})
    run_campaign(actor=analyst, campaign=campaign)
    campaign.refresh_from_db()
    assert campaign.status == "running" and campaign.assessments.filter(status="draft").count() == 3
    campaign.suppliers = suppliers
    return campaign


def test_the_form_and_the_page_name_the_security_tier(tiered_supplier, questionnaire, analyst):
    client = _client(analyst)
    form = client.get("/security/campaigns/new/").content.decode()
    assert "Security tier 1 (highest risk)" in form and "not the supply-chain tier" in form
    campaign = create_campaign(actor=analyst, name="EU cloud", template=questionnaire, due_date=TODAY + dt.timedelta(days=9),
                               filter={"tier": [1, 2], "country": ["de", "fr"], "category": ["cloud_it_services"],
                                       "due": True})
    page = client.get(f"/security/campaigns/{campaign.pk}/").content.decode()
    assert ("Suppliers: security tier 1 or 2 · countries DE, FR · category Cloud / IT services · "
            "due for reassessment") in page
    assert "[" not in page[page.index('data-testid="campaign-filter"'):page.index("</p>", page.index('data-testid="campaign-filter"'))]


def test_an_empty_campaign_cannot_be_launched(tiered_supplier, questionnaire, analyst):
    tiered_supplier(tier=2, country="DE")  # security tier 2: not selected
    campaign = create_campaign(actor=analyst, name="Tier 1 + DE, FR, CN", template=questionnaire,
                               due_date=TODAY + dt.timedelta(days=30), filter={"tier": [1], "country": ["DE", "FR", "CN"]})
    client = _client(analyst)
    page = client.get(f"/security/campaigns/{campaign.pk}/").content.decode()
    assert 'data-testid="selected">0<' in page and "cannot be launched" in page and "disabled" in page
    response = client.post(f"/security/campaigns/{campaign.pk}/launch/", follow=True)
    assert "no supplier matches security tier 1 · countries CN, DE, FR" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == "draft" and campaign.launched_at is None and not Job.objects.exists()
    assert not AuditEvent.objects.filter(object_type="security.campaign", verb="update").exists()
    with pytest.raises(ValidationError, match="no supplier matches"):
        run_campaign(actor=analyst, campaign=campaign)
    assert Campaign.objects.get(pk=campaign.pk).status == "draft"


def test_invite_then_remind_everyone_the_campaign_waits_for(running, analyst):
    client = _client(analyst)
    page = client.get(f"/security/campaigns/{running.pk}/").content.decode()
    assert 'data-testid="campaign-actions"' in page and "<strong>3</strong> <span class=\"muted\">draft</span>" in page
    response = client.post(f"/security/campaigns/{running.pk}/emails/", {"action": "invite"})
    assert response.status_code == 302
    job = Job.objects.get(kind="security.campaign_action")
    assert job.params == {"campaign_id": running.pk, "action": "invite"}
    assert run_campaign_emails(actor=analyst, campaign=running, action="invite")["emails"] == 3
    assert running.assessments.filter(status="invited").count() == 3 and len(mail.outbox) == 3
    with pytest.raises(ValidationError, match="in draft"):
        start_campaign_emails(actor=analyst, campaign=running, action="invite")  # nobody left to invite
    Assessment.objects.filter(pk=running.assessments.order_by("pk").first().pk).update(
        status="submitted", submitted_at=dt.datetime.now(dt.UTC))
    result = run_campaign_emails(actor=analyst, campaign=running, action="remind")
    assert result == {"reminded": 2, "emails": 2, "without_contacts": 0}
    assert all(m.subject.startswith("Reminder: security questionnaire") for m in mail.outbox[3:])
    assert AuditEvent.objects.filter(verb="remind_campaign").count() == 2
    with pytest.raises(ValidationError):
        start_campaign_emails(actor=analyst, campaign=running, action="delete")


def test_extend_moves_the_open_assessments_only(running, analyst):
    accepted = running.assessments.order_by("pk").first()
    Assessment.objects.filter(pk=accepted.pk).update(status="accepted", submitted_at=dt.datetime.now(dt.UTC),
                                                     accepted_at=dt.datetime.now(dt.UTC))
    client = _client(analyst)
    refused = client.post(f"/security/campaigns/{running.pk}/extend/", {"due_date": (TODAY + dt.timedelta(days=10)).isoformat()})
    assert refused.status_code == 422 and "the new due date must be after" in refused.content.decode()
    later = TODAY + dt.timedelta(days=60)
    assert client.post(f"/security/campaigns/{running.pk}/extend/", {"due_date": later.isoformat()}).status_code == 302
    running.refresh_from_db()
    assert running.due_date == later
    assert sorted(running.assessments.values_list("due_date", flat=True)) == sorted(
        [TODAY + dt.timedelta(days=30), later, later])
    assert AuditEvent.objects.filter(object_type="security.campaign", verb="extend").count() == 1


def test_close_needs_a_reason_and_ends_the_actions(running, analyst):
    client = _client(analyst)
    refused = client.post(f"/security/campaigns/{running.pk}/close/", {"reason": ""})
    assert refused.status_code == 422 and Campaign.objects.get(pk=running.pk).status == "running"
    assert client.post(f"/security/campaigns/{running.pk}/close/", {"reason": "Replaced by the annual review"}
                       ).status_code == 302
    running.refresh_from_db()
    assert running.status == "closed"
    event = AuditEvent.objects.get(object_type="security.campaign", verb="close")
    assert event.changes["reason"][1] == "Replaced by the annual review" and event.changes["assessments_open"][1] == 3
    with pytest.raises(ValidationError, match="not running"):
        extend_campaign(actor=analyst, campaign=running, due_date=TODAY + dt.timedelta(days=90))
    with pytest.raises(ValidationError, match="not running"):
        close_campaign(actor=analyst, campaign=running, reason="again")
    assert 'data-testid="campaign-actions"' not in client.get(f"/security/campaigns/{running.pk}/").content.decode()


def test_export_lists_every_assessment_with_its_progress(running, analyst):
    response = _client(analyst).get(f"/security/campaigns/{running.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:5] == ["id", "supplier_ref", "supplier", "country", "status"]
    assert len(rows) == 4 and {r[4] for r in rows[1:]} == {"Draft"}
    assert {r[1] for r in rows[1:]} == {s.ref for s in running.suppliers}
    assert all(r[9] == "0" and int(r[10]) > 0 for r in rows[1:])  # answered 0 of the shown questions


def test_auditors_see_no_campaign_actions(running, role_users):
    page = _client(role_users["auditor"]).get(f"/security/campaigns/{running.pk}/").content.decode()
    assert 'data-testid="campaign-actions"' not in page and "Export CSV" in page
    assert _client(role_users["auditor"]).post(f"/security/campaigns/{running.pk}/close/",
                                               {"reason": "x"}).status_code == 403


def test_launch_still_works_with_suppliers(tiered_supplier, questionnaire, analyst):
    tiered_supplier(tier=1, country="DE")
    campaign = create_campaign(actor=analyst, name="One", template=questionnaire, due_date=TODAY + dt.timedelta(days=9),
                               filter={"tier": [1]})
    assert launch_campaign(actor=analyst, campaign=campaign, invite=False) is not None
    assert Campaign.objects.get(pk=campaign.pk).status == "running"
