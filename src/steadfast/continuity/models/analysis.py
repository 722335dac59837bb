"""Stored analyses of the whole map: one run, its parameters, the map it saw, and one result row
per source (node) and per site."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from steadfast.continuity.models._checks import choice_check, positive


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class AnalysisRun(models.Model):
    """A full analysis (every source and every site lost in turn) of the map as it was at `started_at`."""

    Status = RunStatus

    label = models.CharField(max_length=200)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True)
    default_ttr_days = models.FloatField(default=14)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    event_job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                  help_text="the job computing the run's event loss table")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # the map as the run saw it
    map_fingerprint = models.CharField(max_length=64, blank=True)
    nodes = models.PositiveIntegerField(default=0)
    edges = models.PositiveIntegerField(default=0)
    sites = models.PositiveIntegerField(default=0)
    products = models.PositiveIntegerField(default=0)
    # summary of the results
    scenarios = models.PositiveIntegerField(default=0)
    at_risk = models.PositiveIntegerField(default=0)
    baseline_tts_days = models.FloatField(null=True, blank=True, help_text="blank = unbounded")
    max_pi = models.FloatField(default=0)
    message = models.TextField(blank=True)

    audit_fields = ("label", "status", "default_ttr_days", "map_fingerprint", "scenarios", "at_risk")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            choice_check("run_status_valid", "status", RunStatus),
            positive("run_default_ttr_positive", "default_ttr_days"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.SUCCEEDED, RunStatus.FAILED)

    @property
    def duration_seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class ResultKind(models.TextChoices):
    NODE = "node", "Source"
    SITE = "site", "Site"


class RunResult(models.Model):
    """One scenario of a run: a source (node) or a whole site lost for its TTR. The ref keeps the
    map's name as it was; the foreign key follows the record while it exists."""

    Kind = ResultKind

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="results")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    ref = models.CharField(max_length=130)
    source = models.ForeignKey("network.ItemSource", null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="continuity_results")
    site = models.ForeignKey("network.Site", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="continuity_results")
    ttr_days = models.FloatField()
    tts_days = models.FloatField(null=True, blank=True, help_text="blank = unbounded")
    pi = models.FloatField()
    rei = models.FloatField()
    at_risk = models.BooleanField(db_index=True)

    class Meta:
        ordering = ["-rei", "ref"]
        constraints = [
            choice_check("result_kind_valid", "kind", ResultKind),
            models.UniqueConstraint(name="result_unique_per_run", fields=["run", "kind", "ref"]),
            models.CheckConstraint(name="result_rei_range", condition=Q(rei__gte=0, rei__lte=1)),
            models.CheckConstraint(name="result_pi_non_negative", condition=Q(pi__gte=0)),
            models.CheckConstraint(name="result_kind_matches_link",
                                   condition=(Q(kind=ResultKind.NODE) & Q(site__isnull=True))
                                   | (Q(kind=ResultKind.SITE) & Q(source__isnull=True))),
        ]
        indexes = [models.Index(fields=["run", "kind", "-rei"], name="result_run_kind_rei"),
                   # the map lists' per-record lookups (selectors/runs.py with_rei)
                   models.Index(fields=["run", "site"], name="result_run_site"),
                   models.Index(fields=["run", "source"], name="result_run_source")]

    def __str__(self) -> str:
        return f"{self.ref} ({self.run_id})"

    @property
    def tts_text(self) -> str:
        return "unbounded" if self.tts_days is None else f"{self.tts_days:.1f}"

    def page_url(self) -> str | None:
        """The map page of what the row is about (while it still exists)."""

        if self.site_id is not None:
            return reverse("network:site", args=[self.site_id])
        if self.source_id is not None:
            return reverse("network:item", args=[self.source.item_id])
        return None


class EventLoss(models.Model):
    """One row of the run's event loss table: an event, its annual rate and its loss (the engine's
    PI for losing the event's sites for its TTR)."""

    run = models.ForeignKey(AnalysisRun, on_delete=models.CASCADE, related_name="event_losses")
    event = models.CharField(max_length=140)
    hazard = models.CharField(max_length=20, db_index=True)
    country = models.CharField(max_length=2, blank=True)
    supplier = models.ForeignKey("network.Supplier", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    supplier_ref = models.CharField(max_length=64, blank=True)
    rate = models.FloatField()
    ttr_days = models.FloatField()
    sites = models.PositiveIntegerField()
    loss = models.FloatField()

    class Meta:
        ordering = ["event"]
        constraints = [
            models.UniqueConstraint(name="event_loss_unique_per_run", fields=["run", "event"]),
            models.CheckConstraint(name="event_loss_rate_non_negative", condition=Q(rate__gte=0)),
            models.CheckConstraint(name="event_loss_loss_non_negative", condition=Q(loss__gte=0)),
            positive("event_loss_ttr_positive", "ttr_days"),
        ]

    def __str__(self) -> str:
        return self.event

    @property
    def expected_annual_loss(self) -> float:
        return self.rate * self.loss
