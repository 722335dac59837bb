"""Editing contingency plans (fields, steps added/edited/reordered/deleted, resources from the map)
and exercises (fields, findings and their actions), each change audited; approval numbers versions."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from steadfast.continuity.models import ExerciseFinding, PlanResource, PlanStep
from steadfast.continuity.services.exercises import (
    add_finding,
    close_finding,
    create_exercise,
    update_finding,
)
from steadfast.continuity.services.plans import (
    add_resource,
    add_step,
    create_plan,
    delete_step,
    move_step,
    update_step,
)
from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role


@pytest.fixture
def manager(make_user):
    return make_user(Role.CONTINUITY_MANAGER, username="bcm-lead")


@pytest.fixture
def plan(small_map, manager):
    plan = create_plan(actor=manager, ref="BCP-KOBE-EQ", title="Kobe fab earthquake", hazard="earthquake", scope="site",
                       site="KOBE-F1", activation_criteria="JMA intensity 6- or stronger in Hyogo",
                       steps=[{"action": "Account for staff", "owner_role": "Site emergency lead", "within_hours": 2},
                              {"action": "Assess clean-room damage", "owner_role": "Fab lead", "within_hours": 24},
                              {"action": "Activate HSIN for the ASIC", "owner_role": "Commodity manager", "within_hours": 48}])
    return plan


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _steps(plan) -> list[tuple[int, str]]:
    return list(PlanStep.objects.filter(plan=plan).order_by("position").values_list("position", "action"))


def test_steps_are_edited_reordered_and_deleted_with_an_audit_event_each(plan, manager):
    third = plan.steps.get(position=3)
    before = AuditEvent.objects.count()
    move_step(actor=manager, step=third, to=1)
    assert _steps(plan) == [(1, "Activate HSIN for the ASIC"), (2, "Account for staff"), (3, "Assess clean-room damage")]
    moved = AuditEvent.objects.filter(pk__gt=before, verb="update", object_type__icontains="planstep")
    assert moved.count() == 3  # every step whose position changed
    update_step(actor=manager, step=plan.steps.get(position=2), within_hours=1)
    assert plan.steps.get(position=2).within_hours == 1
    delete_step(actor=manager, step=plan.steps.get(position=1))
    assert _steps(plan) == [(1, "Account for staff"), (2, "Assess clean-room damage")]
    assert AuditEvent.objects.filter(verb="delete", object_type__icontains="planstep").count() == 1


def test_bad_step_input_names_the_field_and_changes_nothing(plan, manager):
    step = plan.steps.get(position=1)
    for call, field in ((lambda: move_step(actor=manager, step=step, to=9), "position"),
                        (lambda: update_step(actor=manager, step=step, within_hours=-3), "within_hours"),
                        (lambda: update_step(actor=manager, step=step, colour="red"), "colour"),
                        (lambda: add_step(actor=manager, plan=plan, action="", owner_role="x", within_hours=1), "action")):
        before = AuditEvent.objects.count()
        with pytest.raises(ValidationError) as caught:
            call()
        assert field in caught.value.message_dict and AuditEvent.objects.count() == before
    step.refresh_from_db()
    assert _steps(plan)[0] == (1, "Account for staff") and step.within_hours == 2 and plan.steps.count() == 3


def test_resources_from_the_map_and_bad_ones(plan, manager):
    add_resource(actor=manager, plan=plan, kind="alternate_site", site="HSIN-F1", note="Hsinchu takes the ASIC")
    add_resource(actor=manager, plan=plan, kind="alternate_source", source="CHIP@HSIN-F1")
    stock = add_resource(actor=manager, plan=plan, kind="inventory", source="CHIP@KOBE-F1", units=200)
    assert stock.units == 200 and plan.resources.count() == 3
    assert AuditEvent.objects.filter(verb="create", object_type__icontains="planresource").count() == 3
    for fields, field in (({"kind": "inventory", "source": "CHIP@KOBE-F1"}, "units"),
                          ({"kind": "inventory", "source": "CHIP@KOBE-F1", "units": -5}, "units"),
                          ({"kind": "alternate_site", "site": "NOWHERE"}, "site"),
                          ({"kind": "alternate_site", "site": "KOBE-F1"}, "site"),  # the plan's own site
                          ({"kind": "alternate_source", "source": "CHIP@MARS"}, "source"),
                          ({"kind": "alternate_source", "source": "CHIP@HSIN-F1", "units": 3}, "units"),
                          ({"kind": "teleporter", "site": "HSIN-F1"}, "kind")):
        with pytest.raises(ValidationError) as caught:
            add_resource(actor=manager, plan=plan, **fields)
        assert field in caught.value.message_dict
    assert plan.resources.count() == 3


def test_the_plan_pages_edit_fields_steps_resources_and_approve_a_new_version(plan, manager):
    client = _client(manager)
    page = client.get(plan.page_url()).content.decode()
    assert 'data-testid="edit-plan"' in page and 'id="resource-map"' in page
    response = client.post(reverse("continuity:plan_edit", args=[plan.pk]), {
        "title": "Kobe fab: earthquake and tsunami", "hazard": "earthquake", "scope": "site", "site": "KOBE-F1",
        "country": "", "activation_criteria": "JMA intensity 6- or a tsunami warning for Osaka Bay",
        "communication_tree": "BCM lead → site manager\nsite manager → shift leads", "owner_name": "APAC supply lead",
        "review_months": "6", "last_reviewed_on": ""})
    plan.refresh_from_db()
    assert response.status_code == 302 and plan.title == "Kobe fab: earthquake and tsunami" and plan.review_months == 6
    assert "shift leads" in plan.communication_tree
    response = client.post(reverse("continuity:plan_edit", args=[plan.pk]), {
        "title": "X", "hazard": "earthquake", "scope": "site", "site": "", "country": "", "activation_criteria": "x",
        "communication_tree": "", "owner_name": "", "review_months": "6", "last_reviewed_on": ""})
    plan.refresh_from_db()
    assert response.status_code == 422 and "names its site" in response.content.decode() and plan.title.startswith("Kobe")
    last = plan.steps.get(position=3)
    client.post(reverse("continuity:step_move", args=[last.pk]), {"position": "2"})
    assert _steps(plan)[1] == (2, "Activate HSIN for the ASIC")
    client.post(reverse("continuity:step_edit", args=[last.pk]), {"action": "Activate HSIN", "owner_role": "Sourcing",
                                                                  "within_hours": "36"})
    assert plan.steps.get(pk=last.pk).action == "Activate HSIN"
    client.post(reverse("continuity:step_delete", args=[plan.steps.get(position=1).pk]))
    assert [p for p, _ in _steps(plan)] == [1, 2]
    client.post(reverse("continuity:resource_add", args=[plan.pk]), {"kind": "inventory", "source": "CHIP@KOBE-F1",
                                                                     "site": "", "units": "120", "note": "buffer"})
    response = client.post(reverse("continuity:resource_add", args=[plan.pk]), {"kind": "inventory", "source": "CHIP@KOBE-F1",
                                                                                "site": "", "units": "", "note": ""}, follow=True)
    assert "units" in response.content.decode() and PlanResource.objects.filter(plan=plan).count() == 1
    client.post(reverse("continuity:plan_approve", args=[plan.pk]), {"summary": "First issue"})
    client.post(reverse("continuity:plan_approve", args=[plan.pk]), {"summary": "Tsunami added, 6-month review"})
    assert list(plan.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    resource = PlanResource.objects.get(plan=plan)
    client.post(reverse("continuity:resource_delete", args=[resource.pk]))
    assert not PlanResource.objects.filter(plan=plan).exists()


def test_nearest_sites_for_the_map_picker(plan, manager):
    client = _client(manager)
    answer = client.get(reverse("continuity:nearest_sites"), {"lat": "34.7", "lon": "135.5"}).json()
    assert [s["ref"] for s in answer["sites"]][:2] == ["KOBE-F1", "HSIN-F1"] and answer["sites"][0]["km"] < 40
    bad = client.get(reverse("continuity:nearest_sites"), {"lat": "north", "lon": "1"})
    assert bad.status_code == 400 and "lat" in bad.json()["error"]


def test_exercise_and_findings_are_edited_and_tracked_to_closure(plan, manager):
    exercise = create_exercise(actor=manager, title="Kansai tabletop", kind="tabletop", held_on=dt.date(2026, 10, 14),
                               participants="BCM\nSourcing", objectives="Test the call tree")
    finding = add_finding(actor=manager, exercise=exercise, summary="HSIN not qualified", severity="major",
                          action="Qualify HSIN", action_owner="Sourcing lead", due_on=dt.date(2027, 1, 31))
    client = _client(manager)
    response = client.post(reverse("continuity:exercise_edit", args=[exercise.pk]), {
        "title": "Kansai earthquake tabletop", "kind": "simulation", "held_on": "2026-10-14",
        "participants": "BCM\nSourcing\nFab", "objectives": "Test the call tree and the HSIN switch", "outcome": "Done",
        "plan": "BCP-KOBE-EQ", "scenario": ""})
    exercise.refresh_from_db()
    assert response.status_code == 302 and exercise.plan == plan and exercise.kind == "simulation"
    response = client.post(reverse("continuity:exercise_edit", args=[exercise.pk]), {
        "title": "x", "kind": "simulation", "held_on": "2026-10-14", "participants": "x", "objectives": "x",
        "outcome": "", "plan": "BCP-NOPE", "scenario": ""})
    exercise.refresh_from_db()
    assert response.status_code == 422 and "BCP-NOPE" in response.content.decode() and exercise.title.startswith("Kansai")
    response = client.post(reverse("continuity:finding_edit", args=[finding.pk]), {
        "summary": "HSIN not qualified for the ASIC", "severity": "major", "action": "Qualify HSIN",
        "action_owner": "Aiko Tanaka", "due_on": "2027-02-28"})
    finding.refresh_from_db()
    assert response.status_code == 302 and (finding.action_owner, finding.due_on) == ("Aiko Tanaka", dt.date(2027, 2, 28))
    with pytest.raises(ValidationError) as caught:
        update_finding(actor=manager, finding=finding, due_on=dt.date(2026, 1, 1))
    assert "due_on" in caught.value.message_dict
    close_finding(actor=manager, finding=finding, on=dt.date(2026, 12, 1))
    client.post(reverse("continuity:finding_reopen", args=[finding.pk]))
    assert ExerciseFinding.objects.get(pk=finding.pk).closed_on is None
    verbs = list(AuditEvent.objects.filter(object_type__icontains="exercisefinding").values_list("verb", flat=True))
    assert verbs == ["create", "update", "update", "update"]


def test_api_patches_a_plan_and_an_exercise(plan, manager, api_client_for):
    client = api_client_for(manager)
    response = client.patch(f"/api/v1/continuity/plans/{plan.pk}", content_type="application/json",
                            data=json.dumps({"review_months": 6, "communication_tree": "BCM lead → site"}))
    assert response.status_code == 200 and response.json()["review_months"] == 6
    response = client.patch(f"/api/v1/continuity/plans/{plan.pk}", content_type="application/json",
                            data=json.dumps({"review_months": 99}))
    assert response.status_code == 422 and "review_months" in response.content.decode()
    plan.refresh_from_db()
    assert plan.review_months == 6
    exercise = create_exercise(actor=manager, title="T", kind="tabletop", held_on=dt.date(2026, 10, 14), participants="x",
                               objectives="y")
    response = client.patch(f"/api/v1/continuity/exercises/{exercise.pk}", content_type="application/json",
                            data=json.dumps({"plan": "BCP-KOBE-EQ", "outcome": "Call tree worked"}))
    assert response.status_code == 200 and response.json()["plan_id"] == plan.pk


@pytest.mark.parametrize("role", [Role.CUSTOMER_VIEWER, Role.SUPPLIER_RESPONDENT, Role.AUDITOR])
def test_only_continuity_managers_edit(plan, make_user, small_map, role):
    kwargs = {}
    if role == Role.SUPPLIER_RESPONDENT:
        kwargs = {"supplier": small_map.suppliers["KOBE"]}
    elif role == Role.CUSTOMER_VIEWER:
        kwargs = {"customer": small_map.networks["NET-ROUTER-1"].customer}
    client = _client(make_user(role, **kwargs))
    step = plan.steps.get(position=3)
    assert client.post(reverse("continuity:step_move", args=[step.pk]), {"position": "1"}).status_code == 403
    assert client.get(reverse("continuity:plan_edit", args=[plan.pk])).status_code == 403
    assert client.post(reverse("continuity:resource_add", args=[plan.pk]), {"kind": "alternate_site",
                                                                            "site": "HSIN-F1"}).status_code == 403
    assert _steps(plan)[0] == (1, "Account for staff") and not plan.resources.exists()
    page = client.get(plan.page_url())
    if role == Role.AUDITOR:  # auditors read, without the edit controls
        assert page.status_code == 200 and b'data-testid="edit-plan"' not in page.content
    else:
        assert page.status_code == 403
