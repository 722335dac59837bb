"""Campaign creation (selection, counts, audit events, job), reassessment scheduling, invitations,
magic links (expiry, reuse, tampering) and idempotent reminders."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from steadfast.core.models import AuditEvent, Job
from steadfast.core.services import jobs
from steadfast.security.models import Assessment, MagicLink
from steadfast.security.services.campaigns import (
    create_campaign,
    launch_campaign,
    schedule_reassessments,
    select_suppliers,
)
from steadfast.security.services.invitations import (
    LinkRefused,
    invite_assessment,
    redeem_magic_link,
    token_hash,
)
from steadfast.security.services.reminders import send_reminders


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_campaign_selects_by_filter_and_creates_assessments_with_audit_events(tiered_supplier, questionnaire, analyst):
    t1_de = [tiered_supplier(tier=1, country="DE") for _ in range(3)]
    tiered_supplier(tier=1, country="FR")
    tiered_supplier(tier=3, country="DE")
    busy = tiered_supplier(tier=1, country="DE")
    Assessment.objects.create(supplier=busy, template=questionnaire, status="in_progress")  # already open: skipped
    tiered_supplier(tier=1, country="DE", status="exited")
    campaign = create_campaign(actor=analyst, name="Tier 1 Germany", template=questionnaire,
                               due_date=dt.date.today() + dt.timedelta(days=30), filter={"tier": [1], "country": ["de"]})
    assert campaign.filter == {"tier": [1], "country": ["DE"]}
    assert set(select_suppliers(filter=campaign.filter).values_list("pk", flat=True)) == {s.pk for s in t1_de}

    job = launch_campaign(actor=analyst, campaign=campaign, invite=True)
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED and job.done == job.total
    assert job.result["created"] == 3 and job.result["emails"] == 3
    created = Assessment.objects.filter(campaign=campaign)
    assert created.count() == 3 and set(created.values_list("status", flat=True)) == {"invited"}
    creates = AuditEvent.objects.filter(object_type="security.assessment", verb="create",
                                        object_id__in=[str(pk) for pk in created.values_list("pk", flat=True)])
    assert creates.count() == 3 and creates.first().actor_label == analyst.username
    assert len(mail.outbox) == 3 and "/security/portal/link/" in mail.outbox[0].body
    with pytest.raises(ValidationError):
        launch_campaign(actor=analyst, campaign=campaign)


def test_campaign_refuses_bad_input(questionnaire, analyst):
    with pytest.raises(ValidationError) as err:
        create_campaign(actor=analyst, name="", template=questionnaire, due_date=dt.date.today(),
                        filter={"tier": [7], "colour": "red"})
    assert {"name", "due_date", "filter"} <= set(err.value.message_dict)


def test_reassessments_follow_the_cadence_and_are_not_duplicated(tiered_supplier, questionnaire, analyst):
    today = dt.date(2030, 6, 1)
    due = tiered_supplier(tier=1, next_due=dt.date(2030, 5, 31))
    tiered_supplier(tier=2, next_due=dt.date(2030, 6, 2))
    tiered_supplier(tier=4)
    assert schedule_reassessments(actor=analyst, today=today, template=questionnaire) == {"created": 1,
                                                                                          "without_template": 0}
    assert Assessment.objects.get().supplier == due
    assert schedule_reassessments(actor=analyst, today=today, template=questionnaire) == {"created": 0,
                                                                                          "without_template": 0}


def test_reassessments_send_the_tiers_questionnaire_and_the_daily_job_invites(tiered_supplier, questionnaire,
                                                                               analyst, settings):
    from steadfast.security.models import Question, QuestionnaireTemplate

    light = QuestionnaireTemplate.objects.create(name="Light questionnaire", version=1, status="published")
    Question.objects.create(template=light, order=1, code="L-01", text="Patched?", answer_type="yes_no_partial_na",
                            weight=5)
    settings.STEADFAST_TIER_TEMPLATES = {1: questionnaire.name, 2: "Light questionnaire", 3: None}
    yesterday = dt.date.today() - dt.timedelta(days=1)
    first, second, third = (tiered_supplier(tier=t, next_due=yesterday) for t in (1, 2, 3))
    overridden = tiered_supplier(tier=1, next_due=yesterday)
    overridden.risk_profile.tier_override, overridden.risk_profile.tier_override_reason = 2, "only a reseller"
    overridden.risk_profile.save()

    job = jobs.start_job(actor=analyst, kind="security.reassessments", label="Reassessments", params={})
    jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED
    assert job.result == {"created": 3, "without_template": 1, "emails": 3, "without_contacts": 0}
    templates = dict(Assessment.objects.values_list("supplier_id", "template_id"))
    assert templates == {first.pk: questionnaire.pk, second.pk: light.pk, overridden.pk: light.pk}
    assert set(Assessment.objects.values_list("status", flat=True)) == {"invited"}
    assert third.pk not in templates and len(mail.outbox) == 3


def test_schedule_reassessments_command(tiered_supplier, questionnaire, analyst, settings):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.STEADFAST_TIER_TEMPLATES = {1: questionnaire.name}
    tiered_supplier(tier=1, next_due=dt.date(2030, 1, 1))
    out = StringIO()
    call_command("campaigns", "schedule-reassessments", "--today", "2030-01-02", "--invite", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {"created": 1, "without_template": 0, "emails": 1, "without_contacts": 0}
    with pytest.raises(CommandError, match="not a date"):
        call_command("campaigns", "schedule-reassessments", "--today", "2030-13-01")
    with pytest.raises(CommandError, match="no questionnaire template 999999"):
        call_command("campaigns", "schedule-reassessments", "--template", "999999")
    assert Assessment.objects.count() == 1


def test_invitation_uses_the_account_when_the_contact_has_one(home_assessment, respondent):
    respondent.email = "sec@home.example"
    respondent.save()
    assert invite_assessment(actor=None, assessment=home_assessment) == 1
    assert reverse("security:portal_assessment", args=[home_assessment.pk]) in mail.outbox[0].body
    assert not MagicLink.objects.exists()


def _link_for(assessment) -> str:
    invite_assessment(actor=None, assessment=assessment)
    body = mail.outbox[-1].body
    return body[body.index("/security/portal/link/"):].split()[0]


def test_magic_link_stored_hashed_single_use_and_scoped(home_assessment, questionnaire, supplier_factory, assessment_of):
    url = _link_for(home_assessment)
    token = url.rstrip("/").rsplit("/", 1)[1]
    link = MagicLink.objects.get()
    assert link.token_hash == token_hash(token) and token not in str(AuditEvent.objects.values_list("changes", flat=True)[::1])
    client = Client()
    confirm = client.get(url)  # the confirmation page does not use the link
    assert confirm.status_code == 200 and "Open the questionnaire" in confirm.content.decode()
    assert MagicLink.objects.get().used_at is None
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == reverse("security:guest")
    page = client.get(reverse("security:guest"))
    assert page.status_code == 200 and questionnaire.q["mfa"].text in page.content.decode()
    # the session reaches this assessment only: another supplier's evidence is 404
    other = assessment_of(supplier_factory())
    from steadfast.security.services.portal import add_evidence

    foreign = add_evidence(actor=None, assessment=other, question=None, name="x.txt", data=b"secret")
    assert client.get(reverse("security:guest_evidence_file", args=[foreign.pk])).status_code == 404
    # reuse is refused, in a fresh browser too
    again = Client().post(url)
    assert again.status_code == 410 and "already been used" in again.content.decode()
    # the visitor's answers are audited under the link's email
    client.post(reverse("security:guest_save"), {f"q-{questionnaire.q['mfa'].pk}": "yes", "action": "save"})
    assert AuditEvent.objects.filter(verb="answer", actor_label=f"link:{link.email}").exists()


def test_expired_and_tampered_links_are_refused(home_assessment):
    url = _link_for(home_assessment)
    token = url.rstrip("/").rsplit("/", 1)[1]
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    response = Client().post(reverse("security:portal_link", args=[tampered]))
    assert response.status_code == 404 and "not valid" in response.content.decode()
    assert Client().get(reverse("security:portal_link", args=["short"])).status_code == 404
    MagicLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1), created_at=timezone.now() - dt.timedelta(days=30))
    response = Client().post(url)
    assert response.status_code == 410 and "expired" in response.content.decode()
    with pytest.raises(LinkRefused) as refused:
        redeem_magic_link(token=token)
    assert refused.value.code == "expired"
    assert MagicLink.objects.get().used_at is None
    assert Client().get(reverse("security:guest")).status_code == 403  # no session, no questionnaire


def test_a_new_invitation_revokes_the_old_link(home_assessment):
    first = _link_for(home_assessment)
    _link_for(home_assessment)
    response = Client().post(first)
    assert response.status_code == 410 and "newer invitation" in response.content.decode()


def test_reminders_are_sent_once(home_assessment, tiered_supplier, assessment_of):
    home_assessment.status = "invited"
    home_assessment.due_date = dt.date(2030, 3, 10)
    home_assessment.save()
    late = assessment_of(tiered_supplier(tier=2))
    Assessment.objects.filter(pk=late.pk).update(status="in_progress", due_date=dt.date(2030, 3, 1))
    today = dt.date(2030, 3, 5)
    result = send_reminders(actor=None, today=today)
    assert (result["due_soon"], result["overdue"], result["emails"]) == (1, 1, 2)
    assert send_reminders(actor=None, today=today)["emails"] == 0
    assert send_reminders(actor=None, today=dt.date(2030, 3, 6))["emails"] == 0
    assert len(mail.outbox) == 2 and any(m.subject.startswith("Overdue") for m in mail.outbox)
