"""The continuity pages as a continuity manager uses them, and who may see and change what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from steadfast.continuity.models import ContinuityPlan, SavedScenario
from steadfast.continuity.services.bia import create_bia
from steadfast.continuity.services.exercises import add_finding, create_exercise
from steadfast.continuity.services.plans import add_step, create_plan
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.core.models import Job
from steadfast.core.roles import Role
from steadfast.core.services import jobs


@pytest.fixture
def manager(make_user):
    return make_user(Role.CONTINUITY_MANAGER, username="bcm-lead")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _records(actor, small_map):
    run = start_analysis_run(actor=actor, label="November full analysis")
    jobs.run(run.job_id)
    run.refresh_from_db()
    jobs.run(run.event_job_id)
    bia = create_bia(actor=actor, product="ROUTER", mtpd_days=20, rto_days=10, mbco_percent=60, priority=1)
    plan = create_plan(actor=actor, ref="PLAN-EQ-JP-01", title="Kobe fab earthquake", hazard="earthquake", scope="site",
                       site="KOBE-F1", activation_criteria="JMA intensity 6- or stronger in Hyogo")
    add_step(actor=actor, plan=plan, action="Confirm staff safety and site damage", owner_role="Site BCM lead",
             within_hours=2)
    exercise = create_exercise(actor=actor, title="Kansai earthquake tabletop", kind="tabletop",
                               held_on=dt.date(2026, 10, 14), participants="Supply chain\nBCM", objectives="Test the call tree",
                               plan=plan)
    finding = add_finding(actor=actor, exercise=exercise, summary="Alternate chip source not qualified",
                          severity="major", action="Qualify HSIN for the ER-8 ASIC", action_owner="Sourcing lead",
                          due_on=dt.date(2027, 1, 31))
    return run, bia, plan, exercise, finding


def test_the_main_flow_circle_scenario_save_and_link_a_plan(small_map, manager, django_assert_max_num_queries):
    _, _, plan, _, _ = _records(manager, small_map)
    client = _client(manager)
    page = client.get(reverse("continuity:builder"))
    assert page.status_code == 200 and b'data-mode="circle"' in page.content
    response = client.post(reverse("continuity:builder"), {"selection": "circle", "latitude": "34.7", "longitude": "135.2",
                                                            "radius_km": "200", "ttr_days": "30"})
    job = Job.objects.get(kind="continuity.scenario")
    assert response.status_code == 302 and response["Location"] == reverse("continuity:scenario_job", args=[job.pk])
    jobs.run(job.pk)
    answer = client.get(response["Location"])
    text = answer.content.decode()
    assert "13,000 margin lost" in text and "2 networks, 1,050,000 subscribers" in text
    assert "ROUTER" in text and 'data-testid="tts-chart"' in text and '<img class="chart" src="data:image/svg+xml;base64,' in text
    # one row per product: its own TTS (4 days) against the TTR, in the chart and the table
    assert 'data-testid="product-tts"' in text and 'data-testid="product-tts-chart"' in text
    assert "4.0 days" in text and "30.0 days" in text
    saved = client.post(reverse("continuity:scenario_save", args=[job.pk]),
                        {"name": "Kansai earthquake M7", "hazard": "earthquake", "description": ""})
    scenario = SavedScenario.objects.get(name="Kansai earthquake M7")
    assert saved.status_code == 302 and scenario.radius_km == 200 and scenario.last_result["pi"] == pytest.approx(13_000)
    listing = client.get(reverse("continuity:scenarios")).content.decode()
    assert "Kansai earthquake M7" in listing and "flag\">no plan" in listing  # the only scenario: REI 1, unplanned
    client.post(reverse("continuity:scenario_link_plan", args=[scenario.pk]), {"plan": plan.pk})
    assert list(plan.scenarios.all()) == [scenario]
    assert "flag\">no plan" not in client.get(reverse("continuity:scenarios")).content.decode()
    with django_assert_max_num_queries(12):
        assert client.get(reverse("continuity:scenario", args=[scenario.pk])).status_code == 200


def test_bad_scenario_input_is_named_and_starts_nothing(small_map, manager):
    client = _client(manager)
    response = client.post(reverse("continuity:builder"), {"selection": "sites", "refs": "KOBE-F1,ATLANTIS", "ttr_days": "5"})
    assert response.status_code == 422 and "unknown site ref: ATLANTIS" in response.content.decode()
    response = client.post(reverse("continuity:builder"), {"selection": "circle", "latitude": "0", "longitude": "0",
                                                            "radius_km": "-3", "ttr_days": "5"})
    assert response.status_code == 422 and "the radius must be a positive number" in response.content.decode()
    assert not Job.objects.exists()


def test_every_page_renders_for_the_manager(small_map, manager, django_assert_max_num_queries):
    run, bia, plan, exercise, finding = _records(manager, small_map)
    client = _client(manager)
    pages = [reverse("continuity:dashboard"), reverse("continuity:runs"), reverse("continuity:run", args=[run.pk]),
             reverse("continuity:bias"), reverse("continuity:bia", args=[bia.pk]), reverse("continuity:plans"),
             reverse("continuity:plan", args=[plan.pk]), reverse("continuity:exercises"),
             reverse("continuity:exercise", args=[exercise.pk]), reverse("continuity:hazard_risk")]
    for url in pages:
        with django_assert_max_num_queries(25):
            response = client.get(url)
        assert response.status_code == 200, url
    run_page = client.get(reverse("continuity:run", args=[run.pk])).content.decode()
    assert "KOBE-F1" in run_page and "TTS against TTR" in run_page
    bia_page = client.get(reverse("continuity:bia", args=[bia.pk])).content.decode()
    assert "past the MTPD" in bia_page and "short before recovery" in bia_page
    hazard = client.get(reverse("continuity:hazard_risk") + "?years=2000&seed=3").content.decode()
    assert "earthquake:JP" in hazard and "VaR 0.995" in hazard
    csv_text = b"".join(client.get(reverse("continuity:run_export", args=[run.pk])).streaming_content).decode()
    assert csv_text.splitlines()[0] == "kind,ref,ttr,tts,pi,rei,at_risk" and len(csv_text.splitlines()) == 9
    client.post(reverse("continuity:finding_close", args=[finding.pk]))
    finding.refresh_from_db()
    assert finding.closed_on is not None
    client.post(reverse("continuity:plan_approve", args=[plan.pk]), {"summary": "First issue"})
    plan.refresh_from_db()
    assert plan.status == ContinuityPlan.Status.APPROVED and plan.versions.get().number == 1


def test_standing_include_on_map_pages(small_map, manager, make_user):
    from django.template import Context, Template

    _records(manager, small_map)
    template = Template("{% load continuity_tags %}{% continuity_standing user=user site=site %}")
    html = template.render(Context({"user": manager, "site": small_map.sites["KOBE-F1"]}))
    assert "4.0 days" in html and "short before it recovers" in html
    assert "Continuity" not in template.render(Context({"user": make_user(Role.PRIVACY_OFFICER),
                                                        "site": small_map.sites["KOBE-F1"]}))


def test_who_sees_and_changes_what(small_map, manager, role_users):
    run, bia, plan, _, _ = _records(manager, small_map)
    for role in (Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER, Role.PRIVACY_OFFICER):
        client = _client(role_users[role])
        assert client.get(reverse("continuity:dashboard")).status_code == 403
        assert client.get(reverse("continuity:bia", args=[bia.pk])).status_code == 403
    auditor = _client(role_users[Role.AUDITOR])
    assert auditor.get(reverse("continuity:plan", args=[plan.pk])).status_code == 200
    assert auditor.post(reverse("continuity:plan_approve", args=[plan.pk]), {"summary": "x"}).status_code == 403
    assert auditor.post(reverse("continuity:builder"), {"selection": "sites", "refs": "KOBE-F1", "ttr_days": "5"}).status_code == 403
    assert not plan.versions.exists() and not Job.objects.filter(kind="continuity.scenario").exists()
