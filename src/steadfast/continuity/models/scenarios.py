"""Saved disruption scenarios: a selection on the map (sites, suppliers, countries or a circle),
a time to recover, and the answer of the last run."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from steadfast.continuity.models._checks import Hazard, choice_check, positive
from steadfast.core.models.base import TimeStampedModel


class SelectionKind(models.TextChoices):
    SITES = "sites", "Sites"
    SUPPLIERS = "suppliers", "Suppliers (all their sites)"
    COUNTRIES = "countries", "Countries"
    SUBDIVISIONS = "subdivisions", "Subdivisions (ISO 3166-2)"
    CIRCLE = "circle", "Circle on the map"


class SavedScenario(TimeStampedModel):
    Selection = SelectionKind
    Hazard = Hazard

    name = models.CharField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    hazard = models.CharField(max_length=20, choices=Hazard.choices, db_index=True)
    selection = models.CharField(max_length=16, choices=SelectionKind.choices)
    refs = models.JSONField(default=list, blank=True, help_text="site or supplier refs, or ISO country codes")
    latitude = models.FloatField(null=True, blank=True, validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.FloatField(null=True, blank=True, validators=[MinValueValidator(-180), MaxValueValidator(180)])
    radius_km = models.FloatField(null=True, blank=True, validators=[MinValueValidator(0.001)])
    ttr_days = models.FloatField(validators=[MinValueValidator(0.01)])
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    # the answer of the last run (the summary the scenario service returns) and when it ran
    last_result = models.JSONField(default=dict, blank=True)
    last_run_at = models.DateTimeField(null=True, blank=True)

    audit_fields = ("name", "hazard", "selection", "refs", "latitude", "longitude", "radius_km", "ttr_days")

    class Meta:
        ordering = ["name"]
        constraints = [
            choice_check("scenario_hazard_valid", "hazard", Hazard),
            choice_check("scenario_selection_valid", "selection", SelectionKind),
            positive("scenario_ttr_positive", "ttr_days"),
            positive("scenario_radius_positive", "radius_km", nullable=True),
            models.CheckConstraint(
                name="scenario_circle_complete",
                condition=~Q(selection=SelectionKind.CIRCLE)
                | Q(latitude__isnull=False, longitude__isnull=False, radius_km__isnull=False)),
        ]

    def __str__(self) -> str:
        return self.name

    def page_url(self) -> str:
        return reverse("continuity:scenario", args=[self.pk])

    @property
    def selection_text(self) -> str:
        if self.selection == SelectionKind.CIRCLE:
            return f"{self.radius_km:g} km around {self.latitude:.2f}, {self.longitude:.2f}"
        refs = list(self.refs or [])
        shown = ", ".join(refs[:5]) + (f" and {len(refs) - 5} more" if len(refs) > 5 else "")
        return f"{self.get_selection_display()}: {shown}"
