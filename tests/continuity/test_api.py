"""The continuity API: runs, scenario jobs, BIA, Monte Carlo; errors name the field; scope."""

from __future__ import annotations

import json

from steadfast.continuity.models import AnalysisRun, ImpactAnalysis
from steadfast.core.models import Job
from steadfast.core.roles import Role
from steadfast.core.services import jobs


def _post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def test_run_scenario_bia_and_montecarlo_through_the_api(small_map, make_user, api_client_for):
    client = api_client_for(make_user(Role.CONTINUITY_MANAGER))
    response = _post(client, "/api/v1/continuity/runs", {"label": "API run", "default_ttr_days": 14})
    assert response.status_code == 202
    run = AnalysisRun.objects.get(pk=response.json()["id"])
    jobs.run(run.job_id)
    run.refresh_from_db()
    jobs.run(run.event_job_id)
    assert client.get(f"/api/v1/continuity/runs/{run.pk}").json()["status"] == "succeeded"
    page = client.get(f"/api/v1/continuity/runs/{run.pk}/results?kind=site&limit=2").json()
    assert page["count"] == 4 and page["items"][0]["ref"] == "HQ-F1" and page["items"][0]["rei"] == 1.0
    response = _post(client, "/api/v1/continuity/scenario-jobs", {"selection": "sites", "refs": ["KOBE-F1"], "ttr_days": 30})
    assert response.status_code == 202
    jobs.run(response.json()["id"])
    answer = client.get(f"/api/v1/continuity/scenario-jobs/{response.json()['id']}").json()["result"]
    assert answer["tts"] == 4.0 and round(answer["pi"]) == 13_000 and answer["networks"] == 2
    created = _post(client, "/api/v1/continuity/bia", {"product": "ROUTER", "mtpd_days": 20, "rto_days": 10,
                                                       "mbco_percent": 60, "priority": 1})
    assert created.status_code == 201 and created.json()["product_ref"] == "ROUTER"
    mc = client.get("/api/v1/continuity/montecarlo?years=5000&seed=4").json()
    assert mc["years"] == 5000 and abs(mc["aal"] - mc["expected_aal"]) <= 3 * mc["aal_se"]


def test_bad_api_input_names_the_field_and_changes_nothing(small_map, make_user, api_client_for):
    client = api_client_for(make_user(Role.CONTINUITY_MANAGER))
    response = _post(client, "/api/v1/continuity/scenario-jobs", {"selection": "circle", "latitude": 10, "longitude": 10,
                                                                  "radius_km": 0, "ttr_days": 5})
    assert response.status_code == 422 and "radius_km" in response.content.decode()
    response = _post(client, "/api/v1/continuity/bia", {"product": "ROUTER", "mtpd_days": 5, "rto_days": 9, "mbco_percent": 50})
    assert response.status_code == 422 and "rto_days" in response.content.decode()
    response = _post(client, "/api/v1/continuity/runs", {"default_ttr_days": -1})
    assert response.status_code == 422 and "default_ttr_days" in response.content.decode()
    assert not Job.objects.exists() and not ImpactAnalysis.objects.exists() and not AnalysisRun.objects.exists()


def test_scoped_roles_get_nothing_auditors_only_read(small_map, role_users, api_client_for):
    for role in (Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER):
        assert api_client_for(role_users[role]).get("/api/v1/continuity/plans").status_code == 403
    auditor = api_client_for(role_users[Role.AUDITOR])
    assert auditor.get("/api/v1/continuity/bia").status_code == 200
    assert _post(auditor, "/api/v1/continuity/runs", {}).status_code == 403
