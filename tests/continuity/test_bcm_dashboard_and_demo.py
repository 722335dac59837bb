"""The dashboard's AAL trend plot and BCM figures, and the demo's BCM organisation, service BIAs and plan resources."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from steadfast.continuity.models import (
    BcmDocument,
    ContinuityOwner,
    ContinuityPlan,
    PlanResource,
    ServiceImpactAnalysis,
)
from steadfast.continuity.selectors.risk import aal_trend
from steadfast.continuity.services.runs import start_analysis_run
from steadfast.core.roles import Role
from steadfast.core.services import jobs
from steadfast.core.services.audit import verify_chain
from steadfast.network.models import CustomerNetwork, Supplier


def test_the_dashboard_plots_the_aal_by_run(small_map, make_user):
    manager = make_user(Role.CONTINUITY_MANAGER)
    for label in ("October", "November"):
        run = start_analysis_run(actor=manager, label=label)
        jobs.run(run.job_id)
        run.refresh_from_db()
        jobs.run(run.event_job_id)
    trend = aal_trend(user=manager)
    assert [r.label for r, _ in trend] == ["October", "November"] and all(aal > 0 for _, aal in trend)
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("continuity:dashboard")).content.decode()
    assert 'data-testid="aal-trend"' in page and 'src="data:image/svg+xml;base64' in page
    assert "plans reviewed on time" in page and "exercises in the last 12 months" in page
    # the map: countries shaded by the latest run's expected hazard loss (Japan's earthquakes cost most here)
    assert 'data-testid="dashboard-map"' in page and '&quot;JP&quot;: 5' in page


@pytest.mark.django_db(transaction=False)
def test_the_demo_holds_the_bcm_organisation_service_bias_and_plan_resources():
    call_command("demo", seed=11, scale=0.02, audit="summary", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("continuity_demo", seed=11, no_run=True, stdout=io.StringIO())
    kinds = set(CustomerNetwork.objects.values_list("kind", flat=True))
    assert set(ServiceImpactAnalysis.objects.values_list("service_kind", flat=True)) >= kinds
    assert ServiceImpactAnalysis.objects.count() == len(CustomerNetwork.Kind.values)
    assert set(BcmDocument.objects.values_list("kind", flat=True)) == {"policy", "scope", "objective"}
    assert BcmDocument.objects.filter(kind="objective", title__icontains="priority-1").exists()
    tiers = set(Supplier.objects.values_list("tier", flat=True))
    assert set(ContinuityOwner.objects.filter(scope="supplier_tier").values_list("supplier_tier", flat=True)) == tiers
    assert ContinuityOwner.objects.filter(scope="product").exists() and ContinuityOwner.objects.filter(scope="site").exists()
    assert all(o.owner.role == Role.CONTINUITY_MANAGER and o.deputy_id != o.owner_id for o in ContinuityOwner.objects.all())
    plans = ContinuityPlan.objects.count()
    with_resources = ContinuityPlan.objects.filter(resources__isnull=False).distinct().count()
    assert with_resources == plans and PlanResource.objects.count() >= 1.5 * plans  # 16 rows for 77 plans before
    assert set(PlanResource.objects.values_list("kind", flat=True)) == {"alternate_source", "alternate_site", "inventory"}
    assert not PlanResource.objects.filter(kind="inventory", units__isnull=True).exists()
    assert verify_chain().ok
