"""The analysts' pages show what the records hold: which findings are overdue, who may approve a risk,
which questionnaires a campaign may use, a launched campaign's progress, the lists and the queue."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from steadfast.core.roles import Role
from steadfast.security.models import Campaign, Finding, Framework, QuestionnaireTemplate
from steadfast.security.services.campaigns import create_campaign, launch_campaign
from steadfast.security.services.portal import submit_assessment

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _row(html: str, text: str) -> str:
    """The table row that contains `text`."""
    rows = [row for row in re.split(r"<tr>", html) if text in row]
    assert len(rows) == 1, (text, len(rows))
    return rows[0]


@pytest.fixture
def findings_of(supplier_factory):
    """Findings due yesterday (open, planned, closed) and tomorrow (open)."""
    supplier = supplier_factory(legal_name="Nordlicht Optics GmbH")
    today = timezone.localdate()

    def add(title, *, due, status="open", **fields):
        return Finding.objects.create(supplier=supplier, source="manual", severity="high", title=title,
                                      due_date=today + dt.timedelta(days=due), status=status, **fields)

    return {
        "late": add("Patch the VPN concentrator", due=-1),
        "late_planned": add("Rotate the signing keys", due=-1, status="remediation_planned"),
        "closed": add("Retire TLS 1.0", due=-1, status="verified_closed", closed_at=timezone.now(),
                      closure_note="TLS 1.0 disabled on every endpoint"),
        "soon": add("Enforce MFA for support staff", due=1),
    }


def test_findings_list_marks_exactly_the_open_findings_past_their_due_date(findings_of, role_users,
                                                                          django_assert_max_num_queries):
    client = _client(role_users["risk_analyst"])
    client.get("/security/findings/")  # the session and menu, once
    with django_assert_max_num_queries(6):  # whatever the number of findings (no query per row)
        html = client.get("/security/findings/").content.decode()
    overdue = "<strong class=\"error\">overdue</strong>"
    assert overdue in _row(html, findings_of["late"].title)
    assert overdue in _row(html, findings_of["late_planned"].title)
    assert overdue not in _row(html, findings_of["closed"].title)  # closed: no longer overdue
    assert overdue not in _row(html, findings_of["soon"].title)  # due tomorrow

    only = client.get("/security/findings/?overdue=1").content.decode()
    assert findings_of["late"].title in only and findings_of["late_planned"].title in only
    assert findings_of["closed"].title not in only and findings_of["soon"].title not in only
    assert "data-testid=\"findings-count\">(2)</span>" in only


def test_new_campaign_offers_published_questionnaires_only_and_creates_it(questionnaire, tiered_supplier, role_users):
    QuestionnaireTemplate.objects.create(name="Cloud annex (draft)", version=1, status="draft")
    tiered_supplier(tier=1, country="DE")
    client = _client(role_users["risk_analyst"])
    form = client.get("/security/campaigns/new/").content.decode()
    assert questionnaire.name in form and "Cloud annex (draft)" not in form

    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    created = client.post("/security/campaigns/new/", {"name": "Tier 1 Germany", "template": questionnaire.pk,
                                                       "due_date": due, "tier": ["1"], "country": "de"})
    campaign = Campaign.objects.get(name="Tier 1 Germany")
    assert created.status_code == 302 and created["Location"] == f"/security/campaigns/{campaign.pk}/"
    assert campaign.filter == {"tier": [1], "country": ["DE"]}
    page = client.get(created["Location"]).content.decode()
    assert '<strong data-testid="selected">1</strong> supplier matches now' in page


def test_launched_campaign_shows_its_job_to_every_analyst(questionnaire, tiered_supplier, role_users, make_user):
    tiered_supplier(tier=2)
    analyst = role_users["risk_analyst"]
    campaign = create_campaign(actor=analyst, name="Annual review", template=questionnaire,
                               due_date=timezone.localdate() + dt.timedelta(days=30))
    draft_page = _client(analyst).get(f"/security/campaigns/{campaign.pk}/").content.decode()
    assert "job-progress" not in draft_page
    job = launch_campaign(actor=analyst, campaign=campaign, invite=False)
    colleague = make_user(Role.RISK_ANALYST, username="second-analyst")
    page = _client(colleague).get(f"/security/campaigns/{campaign.pk}/").content.decode()
    assert f'id="job-{job.pk}"' in page and "Launch</button>" not in page
    listing = _client(colleague).get("/security/campaigns/").content.decode()
    assert "Annual review" in _row(listing, "Annual review") and "Running" in _row(listing, "Annual review")


def test_review_queue_and_assessment_list_show_the_submitted_assessment(home_assessment, answer_all, respondent,
                                                                      role_users):
    answer_all(home_assessment, actor=respondent)
    submit_assessment(actor=respondent, assessment=home_assessment)
    client = _client(role_users["risk_analyst"])
    queue = client.get("/security/review/").content.decode()
    row = _row(queue, home_assessment.supplier.legal_name)
    assert f'href="/security/review/{home_assessment.pk}/"' in row and "Workflow test baseline" in row
    listing = client.get("/security/assessments/?status=submitted").content.decode()
    assert "Submitted" in _row(listing, home_assessment.supplier.legal_name)
    assert home_assessment.supplier.legal_name not in client.get("/security/assessments/?status=accepted").content.decode()


def test_frameworks_page_lists_the_catalogs(role_users):
    Framework.objects.create(name="NIST SP 800-53", version="5.1.1", source="NIST_SP-800-53_rev5_catalog.json")
    html = _client(role_users["auditor"]).get("/security/frameworks/").content.decode()
    assert "NIST SP 800-53" in _row(html, "NIST SP 800-53") and "5.1.1" in _row(html, "NIST SP 800-53")
    assert "No framework imported yet" not in html
