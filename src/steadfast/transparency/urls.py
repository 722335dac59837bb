from django.urls import path

from steadfast.transparency.views import figures, trust

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
