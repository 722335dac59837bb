"""Contingency plans: the plan, its steps and resources, approval of versions, reviews."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from steadfast.continuity.models import (
    ContinuityPlan,
    PlanResource,
    PlanStatus,
    PlanStep,
    PlanVersion,
    SavedScenario,
)
from steadfast.core.services import crud
from steadfast.network.models import Item, ItemSource, Site, Supplier
from steadfast.network.services.common import known_fields, resolve

PLAN_FIELDS = {"ref", "title", "hazard", "scope", "site", "supplier", "product", "country", "activation_criteria",
               "communication_tree", "owner", "owner_name", "review_months", "last_reviewed_on"}


def _normalise(fields: dict) -> dict:
    for name, model in (("site", Site), ("supplier", Supplier), ("product", Item)):
        if name in fields:
            fields[name] = resolve(model, fields[name], field=name, required=False)
    if isinstance(fields.get("country"), str):
        fields["country"] = fields["country"].strip().upper()
    return fields


def create_plan(*, actor, steps: list[dict] | None = None, **fields) -> ContinuityPlan:
    """A draft plan with its steps ([{action, owner_role, within_hours}] in order)."""
    with transaction.atomic():
        plan = crud.create(actor=actor, model=ContinuityPlan,
                           **_normalise(known_fields(ContinuityPlan, fields, allowed=PLAN_FIELDS)))
        for step in steps or []:
            add_step(actor=actor, plan=plan, **step)
        return plan


def update_plan(*, actor, plan: ContinuityPlan, **fields) -> ContinuityPlan:
    return crud.update(actor=actor, instance=plan, **_normalise(known_fields(ContinuityPlan, fields, allowed=PLAN_FIELDS)))


def add_step(*, actor, plan: ContinuityPlan, action: str, owner_role: str, within_hours: float) -> PlanStep:
    with transaction.atomic():
        position = (plan.steps.aggregate(last=Max("position"))["last"] or 0) + 1
        return crud.create(actor=actor, model=PlanStep, plan=plan, position=position, action=action,
                           owner_role=owner_role, within_hours=within_hours)


def add_resource(*, actor, plan: ContinuityPlan, kind: str, source=None, site=None, note: str = "") -> PlanResource:
    return crud.create(actor=actor, model=PlanResource, plan=plan, kind=kind,
                       source=resolve(ItemSource, source, field="source", required=False),
                       site=resolve(Site, site, field="site", required=False), note=note)


def approve_plan(*, actor, plan: ContinuityPlan, summary: str, approver_name: str = "",
                 on: dt.date | None = None) -> PlanVersion:
    """A new approved version: the plan becomes approved and counts as reviewed on that day."""
    if not summary.strip():
        raise ValidationError({"summary": "say what this version changes"})
    if not plan.steps.exists():
        raise ValidationError({"steps": "a plan without steps cannot be approved"})
    on = on or dt.date.today()
    with transaction.atomic():
        number = (plan.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = crud.create(actor=actor, model=PlanVersion, plan=plan, number=number, summary=summary.strip(),
                              approved_by=actor if getattr(actor, "pk", None) else None,
                              approver_name=approver_name or (actor.get_username() if getattr(actor, "pk", None) else ""),
                              approved_on=on)
        crud.update(actor=actor, instance=plan, status=PlanStatus.APPROVED, last_reviewed_on=on)
        return version


def link_scenario(*, actor, plan: ContinuityPlan, scenario: SavedScenario) -> None:
    """The plan answers the scenario."""
    with transaction.atomic():
        plan.scenarios.add(scenario)
        crud.record_events(actor=actor, events=[crud.pending_for("link_scenario", plan, {"scenario": [None, scenario.name]})])


def delete_plan(*, actor, plan: ContinuityPlan) -> None:
    crud.delete(actor=actor, instance=plan)
