"""How many days the affected supply holds against the expected recovery, from the continuity
engine's Python API (no re-implementation here): the incident's sites and its suppliers' sites
lose all capacity for the expected recovery time; the engine answers TTS and the margin lost."""

from __future__ import annotations

import math
import tempfile

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.core.services.jobs import start_job
from steadfast.engine import DEFAULT_TTR, Analyzer, Scenario, load_network
from steadfast.incidents.models import Incident, SupplyImpact
from steadfast.network.exports.engine_network import export_engine_network
from steadfast.network.models import Site

JOB_KIND = "incidents.supply_tts"


def disrupted_sites(incident: Incident) -> list[Site]:
    return list(Site.objects.filter(pk__in=incident.sites.values("pk")) | Site.objects.filter(
        owner_supplier__in=incident.suppliers.values("pk")))


def start_supply_analysis(*, actor, incident: Incident):
    if not incident.sites.exists() and not incident.suppliers.exists():
        raise ValidationError({"sites": "the incident touches no sites or suppliers: name them first"})
    return start_job(actor=actor, kind=JOB_KIND, label=f"Supply TTS for {incident.ref}", params={"incident": incident.pk})


def analyse_supply(*, incident: Incident, report=lambda *a, **k: None, job=None) -> SupplyImpact:
    sites = disrupted_sites(incident)
    recovery = max([s.ttr_days for s in sites if s.ttr_days] or [DEFAULT_TTR])
    report(0, 3, "exporting the business map for the engine")
    with tempfile.TemporaryDirectory(prefix="steadfast-incident-") as folder:
        export_engine_network(folder)
        network = load_network(folder)
    report(1, 3, "building the disruption")
    refs = {s.ref for s in sites}
    members = network.site_members
    losses = {network.node_ids[int(k)]: 1.0 for ref in refs for k in members.get(ref, ())}
    tts, margin = None, 0.0
    if losses:
        scenario = Scenario.of(network, f"incident {incident.ref}", ttr=recovery, losses=losses)
        report(2, 3, f"solving time to survive over {len(losses)} item sources")
        result = Analyzer(network).analyse(scenario)
        tts = None if math.isinf(result.tts) else float(result.tts)
        margin = float(result.pi)
    report(3, 3, "done")
    with transaction.atomic():
        values = {"sites": sorted(refs), "nodes": len(losses), "expected_recovery_days": recovery, "tts_days": tts,
                  "margin_lost": margin, "job": job}
        current = SupplyImpact.objects.filter(incident=incident).first()
        if current is None:
            return crud.create(actor=None, model=SupplyImpact, incident=incident, **values)
        return crud.update(actor=None, instance=current, **values)
