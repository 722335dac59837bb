from django.urls import path

from steadfast.continuity.views import records, risk, runs, scenarios

app_name = "continuity"

urlpatterns = [
    path("continuity/", risk.dashboard, name="dashboard"),
    path("continuity/hazards/", risk.hazard_risk, name="hazard_risk"),
    path("continuity/runs/", runs.run_list, name="runs"),
    path("continuity/runs/start/", runs.run_start, name="run_start"),
    path("continuity/runs/<int:run_id>/", runs.run_detail, name="run"),
    path("continuity/runs/<int:run_id>/progress/", runs.run_progress, name="run_progress"),
    path("continuity/runs/<int:run_id>/results.csv", runs.run_export, name="run_export"),
    path("continuity/scenarios/", scenarios.scenario_list, name="scenarios"),
    path("continuity/scenarios/builder/", scenarios.builder, name="builder"),
    path("continuity/scenarios/jobs/<int:scenario_job_id>/", scenarios.scenario_job_page, name="scenario_job"),
    path("continuity/scenarios/jobs/<int:scenario_job_id>/save/", scenarios.scenario_save, name="scenario_save"),
    path("continuity/scenarios/<int:scenario_id>/", scenarios.scenario_detail, name="scenario"),
    path("continuity/scenarios/<int:scenario_id>/rerun/", scenarios.scenario_rerun, name="scenario_rerun"),
    path("continuity/scenarios/<int:scenario_id>/link-plan/", records.plan_link_scenario, name="scenario_link_plan"),
    path("continuity/bia/", records.bia_list, name="bias"),
    path("continuity/bia/new/", records.bia_create, name="bia_create"),
    path("continuity/bia/<int:bia_id>/", records.bia_detail, name="bia"),
    path("continuity/bia/<int:bia_id>/edit/", records.bia_edit, name="bia_edit"),
    path("continuity/plans/", records.plan_list, name="plans"),
    path("continuity/plans/new/", records.plan_create, name="plan_create"),
    path("continuity/plans/<int:plan_id>/", records.plan_detail, name="plan"),
    path("continuity/plans/<int:plan_id>/steps/", records.plan_add_step, name="plan_add_step"),
    path("continuity/plans/<int:plan_id>/approve/", records.plan_approve, name="plan_approve"),
    path("continuity/exercises/", records.exercise_list, name="exercises"),
    path("continuity/exercises/new/", records.exercise_create, name="exercise_create"),
    path("continuity/exercises/<int:exercise_id>/", records.exercise_detail, name="exercise"),
    path("continuity/exercises/<int:exercise_id>/findings/", records.exercise_add_finding, name="exercise_add_finding"),
    path("continuity/findings/<int:finding_id>/close/", records.finding_close, name="finding_close"),
]
