from django.urls import path

from steadfast.incidents.views import actions, alert_sources, config, figures, incidents, reviews

app_name = "incidents"

urlpatterns = [
    path("incidents/", incidents.incident_list, name="list"),
    path("incidents/board/", incidents.incident_board, name="board"),
    path("incidents/export.csv", incidents.incident_export, {"fmt": "csv"}, name="export_csv"),
    path("incidents/export.xlsx", incidents.incident_export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("incidents/figures/", figures.figures, name="figures"),
    path("incidents/new/", incidents.incident_create, name="create"),
    path("incidents/user-bases/", config.user_bases, name="user_bases"),
    path("incidents/webhooks/", config.webhook_list, name="webhooks"),
    path("incidents/webhooks/<int:webhook_id>/", config.webhook_deliveries, name="webhook_deliveries"),
    path("incidents/webhooks/<int:webhook_id>/switch/", config.webhook_switch, name="webhook_switch"),
    path("incidents/alert-sources/", alert_sources.alert_source_list, name="alert_sources"),
    path("incidents/alert-sources/<int:alert_source_id>/revoke/", alert_sources.alert_source_revoke,
         name="alert_source_revoke"),
    path("incidents/<int:incident_id>/", incidents.incident_detail, name="detail"),
    path("incidents/<int:incident_id>/edit/", incidents.incident_edit, name="edit"),
    path("incidents/<int:incident_id>/timeline/", incidents.incident_timeline, name="timeline"),
    path("incidents/<int:incident_id>/status/", actions.incident_transition, name="transition"),
    path("incidents/<int:incident_id>/roles/", actions.role_assign, name="role_assign"),
    path("incidents/<int:incident_id>/tasks/", actions.task_add, name="task_add"),
    path("incidents/<int:incident_id>/tasks/<int:task_id>/done/", actions.task_done, name="task_done"),
    path("incidents/<int:incident_id>/notes/", actions.note_add, name="note_add"),
    path("incidents/<int:incident_id>/updates/", actions.update_publish, name="update_publish"),
    path("incidents/<int:incident_id>/obligations/<int:obligation_id>/submission/", actions.obligation_submit,
         name="obligation_submit"),
    path("incidents/<int:incident_id>/supply/", actions.supply_analyse, name="supply_analyse"),
    path("incidents/<int:incident_id>/review/", reviews.review_save, name="review_save"),
    path("incidents/<int:incident_id>/review/actions/", reviews.review_action_add, name="review_action_add"),
    path("incidents/<int:incident_id>/review/actions/<int:action_id>/close/", reviews.review_action_close,
         name="review_action_close"),
]
