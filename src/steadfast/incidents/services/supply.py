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


def start_supply_analyses(*, actor, incidents: list[Incident]):
    """One background job for several incidents (the demo's supply disruptions): the business map
    is exported and the engine prepared once for all of them."""
    ids = [i.pk for i in incidents if i.sites.exists() or i.suppliers.exists()]
    if not ids:
        return None
    return start_job(actor=actor, kind=JOB_KIND, label=f"Supply TTS for {len(ids)} incidents", params={"incidents": ids})


def engine_network():
    """The business map as the continuity engine's network (exported through the network app)."""
    with tempfile.TemporaryDirectory(prefix="steadfast-incident-") as folder:
        export_engine_network(folder)
        return load_network(folder)


def analyse_supply(*, incident: Incident, report=lambda *a, **k: None, job=None, network=None,
                   analyzer: Analyzer | None = None) -> SupplyImpact:
    """The incident's sites (and its suppliers' sites) lose all capacity for the expected recovery;
    the engine answers TTS and the margin lost. `network`/`analyzer` may be shared across incidents."""
    sites = disrupted_sites(incident)
    recovery = max([s.ttr_days for s in sites if s.ttr_days] or [DEFAULT_TTR])
    if network is None:
        report(0, 3, "exporting the business map for the engine")
        network = engine_network()
    report(1, 3, "building the disruption")
    refs = {s.ref for s in sites}
    members = network.site_members
    losses = {network.node_ids[int(k)]: 1.0 for ref in refs for k in members.get(ref, ())}
    tts, margin = None, 0.0
    if losses:
        scenario = Scenario.of(network, f"incident {incident.ref}", ttr=recovery, losses=losses)
        report(2, 3, f"solving time to survive over {len(losses)} item sources")
        result = (analyzer or Analyzer(network)).analyse(scenario)
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


def analyse_supplies(*, incidents: list[Incident], report=lambda *a, **k: None, job=None) -> list[SupplyImpact]:
    """`analyse_supply` for several incidents with one export and one engine."""
    total = len(incidents) + 1
    report(0, total, "exporting the business map for the engine")
    network = engine_network()
    analyzer = Analyzer(network)
    impacts = []
    for done, incident in enumerate(incidents, start=1):
        report(done, total, f"solving time to survive for {incident.ref}")
        impacts.append(analyse_supply(incident=incident, job=job, network=network, analyzer=analyzer))
    report(total, total, "done")
    return impacts
