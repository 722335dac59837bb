"""Saved scenarios: named selections that are re-run against the map as it is."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from steadfast.continuity.models import SavedScenario
from steadfast.continuity.services.scenarios import Selection, run_scenario, validate_selection
from steadfast.core.services import crud
from steadfast.network.services.common import known_fields

SCENARIO_FIELDS = {"name", "description", "hazard", "selection", "refs", "latitude", "longitude", "radius_km",
                   "ttr_days"}


def selection_of(scenario: SavedScenario) -> Selection:
    return Selection(kind=scenario.selection, ttr_days=scenario.ttr_days, refs=tuple(scenario.refs or ()),
                     latitude=scenario.latitude, longitude=scenario.longitude, radius_km=scenario.radius_km)


def save_scenario(*, actor, result: dict | None = None, **fields) -> SavedScenario:
    """Save a named selection (checked as the scenario service checks it), with its last answer."""

    fields = known_fields(SavedScenario, fields, allowed=SCENARIO_FIELDS)
    fields["refs"] = sorted({str(r).strip() for r in fields.get("refs") or () if str(r).strip()})
    probe = SavedScenario(**fields)
    validate_selection(selection_of(probe))
    with transaction.atomic():
        scenario = crud.create(actor=actor, model=SavedScenario, owner=actor if getattr(actor, "pk", None) else None,
                               **fields)
        if result is not None:
            _store_result(scenario, result)
        return scenario


def rerun_scenario(*, actor, scenario: SavedScenario, network=None) -> dict:
    """Run the saved selection on the map as it is now and keep the answer."""
    result = run_scenario(selection_of(scenario), network=network)
    with transaction.atomic():
        _store_result(scenario, result)
        crud.record_events(actor=actor, events=[crud.pending_for("run_scenario", scenario, {"pi": [None, result["pi"]]})])
    return result


def _store_result(scenario: SavedScenario, result: dict) -> None:
    scenario.last_result = {k: v for k, v in result.items() if k != "site_refs"}
    scenario.last_run_at = timezone.now()
    SavedScenario.objects.filter(pk=scenario.pk).update(last_result=scenario.last_result, last_run_at=scenario.last_run_at)


def delete_scenario(*, actor, scenario: SavedScenario) -> None:
    crud.delete(actor=actor, instance=scenario)
