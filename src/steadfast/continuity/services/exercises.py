"""Exercises of plans and their findings, tracked to closure."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from steadfast.continuity.models import Exercise, ExerciseFinding
from steadfast.core.services import crud
from steadfast.network.services.common import known_fields

EXERCISE_FIELDS = {"title", "kind", "held_on", "plan", "scenario", "participants", "objectives", "outcome"}
FINDING_FIELDS = {"summary", "severity", "action", "action_owner", "due_on"}


def create_exercise(*, actor, **fields) -> Exercise:
    return crud.create(actor=actor, model=Exercise, **known_fields(Exercise, fields, allowed=EXERCISE_FIELDS))


def update_exercise(*, actor, exercise: Exercise, **fields) -> Exercise:
    return crud.update(actor=actor, instance=exercise, **known_fields(Exercise, fields, allowed=EXERCISE_FIELDS))


def add_finding(*, actor, exercise: Exercise, **fields) -> ExerciseFinding:
    return crud.create(actor=actor, model=ExerciseFinding, exercise=exercise,
                       **known_fields(ExerciseFinding, fields, allowed=FINDING_FIELDS))


def close_finding(*, actor, finding: ExerciseFinding, on: dt.date | None = None) -> ExerciseFinding:
    if finding.closed_on is not None:
        raise ValidationError({"closed_on": f"already closed on {finding.closed_on:%Y-%m-%d}"})
    on = on or dt.date.today()
    if on < finding.exercise.held_on:
        raise ValidationError({"closed_on": "a finding cannot close before its exercise was held"})
    return crud.update(actor=actor, instance=finding, closed_on=on)
