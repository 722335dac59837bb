"""Exercises of plans and their findings, tracked to closure."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from steadfast.continuity.models import ContinuityPlan, Exercise, ExerciseFinding, SavedScenario
from steadfast.core.services import crud
from steadfast.network.services.common import known_fields, resolve

EXERCISE_FIELDS = {"title", "kind", "held_on", "plan", "scenario", "participants", "objectives", "outcome"}
FINDING_FIELDS = {"summary", "severity", "action", "action_owner", "due_on"}


def _normalise(fields: dict) -> dict:
    """The plan by ref (or instance/id), the saved scenario by id or name; blank clears either."""
    if "plan" in fields:
        fields["plan"] = resolve(ContinuityPlan, fields["plan"], field="plan", required=False)
    if "scenario" in fields:
        value = fields["scenario"]
        if value in (None, "") or isinstance(value, SavedScenario):
            fields["scenario"] = value or None
        else:
            text = str(value).strip()
            found = (SavedScenario.objects.filter(pk=int(text)).first() if text.isdigit()
                     else SavedScenario.objects.filter(name=text).first())
            if found is None:
                raise ValidationError({"scenario": f"no saved scenario {text!r}"})
            fields["scenario"] = found
    return fields


def create_exercise(*, actor, **fields) -> Exercise:
    return crud.create(actor=actor, model=Exercise, **_normalise(known_fields(Exercise, fields, allowed=EXERCISE_FIELDS)))


def update_exercise(*, actor, exercise: Exercise, **fields) -> Exercise:
    return crud.update(actor=actor, instance=exercise,
                       **_normalise(known_fields(Exercise, fields, allowed=EXERCISE_FIELDS)))


def add_finding(*, actor, exercise: Exercise, **fields) -> ExerciseFinding:
    return crud.create(actor=actor, model=ExerciseFinding, exercise=exercise,
                       **known_fields(ExerciseFinding, fields, allowed=FINDING_FIELDS))


def update_finding(*, actor, finding: ExerciseFinding, **fields) -> ExerciseFinding:
    """Edit the finding or its action (owner, due date); closing is its own step."""
    fields = known_fields(ExerciseFinding, fields, allowed=FINDING_FIELDS)
    if fields.get("due_on") and fields["due_on"] < finding.exercise.held_on:
        raise ValidationError({"due_on": "an action cannot fall due before its exercise was held"})
    return crud.update(actor=actor, instance=finding, **fields)


def reopen_finding(*, actor, finding: ExerciseFinding) -> ExerciseFinding:
    if finding.closed_on is None:
        raise ValidationError({"closed_on": "the finding is open"})
    return crud.update(actor=actor, instance=finding, closed_on=None)


def close_finding(*, actor, finding: ExerciseFinding, on: dt.date | None = None) -> ExerciseFinding:
    if finding.closed_on is not None:
        raise ValidationError({"closed_on": f"already closed on {finding.closed_on:%Y-%m-%d}"})
    on = on or dt.date.today()
    if on < finding.exercise.held_on:
        raise ValidationError({"closed_on": "a finding cannot close before its exercise was held"})
    return crud.update(actor=actor, instance=finding, closed_on=on)
