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
    ResourceKind,
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


# What the plan says (not who owns it or when it was reviewed): changing it needs a new approval.
CONTENT_FIELDS = {"title", "hazard", "scope", "site", "supplier", "product", "country", "activation_criteria",
                  "communication_tree"}


def update_plan(*, actor, plan: ContinuityPlan, **fields) -> ContinuityPlan:
    """An edit of what an approved plan says makes it a draft again: the change awaits the next approval
    (the approved versions stay listed; the last of them is what was last approved)."""
    fields = _normalise(known_fields(ContinuityPlan, fields, allowed=PLAN_FIELDS))
    with transaction.atomic():
        changed = any(getattr(plan, k) != v for k, v in fields.items() if k in CONTENT_FIELDS)
        if changed and plan.status == PlanStatus.APPROVED:
            fields["status"] = PlanStatus.DRAFT
        return crud.update(actor=actor, instance=plan, **fields)


def _back_to_draft(*, actor, plan_id: int) -> None:
    """A change to an approved plan's steps or resources: the plan is a draft until approved again."""
    plan = ContinuityPlan.objects.select_for_update().filter(pk=plan_id, status=PlanStatus.APPROVED).first()
    if plan is not None:
        crud.update(actor=actor, instance=plan, status=PlanStatus.DRAFT)


def add_step(*, actor, plan: ContinuityPlan, action: str, owner_role: str, within_hours: float) -> PlanStep:
    with transaction.atomic():
        position = (plan.steps.aggregate(last=Max("position"))["last"] or 0) + 1
        step = crud.create(actor=actor, model=PlanStep, plan=plan, position=position, action=action,
                           owner_role=owner_role, within_hours=within_hours)
        _back_to_draft(actor=actor, plan_id=plan.pk)
        return step


STEP_FIELDS = {"action", "owner_role", "within_hours"}


def update_step(*, actor, step: PlanStep, **fields) -> PlanStep:
    fields = known_fields(PlanStep, fields, allowed=STEP_FIELDS)
    with transaction.atomic():
        changed = any(getattr(step, k) != v for k, v in fields.items())
        step = crud.update(actor=actor, instance=step, **fields)
        if changed:
            _back_to_draft(actor=actor, plan_id=step.plan_id)
        return step


def move_step(*, actor, step: PlanStep, to: int) -> PlanStep:
    """Put the step at position `to` (1 = first); the others shift, positions stay 1..n."""
    with transaction.atomic():
        steps = list(PlanStep.objects.select_for_update().filter(plan_id=step.plan_id).order_by("position"))
        if not isinstance(to, int) or isinstance(to, bool) or not 1 <= to <= len(steps):
            raise ValidationError({"position": f"must be between 1 and {len(steps)}"})
        order = [s for s in steps if s.pk != step.pk]
        order.insert(to - 1, next(s for s in steps if s.pk == step.pk))
        if _renumber(actor=actor, steps=steps, order=order):
            _back_to_draft(actor=actor, plan_id=step.plan_id)
        step.refresh_from_db()
        return step


def delete_step(*, actor, step: PlanStep) -> None:
    with transaction.atomic():
        plan_id = step.plan_id
        crud.delete(actor=actor, instance=step)
        steps = list(PlanStep.objects.select_for_update().filter(plan_id=plan_id).order_by("position"))
        _renumber(actor=actor, steps=steps, order=steps)
        _back_to_draft(actor=actor, plan_id=plan_id)


def _renumber(*, actor, steps: list[PlanStep], order: list[PlanStep]) -> bool:
    """Positions 1..n in the given order: moved out of the way first (the positions are unique per plan).
    True when a step moved."""
    before = {s.pk: s.position for s in steps}
    top = max(before.values(), default=0)
    moved = [s for position, s in enumerate(order, start=1) if before[s.pk] != position]
    for k, s in enumerate(moved, start=1):
        PlanStep.objects.filter(pk=s.pk).update(position=top + k)
    events = []
    for position, s in enumerate(order, start=1):
        if before[s.pk] != position:
            PlanStep.objects.filter(pk=s.pk).update(position=position)
            s.position = position
            events.append(crud.pending_for("update", s, {"position": [before[s.pk], position]}))
    if events:
        crud.record_events(actor=actor, events=events)
    return bool(events)


def add_resource(*, actor, plan: ContinuityPlan, kind: str, source=None, site=None, units=None,
                 note: str = "") -> PlanResource:
    """An alternate source (a source ref on the map), an alternate site (a site ref), or safety
    inventory (units held at a source)."""
    if kind not in ResourceKind.values:
        raise ValidationError({"kind": f"{kind!r} is not one of {', '.join(ResourceKind.values)}"})
    if kind == ResourceKind.ALTERNATE_SITE:
        if source:
            raise ValidationError({"source": "an alternate site names a site, not a source"})
        site = resolve(Site, site, field="site")
        if plan.scope == "site" and site.pk == plan.site_id:
            raise ValidationError({"site": "the alternate site must be another site than the plan's"})
        source = None
    else:
        if site:
            raise ValidationError({"site": f"a {ResourceKind(kind).label.lower()} names a source, not a site"})
        source = resolve(ItemSource, source, field="source")
        site = None
    if kind == ResourceKind.INVENTORY:
        if units is None or units == "" or float(units) <= 0:
            raise ValidationError({"units": "safety inventory needs a positive number of units"})
        units = float(units)
    elif units not in (None, ""):
        raise ValidationError({"units": "units are for safety inventory only"})
    else:
        units = None
    with transaction.atomic():
        resource = crud.create(actor=actor, model=PlanResource, plan=plan, kind=kind, source=source, site=site,
                               units=units, note=note or "")
        _back_to_draft(actor=actor, plan_id=plan.pk)
        return resource


def delete_resource(*, actor, resource: PlanResource) -> None:
    with transaction.atomic():
        crud.delete(actor=actor, instance=resource)
        _back_to_draft(actor=actor, plan_id=resource.plan_id)


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
