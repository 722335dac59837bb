"""An edit of an approved contingency plan (its fields, steps or resources) makes it a draft again;
the approved version stays listed as the last approved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from steadfast.continuity.models import PlanStatus, PlanStep
from steadfast.continuity.services.plans import (
    add_resource,
    add_step,
    approve_plan,
    create_plan,
    delete_resource,
    delete_step,
    move_step,
    update_plan,
    update_step,
)
from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role


@pytest.fixture
def manager(make_user):
    return make_user(Role.CONTINUITY_MANAGER, username="bcm-lead")


@pytest.fixture
def approved(small_map, manager):
    plan = create_plan(actor=manager, ref="BCP-KOBE-EQ", title="Kobe fab earthquake", hazard="earthquake", scope="site",
                       site="KOBE-F1", activation_criteria="JMA intensity 6- or stronger in Hyogo",
                       steps=[{"action": "Account for staff", "owner_role": "Site emergency lead", "within_hours": 2},
                              {"action": "Assess clean-room damage", "owner_role": "Fab lead", "within_hours": 24}])
    approve_plan(actor=manager, plan=plan, summary="First edition", on=dt.date(2026, 11, 2))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    return plan


def _status(plan) -> str:
    plan.refresh_from_db()
    return plan.status


EDITS = {
    "fields": lambda m, p: update_plan(actor=m, plan=p, activation_criteria="JMA intensity 5+ in Hyogo"),
    "add step": lambda m, p: add_step(actor=m, plan=p, action="Call HSIN", owner_role="Sourcing", within_hours=8),
    "edit step": lambda m, p: update_step(actor=m, step=p.steps.get(position=2), within_hours=12),
    "move step": lambda m, p: move_step(actor=m, step=p.steps.get(position=2), to=1),
    "delete step": lambda m, p: delete_step(actor=m, step=p.steps.get(position=1)),
    "add resource": lambda m, p: add_resource(actor=m, plan=p, kind="alternate_source", source="CHIP@HSIN-F1"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_of_an_approved_plan_makes_a_draft(approved, manager, edit):
    EDITS[edit](manager, approved)
    assert _status(approved) == PlanStatus.DRAFT
    # the approved version is still there, and the change is in the audit trail
    assert [(v.number, v.summary) for v in approved.versions.all()] == [(1, "First edition")]
    assert AuditEvent.objects.filter(object_id=str(approved.pk), changes__status=["approved", "draft"]).exists()
    # approving again numbers version 2
    approve_plan(actor=manager, plan=approved, summary="Edited after the tabletop")
    assert _status(approved) == PlanStatus.APPROVED and approved.versions.first().number == 2


def test_removing_a_resource_makes_a_draft_too(approved, manager):
    resource = add_resource(actor=manager, plan=approved, kind="inventory", source="CHIP@KOBE-F1", units=500)
    approve_plan(actor=manager, plan=approved, summary="Safety stock")
    delete_resource(actor=manager, resource=resource)
    assert _status(approved) == PlanStatus.DRAFT


def test_owner_or_review_changes_and_no_op_edits_keep_it_approved(approved, manager):
    update_plan(actor=manager, plan=approved, owner_name="Aiko Tanaka", review_months=6)
    update_plan(actor=manager, plan=approved, title="Kobe fab earthquake")  # the same title
    update_step(actor=manager, step=approved.steps.get(position=1), within_hours=2)  # unchanged
    move_step(actor=manager, step=approved.steps.get(position=1), to=1)  # stays put
    assert _status(approved) == PlanStatus.APPROVED


def test_the_page_shows_the_draft_and_the_last_approved_version(approved, manager):
    client = Client()
    client.force_login(manager)
    response = client.post(reverse("continuity:step_edit", args=[approved.steps.get(position=2).pk]),
                           {"action": "Assess clean-room damage", "owner_role": "Fab lead", "within_hours": "12"})
    assert response.status_code == 302
    assert PlanStep.objects.get(plan=approved, position=2).within_hours == 12
    text = client.get(reverse("continuity:plan", args=[approved.pk])).content.decode()
    assert "changes await approval" in text and "last approved: v1 on 2026-11-02 by bcm-lead" in text
