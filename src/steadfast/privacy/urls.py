from django.urls import path

from steadfast.privacy.views import agreements, records

app_name = "privacy"

urlpatterns = [
    path("privacy/", records.dashboard, name="dashboard"),
    path("privacy/dpas/", agreements.dpa_list, name="dpas"),
    path("privacy/dpas/new/", agreements.dpa_create, name="dpa_create"),
    path("privacy/dpas/send/", agreements.bulk_send, name="bulk_send"),
    path("privacy/dpas/<int:dpa_id>/", agreements.dpa_detail, name="dpa"),
    path("privacy/dpas/<int:dpa_id>/edit/", agreements.dpa_edit, name="dpa_edit"),
    path("privacy/dpas/<int:dpa_id>/documents/", agreements.document_upload, name="document_upload"),
    path("privacy/dpas/<int:dpa_id>/documents/<int:version>/", agreements.document_download, name="document"),
    path("privacy/dpas/<int:dpa_id>/send/", agreements.dpa_send, name="dpa_send"),
    path("privacy/dpas/<int:dpa_id>/sign/", agreements.dpa_sign, name="dpa_sign"),
    path("privacy/dpas/<int:dpa_id>/terminate/", agreements.dpa_terminate, name="dpa_terminate"),
    path("privacy/dpas/<int:dpa_id>/accept/", agreements.dpa_accept, name="dpa_accept"),
    path("privacy/dpas/<int:dpa_id>/signing-links/", agreements.signing_link_create, name="signing_link_create"),
    path("privacy/sign/<str:signing_token>/", agreements.sign_by_link, name="sign"),
    path("privacy/findings/<int:finding_id>/confirm/", agreements.finding_confirm, name="finding_confirm"),
    path("privacy/dpas/<int:dpa_id>/subprocessors/", agreements.subprocessor_announce, name="subprocessor_announce"),
    path("privacy/subprocessors/<int:subprocessor_id>/<str:decision>/", agreements.subprocessor_decide,
         name="subprocessor_decide"),
    path("privacy/dpas/export.<str:fmt>", agreements.dpa_export, name="dpa_export"),
    path("privacy/activities/", records.activity_list, name="activities"),
    path("privacy/activities/export.<str:fmt>", records.activity_export, name="activity_export"),
    path("privacy/activities/new/", records.activity_create, name="activity_create"),
    path("privacy/activities/<int:activity_id>/", records.activity_detail, name="activity"),
    path("privacy/activities/<int:activity_id>/edit/", records.activity_edit, name="activity_edit"),
    path("privacy/transfers/", records.transfer_list, name="transfers"),
    path("privacy/transfers/new/", records.transfer_create, name="transfer_create"),
    path("privacy/transfers/map/", records.flows_map, name="flows_map"),
    path("privacy/transfers/map.json", records.flows_data, name="flows_data"),
    path("privacy/transfers/<int:transfer_id>/", records.transfer_detail, name="transfer"),
    path("privacy/transfers/<int:transfer_id>/assessments/new/", records.assessment_create, name="assessment_create"),
    path("privacy/breaches/", records.breach_list, name="breaches"),
    path("privacy/breaches/new/", records.breach_create, name="breach_create"),
    path("privacy/breaches/<int:breach_id>/", records.breach_detail, name="breach"),
    path("privacy/breaches/<int:breach_id>/notify/", records.breach_notify, name="breach_notify"),
]
