from django.urls import path

from steadfast.transparency.views import centres, figures, portal, trust

app_name = "transparency"

urlpatterns: list = [
    # figures computed from the records, their drill-downs, publishing (signed-in roles)
    path("transparency/figures/", figures.figures, name="figures"),
    path("transparency/figures/publish/", figures.publish_figures, name="publish"),
    path("transparency/figures/<str:name>/", figures.figure_detail, name="figure"),
    # the public trust page, publications and reports (no login)
    path("trust/", trust.trust, name="trust"),
    path("trust/publications/<int:publication_id>.json", trust.publication_file, name="publication_file"),
    path("trust/reports/<int:publication_id>/", trust.report, name="report"),
    path("trust/reports/<int:publication_id>.pdf", trust.report_pdf, name="report_pdf"),
    path(".well-known/steadfast-publication-key", trust.publication_key, name="publication_key"),
    path(".well-known/security.txt", trust.security_txt, name="security_txt"),
]

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
