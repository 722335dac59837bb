from django.urls import path  # noqa: F401  (the app's page routes are added by concept below)

from steadfast.transparency.views import centres, portal

app_name = "transparency"

urlpatterns: list = []

# transparency centres, evaluations, calendar, regulators' countries
urlpatterns += [
    path("transparency/centres/", centres.centre_list, name="centres"),
    path("transparency/centres/<int:centre_id>/", centres.centre_detail, name="centre"),
    path("transparency/calendar/", centres.calendar, name="calendar"),
    path("transparency/evaluations/", centres.evaluation_list, name="evaluations"),
    path("transparency/evaluations/new/", centres.evaluation_request, name="evaluation_request"),
    path("transparency/evaluations/<int:evaluation_id>/", centres.evaluation_detail, name="evaluation"),
    path("transparency/evaluations/<int:evaluation_id>/versions/", centres.version_add, name="version_add"),
    path("transparency/evaluations/<int:evaluation_id>/findings/", centres.finding_add, name="finding_add"),
    path("transparency/evaluations/<int:evaluation_id>/<str:step>/", centres.evaluation_step, name="evaluation_step"),
    path("transparency/evaluation-findings/<int:evaluation_finding_id>/", centres.finding_status, name="finding_status"),
    path("transparency/regulators/", centres.regulators, name="regulators"),
]

# the gated stakeholder portal
urlpatterns += [
    path("transparency/portal/", portal.portal, name="portal"),
    path("transparency/portal/upload/", portal.upload, name="upload"),
    path("transparency/portal/documents/<int:document_id>/", portal.document_detail, name="document"),
    path("transparency/portal/documents/<int:document_id>/request/", portal.access_request, name="access_request"),
    path("transparency/portal/documents/<int:document_id>/download/", portal.download, name="download"),
    path("transparency/portal/requests/<int:request_id>/nda/", portal.nda, name="nda"),
    path("transparency/portal/requests/<int:request_id>/decide/", portal.decide, name="decide"),
]
