"""The BIA per service kind of the customer networks on the hand-built map (SMALL_MAP): the products
serving the kind, their dependencies through every tier flagged against the kind's MTPD, ranked by REI."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from steadfast.continuity.models import ServiceImpactAnalysis
from steadfast.continuity.selectors.bia import service_dependencies, serving_products
from steadfast.continuity.services.bia import create_service_bia, update_service_bia
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.core.models import AuditEvent
from steadfast.core.roles import Role
from steadfast.core.services import jobs
from steadfast.network.models import Customer


@pytest.fixture
def manager(make_user):
    return make_user(Role.CONTINUITY_MANAGER, username="bcm-lead")


@pytest.fixture
def run(small_map, manager):
    run = start_analysis_run(actor=manager, label="December full analysis", default_ttr_days=14)
    jobs.run(run.job_id)
    run.refresh_from_db()
    return run


def test_dependencies_of_a_service_kind_are_flagged_against_its_mtpd(run, manager):
    mobile = create_service_bia(actor=manager, service_kind="mobile", mtpd_days=3, rto_days=1, mbco_percent=90, priority=1)
    enterprise = create_service_bia(actor=manager, service_kind="enterprise", mtpd_days=30, rto_days=7, mbco_percent=50)
    core = create_service_bia(actor=manager, service_kind="core", mtpd_days=2, rto_days=1, mbco_percent=95)
    assert AuditEvent.objects.filter(verb="create", object_type__icontains="serviceimpactanalysis").count() == 3
    products = serving_products(bia=mobile)
    assert [(p.ref, p.networks, p.subscribers) for p in products] == [("ROUTER", 1, 1_000_000)]
    deps = {d.ref: d for d in service_dependencies(bia=mobile, run=run)}
    # every source of the router and of what it is made of (all tiers)
    assert set(deps) == {"ROUTER@HQ-F1", "CHIP@KOBE-F1", "CHIP@HSIN-F1", "CASE@RHEIN-W1"}
    kobe = deps["CHIP@KOBE-F1"]
    assert (kobe.tts_days, kobe.ttr_days) == (4.0, 30.0)
    assert kobe.short_before_recovery and kobe.past_mtpd  # short 26 days > MTPD 3
    assert not deps["CASE@RHEIN-W1"].flagged  # 100 cases last the 10 days it takes to recover
    ranked = service_dependencies(bia=mobile, run=run)
    assert [d.rei for d in ranked] == sorted((d.rei for d in ranked), reverse=True)
    # the same source against a kind that tolerates a month: short before recovery, not past the MTPD
    kobe_enterprise = next(d for d in service_dependencies(bia=enterprise, run=run) if d.ref == "CHIP@KOBE-F1")
    assert kobe_enterprise.short_before_recovery and not kobe_enterprise.past_mtpd
    assert service_dependencies(bia=core, run=run) == [] and serving_products(bia=core) == []  # no core network


def test_bad_service_bia_input_names_the_field_and_stores_nothing(small_map, manager):
    for fields, field in (({"service_kind": "satellite", "mtpd_days": 3, "rto_days": 1, "mbco_percent": 90}, "service_kind"),
                          ({"service_kind": "mobile", "mtpd_days": 3, "rto_days": 5, "mbco_percent": 90}, "rto_days"),
                          ({"service_kind": "mobile", "mtpd_days": 3, "rto_days": 1, "mbco_percent": 190}, "mbco_percent"),
                          ({"service_kind": "mobile", "mtpd_days": 0, "rto_days": 0, "mbco_percent": 90}, "mtpd_days")):
        with pytest.raises(ValidationError) as caught:
            create_service_bia(actor=manager, **fields)
        assert field in caught.value.message_dict
    assert not ServiceImpactAnalysis.objects.exists()
    bia = create_service_bia(actor=manager, service_kind="mobile", mtpd_days=3, rto_days=1, mbco_percent=90)
    with pytest.raises(ValidationError) as caught:
        create_service_bia(actor=manager, service_kind="mobile", mtpd_days=3, rto_days=1, mbco_percent=90)
    assert "service_kind" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        update_service_bia(actor=manager, bia=bia, service_kind="core")
    assert "service_kind" in caught.value.message_dict
    assert ServiceImpactAnalysis.objects.get().service_kind == "mobile"


def test_the_pages_and_the_api(run, manager, make_user, api_client_for):
    client = Client()
    client.force_login(manager)
    response = client.post(reverse("continuity:service_bia_create"), {
        "service_kind": "mobile", "mtpd_days": "3", "rto_days": "1", "rpo_hours": "", "mbco_percent": "90", "priority": "1",
        "owner_name": "VP Operations, Radio Networks", "reviewed_on": "", "review_months": "12", "notes": ""})
    bia = ServiceImpactAnalysis.objects.get()
    assert response.status_code == 302 and response["Location"] == bia.page_url()
    page = client.get(bia.page_url()).content.decode()
    assert 'data-testid="serving-products"' in page and "ROUTER" in page and "past the MTPD" in page
    response = client.post(reverse("continuity:service_bia_edit", args=[bia.pk]), {
        "mtpd_days": "3", "rto_days": "4", "rpo_hours": "", "mbco_percent": "90", "priority": "1", "owner_name": "x",
        "reviewed_on": "", "review_months": "12", "notes": ""})
    assert response.status_code == 422 and ServiceImpactAnalysis.objects.get().rto_days == 1
    api = api_client_for(manager)
    created = api.post("/api/v1/continuity/service-bia", content_type="application/json", data=json.dumps({
        "service_kind": "transport", "mtpd_days": 5, "rto_days": 2, "mbco_percent": 85, "priority": 1}))
    assert created.status_code == 201 and created.json()["service_kind"] == "transport"
    patched = api.patch(f"/api/v1/continuity/service-bia/{created.json()['id']}", content_type="application/json",
                        data=json.dumps({"rto_days": 9}))
    assert patched.status_code == 422 and "rto_days" in patched.content.decode()
    assert api.get("/api/v1/continuity/service-bia").json()["count"] == 2
    auditor = make_user(Role.AUDITOR)
    assert api_client_for(auditor).get("/api/v1/continuity/service-bia").status_code == 200
    viewer = make_user(Role.CUSTOMER_VIEWER, customer=Customer.objects.get(ref="NORDTEL"))
    assert api_client_for(viewer).get("/api/v1/continuity/service-bia").status_code == 403
    viewer_client = Client()
    viewer_client.force_login(viewer)
    assert viewer_client.get(bia.page_url()).status_code == 403
