"""A full run as a background job stores one row per source and site; the BIA flags dependencies
whose loss leaves the product short before they recover or past its MTPD."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from steadfast.continuity.models import AnalysisRun, EventLoss, ImpactAnalysis, RunResult, RunStatus
from steadfast.continuity.selectors.bia import dependencies
from steadfast.continuity.selectors.plans import figures
from steadfast.continuity.selectors.runs import compare, latest_run, standing
from steadfast.continuity.services.bia import create_bia
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.core.models import Job
from steadfast.core.roles import Role
from steadfast.core.services import jobs


def _full_run(actor) -> AnalysisRun:
    run = start_analysis_run(actor=actor, label="test run", default_ttr_days=14)
    assert run.job.kind == "continuity.analysis_run" and run.status == RunStatus.QUEUED
    jobs.run(run.job.pk)
    run.refresh_from_db()
    assert run.event_job.kind == "continuity.event_losses"  # queued by the run, for the worker
    jobs.run(run.event_job_id)
    return run


def test_a_full_run_stores_every_source_and_site(small_map, admin_user):
    run = _full_run(admin_user)
    assert run.status == RunStatus.SUCCEEDED and run.nodes == 4 and run.sites == 4 and run.scenarios == 8
    assert Job.objects.get(pk=run.job_id).status == Job.Status.SUCCEEDED
    rows = {(r.kind, r.ref): r for r in RunResult.objects.filter(run=run)}
    assert len(rows) == 8
    kobe = rows[("site", "KOBE-F1")]
    assert kobe.site_id == small_map.sites["KOBE-F1"].pk and kobe.tts_days == pytest.approx(4.0)
    assert kobe.ttr_days == 30 and kobe.pi == pytest.approx(13_000) and kobe.at_risk
    # the worst scenario: our own assembly site down for the default 14 days, 140 routers × 100
    assert rows[("site", "HQ-F1")].pi == pytest.approx(14_000) and rows[("site", "HQ-F1")].rei == 1.0
    assert kobe.rei == pytest.approx(13_000 / 14_000)
    chip = rows[("node", "CHIP@HSIN-F1")]
    assert chip.source_id == small_map.sources["CHIP@HSIN-F1"].pk and chip.tts_days is None and not chip.at_risk
    assert run.at_risk == sum(r.at_risk for r in rows.values())
    # the event loss table: hazards of the four countries (INFORM) and a cyber event per supplier
    events = {e.event: e for e in EventLoss.objects.filter(run=run)}
    assert {"earthquake:JP", "flood:DE", "cyber:KOBE", "cyber:HSIN", "cyber:RHEIN"} <= set(events)
    assert not any(e.endswith(":TW") for e in events)  # INFORM does not score Taiwan (docs/continuity.md)
    # ransomware at KOBE for 14 days: 10 × 14 + 40 = 180 chips make 90 of 140 routers, 50 × 100 lost
    assert events["cyber:KOBE"].loss == pytest.approx(5_000) and events["cyber:KOBE"].ttr_days == 14
    # an earthquake in Japan stops KOBE for 45 days: 490 chips make 245 of 450 routers, 205 × 100 lost
    assert events["earthquake:JP"].loss == pytest.approx(20_500) and events["earthquake:JP"].sites == 1
    assert latest_run(user=admin_user) == run


def test_standing_on_pages_and_what_got_worse(small_map, admin_user, make_user):
    first = _full_run(admin_user)
    from steadfast.network.models import ItemSource

    ItemSource.objects.filter(ref="CASE@RHEIN-W1").update(inventory=20)  # less stock: RHEIN now at risk
    second = _full_run(admin_user)
    worse = compare(user=admin_user, run_id=second.pk, previous_id=first.pk)
    assert ("site", "RHEIN-W1") in {(c.kind, c.ref) for c in worse}
    assert all(c.ref != "HSIN-F1" for c in worse)
    site = standing(user=admin_user, site_id=small_map.sites["RHEIN-W1"].pk)
    assert site.run == second and site.tts_days == pytest.approx(2.0) and site.at_risk
    supplier = standing(user=admin_user, supplier_id=small_map.suppliers["KOBE"].pk)
    assert supplier.tts_days == pytest.approx(4.0)
    privacy = make_user(Role.PRIVACY_OFFICER)
    assert standing(user=privacy, site_id=small_map.sites["KOBE-F1"].pk) is None  # no continuity view: nothing shown


def test_bia_flags_dependencies_short_before_recovery_and_past_mtpd(small_map, admin_user):
    bia = create_bia(actor=admin_user, product="ROUTER", mtpd_days=20, rto_days=10, mbco_percent=60, priority=1,
                     owner_name="Head of routing products")
    run = _full_run(admin_user)
    deps = {d.ref: d for d in dependencies(bia=bia, run=run)}
    assert set(deps) == {"ROUTER@HQ-F1", "CHIP@KOBE-F1", "CHIP@HSIN-F1", "CASE@RHEIN-W1"}
    kobe = deps["CHIP@KOBE-F1"]  # TTS 4 < TTR 30, and short for 26 days > MTPD 20
    assert kobe.short_before_recovery and kobe.past_mtpd and kobe.flagged
    rhein = deps["CASE@RHEIN-W1"]  # TTS 10 = TTR 10: survives
    assert not rhein.flagged
    assert not deps["CHIP@HSIN-F1"].flagged  # KOBE alone makes enough chips
    # our own assembly line holds no stock: short at once (TTS 0) for the default 14 days < MTPD 20
    router = deps["ROUTER@HQ-F1"]
    assert router.tts_days == 0 and router.short_before_recovery and not router.past_mtpd
    assert list(deps)[:2] == ["ROUTER@HQ-F1", "CHIP@KOBE-F1"]  # ranked by REI (14,000 and 13,000 lost)
    # with a longer MTPD, KOBE is short before recovery but not past the MTPD
    bia.mtpd_days = 30
    assert not {d.ref: d for d in dependencies(bia=bia, run=run)}["CHIP@KOBE-F1"].past_mtpd
    assert figures(user=admin_user).critical_products_covered_percent == 0.0


@pytest.mark.parametrize("fields,field", [
    ({"product": "CHIP", "mtpd_days": 5, "rto_days": 2, "mbco_percent": 50}, "product"),
    ({"product": "ROUTER", "mtpd_days": 5, "rto_days": 9, "mbco_percent": 50}, "rto_days"),
    ({"product": "ROUTER", "mtpd_days": 5, "rto_days": 2, "mbco_percent": 150}, "mbco_percent"),
    ({"product": "NOPE", "mtpd_days": 5, "rto_days": 2, "mbco_percent": 50}, "product"),
])
def test_bad_bia_names_the_field_and_stores_nothing(small_map, admin_user, fields, field):
    with pytest.raises(ValidationError) as caught:
        create_bia(actor=admin_user, **fields)
    assert field in caught.value.message_dict
    assert not ImpactAnalysis.objects.exists()


def test_bad_run_parameters(small_map, admin_user):
    with pytest.raises(ValidationError) as caught:
        start_analysis_run(actor=admin_user, default_ttr_days=0)
    assert "default_ttr_days" in caught.value.message_dict
    assert not AnalysisRun.objects.exists() and not Job.objects.exists()
