"""Role-aware pages: for every role, walk the security pages it may open (and every security link on
them); no button or form there posts to an address that answers 403, and no link opens a 403 page.
The data is a realistic slice: a draft and a running campaign, a submitted and an accepted
assessment, open findings (one waiting for a second approval), a tiered supplier."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.utils import timezone

from steadfast.core.policy import can
from steadfast.core.roles import Role
from steadfast.security.models import Assessment, Finding
from steadfast.security.services.acceptance import request_acceptance
from steadfast.security.services.campaigns import create_campaign, run_campaign
from steadfast.security.services.tiering import recompute_tiers

FORM = re.compile(r'<form\b[^>]*method="post"[^>]*action="([^"]+)"', re.I)
LINK = re.compile(r'<a\b[^>]*href="(/security/[^"#?]*)(?:\?[^"]*)?"', re.I)
SKIPPED_LINKS = ("export.", "/evidence/", "offline.xlsx", "/link/")  # downloads, single-use links


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def slice_of_programme(tiered_supplier, questionnaire, home_supplier, role_users, answer_all):
    analyst, respondent = role_users["risk_analyst"], role_users["supplier_respondent"]
    suppliers = [tiered_supplier(tier=1, country="DE") for _ in range(2)] + [home_supplier]
    tiered_supplier(tier=2, country="FR")
    running = create_campaign(actor=analyst, name="Annual review", template=questionnaire,
                              due_date=timezone.localdate() + dt.timedelta(days=30), filter={"tier": [1]})
    from steadfast.security.models import SupplierRiskProfile

    SupplierRiskProfile.objects.create(supplier=home_supplier, tier=1, inherent_score=70)
    run_campaign(actor=analyst, campaign=running)
    draft = create_campaign(actor=analyst, name="France", template=questionnaire,
                            due_date=timezone.localdate() + dt.timedelta(days=30), filter={"country": ["FR"]})
    assessments = list(Assessment.objects.filter(campaign=running).order_by("pk"))
    home = next(a for a in assessments if a.supplier_id == home_supplier.pk)
    answer_all(home, actor=respondent)
    submitted = next(a for a in assessments if a.supplier_id != home_supplier.pk)
    answer_all(submitted, actor=analyst)
    Assessment.objects.filter(pk=submitted.pk).update(status="submitted", submitted_at=timezone.now())
    open_finding = Finding.objects.create(supplier=suppliers[0], source="manual", severity="high", title="No MFA on VPN",
                                          due_date=timezone.localdate() + dt.timedelta(days=10))
    waiting = Finding.objects.create(supplier=suppliers[1], source="manual", severity="critical", title="Log4Shell",
                                     due_date=timezone.localdate() + dt.timedelta(days=10))
    request_acceptance(actor=role_users["administrator"], finding=waiting, kind="exception", reason="Lab only",
                       expires=timezone.localdate() + dt.timedelta(days=60))
    home_finding = Finding.objects.create(supplier=home_supplier, source="manual", severity="medium",
                                          title="Password policy", due_date=timezone.localdate() + dt.timedelta(days=10))
    recompute_tiers(actor=None)
    return [
        "/security/dashboard/", "/security/campaigns/", f"/security/campaigns/{running.pk}/",
        f"/security/campaigns/{draft.pk}/", "/security/campaigns/new/", "/security/assessments/", "/security/review/",
        f"/security/review/{submitted.pk}/", "/security/findings/", f"/security/findings/{open_finding.pk}/",
        f"/security/findings/{waiting.pk}/", f"/security/findings/{home_finding.pk}/",
        f"/security/suppliers/{suppliers[0].pk}/", f"/security/suppliers/{suppliers[0].pk}/tier/",
        "/security/frameworks/", "/security/portal/", f"/security/portal/assessments/{home.pk}/",
    ]


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_no_button_or_link_answers_403(slice_of_programme, role_users, role):
    user = role_users[role]
    client = Client()
    client.force_login(user)
    offered_posts, links, opened = set(), set(), 0
    for url in slice_of_programme:
        response = client.get(url)
        if response.status_code != 200:
            continue  # a page the role may not open (403 or 404): nothing on it is offered to it
        opened += 1
        body = response.content.decode()
        offered_posts.update(html.unescape(a) for a in FORM.findall(body) if a.startswith("/security/"))
        links.update(link for link in LINK.findall(body) if not any(s in link for s in SKIPPED_LINKS))
    may_view = any(can(user, domain, "view") for domain in ("security", "security.review", "security.portal"))
    assert opened if may_view else opened == 0
    for link in sorted(links):
        assert client.get(link).status_code != 403, f"{role}: a link on a security page opens {link}, which answers 403"
    for action in sorted(offered_posts):
        answer = client.post(action, {})
        assert answer.status_code != 403, f"{role}: a form on a security page posts to {action}, which answers 403"


def test_pages_render_values_for_people(questionnaire, tiered_supplier, analyst, answer_all):
    """No Python on screen: answers as words and joined lists, the score with its label apart,
    statuses by their labels, numbers with thousands separators."""
    from steadfast.security.models import Answer, Question
    from steadfast.security.services.campaigns import create_assessments

    services = Question.objects.create(template=questionnaire, order=8, code="SA-03", text="Which services?",
                                       answer_type="multiple_choice", weight=0, required=False,
                                       choices=["Cloud or hosting services", "Managed network operations"])
    supplier = tiered_supplier(tier=1)
    (pk,) = create_assessments(actor=None, supplier_ids=[supplier.pk], template_id=questionnaire.pk,
                               due_date=timezone.localdate() + dt.timedelta(days=9))
    assessment = Assessment.objects.get(pk=pk)
    answer_all(assessment, actor=analyst, irp="partial")
    Answer.objects.create(assessment=assessment, question=services,
                          value=["Cloud or hosting services", "Managed network operations"])
    Assessment.objects.filter(pk=pk).update(status="submitted", submitted_at=timezone.now())
    client = Client()
    client.force_login(analyst)
    page = client.get(f"/security/review/{pk}/").content.decode()
    assert "Cloud or hosting services, Managed network operations" in page and "['" not in page
    assert ">Partially<" in page.replace("<td class=\"wf-review-answer\">", ">") and ">partial<" not in page
    assert re.search(r'data-testid="score">[\d.]+</strong> <span class="muted">automatic score', page)
    assert "— → Draft" in page and "→ draft" not in page  # the history shows status labels
    Finding.objects.bulk_create([Finding(supplier=supplier, source="manual", severity="low", title=f"Gap {n}",
                                         due_date=timezone.localdate() + dt.timedelta(days=30)) for n in range(1234)])
    listing = client.get("/security/findings/?open=1").content.decode()
    assert 'data-testid="findings-count">(1,234)' in listing
