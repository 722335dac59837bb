"""Exercises of plans (tabletop, simulation, live) and their findings, tracked to closure."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from steadfast.continuity.models._checks import choice_check
from steadfast.core.models.base import TimeStampedModel


class ExerciseKind(models.TextChoices):
    TABLETOP = "tabletop", "Tabletop"
    SIMULATION = "simulation", "Simulation"
    LIVE = "live", "Live"


class Exercise(TimeStampedModel):
    Kind = ExerciseKind

    title = models.CharField(max_length=255)
    kind = models.CharField(max_length=12, choices=ExerciseKind.choices)
    held_on = models.DateField(db_index=True)
    plan = models.ForeignKey("continuity.ContinuityPlan", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="exercises")
    scenario = models.ForeignKey("continuity.SavedScenario", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="exercises")
    participants = models.TextField(help_text="one per line")
    objectives = models.TextField()
    outcome = models.TextField(blank=True)

    class Meta:
        ordering = ["-held_on", "title"]
        constraints = [choice_check("exercise_kind_valid", "kind", ExerciseKind)]

    def __str__(self) -> str:
        return self.title

    def page_url(self) -> str:
        return reverse("continuity:exercise", args=[self.pk])


class FindingSeverity(models.TextChoices):
    MAJOR = "major", "Major"
    MINOR = "minor", "Minor"
    OBSERVATION = "observation", "Observation"


class ExerciseFinding(TimeStampedModel):
    """What the exercise showed, and the action that closes it."""

    Severity = FindingSeverity

    exercise = models.ForeignKey(Exercise, on_delete=models.CASCADE, related_name="findings")
    summary = models.CharField(max_length=500)
    severity = models.CharField(max_length=12, choices=FindingSeverity.choices)
    action = models.CharField(max_length=500)
    action_owner = models.CharField(max_length=150)
    due_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["closed_on", "due_on", "pk"]
        constraints = [choice_check("exercise_finding_severity_valid", "severity", FindingSeverity)]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
