"""Pages of supplier security (namespace "security"): frameworks, tiering, campaigns, review,
findings, the dashboard, and the supplier portal (respondent accounts and magic-link visitors)."""

from django.urls import path

from steadfast.security.views import coverage, frameworks, kev, questionnaires, register, sbom_portal, tiering
from steadfast.security.views import questionnaire_editor as qeditor
from steadfast.security.views import workflow_campaigns as campaigns
from steadfast.security.views import workflow_dashboard as dashboard
from steadfast.security.views import workflow_findings as findings
from steadfast.security.views import workflow_guest as guest
from steadfast.security.views import workflow_portal as portal
from steadfast.security.views import workflow_review as review

app_name = "security"

urlpatterns = [
    path("security/frameworks/", frameworks.framework_list, name="frameworks"),
    # the questionnaire library: versions, XLSX import/export, the editor on drafts
    path("security/questionnaires/", questionnaires.library, name="questionnaires"),
    path("security/questionnaires/import/", questionnaires.library_import, name="questionnaire_import"),
    path("security/questionnaires/<int:template_id>/", questionnaires.template_detail, name="questionnaire"),
    path("security/questionnaires/<int:template_id>/export.xlsx", questionnaires.template_export,
         name="questionnaire_export"),
    path("security/questionnaires/<int:template_id>/diff/", questionnaires.template_diff, name="questionnaire_diff"),
    path("security/questionnaires/<int:template_id>/new-version/", questionnaires.template_new_version,
         name="questionnaire_new_version"),
    path("security/questionnaires/<int:template_id>/publish/", questionnaires.template_publish,
         name="questionnaire_publish"),
    path("security/questionnaires/<int:template_id>/retire/", questionnaires.template_retire,
         name="questionnaire_retire"),
    path("security/questionnaires/<int:template_id>/description/", questionnaires.template_description,
         name="questionnaire_description"),
    path("security/questionnaires/<int:template_id>/discard/", questionnaires.template_discard,
         name="questionnaire_discard"),
    path("security/questionnaires/<int:template_id>/questions/new/", qeditor.question_new, name="question_new"),
    path("security/questionnaires/<int:template_id>/questions/<int:question_id>/", qeditor.question_edit,
         name="question_edit"),
    path("security/questionnaires/<int:template_id>/questions/<int:question_id>/delete/", qeditor.question_delete,
         name="question_delete"),
    path("security/questionnaires/<int:template_id>/questions/<int:question_id>/move/", qeditor.question_move,
         name="question_move"),
    # analysts: a supplier's inherent risk and tier
    path("security/suppliers/<int:supplier_id>/tier/", tiering.supplier_tier, name="supplier_tier"),
    path("security/suppliers/<int:supplier_id>/tier/intake/", tiering.supplier_intake, name="supplier_intake"),
    path("security/suppliers/<int:supplier_id>/tier/override/", tiering.supplier_tier_override,
         name="supplier_tier_override"),
    # analysts: campaigns and assessments
    path("security/campaigns/", campaigns.campaign_list, name="campaigns"),
    path("security/campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("security/campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign"),
    path("security/campaigns/<int:campaign_id>/launch/", campaigns.campaign_launch, name="campaign_launch"),
    path("security/campaigns/<int:campaign_id>/emails/", campaigns.campaign_emails, name="campaign_emails"),
    path("security/campaigns/<int:campaign_id>/extend/", campaigns.campaign_extend, name="campaign_extend"),
    path("security/campaigns/<int:campaign_id>/close/", campaigns.campaign_close, name="campaign_close"),
    path("security/campaigns/<int:campaign_id>/export.<str:fmt>", campaigns.campaign_export, name="campaign_export"),
    path("security/assessments/", campaigns.assessment_list, name="assessments"),
    path("security/assessments/export.<str:fmt>", campaigns.assessment_export, name="assessment_export"),
    # analysts: review
    path("security/review/", review.review_queue, name="review_queue"),
    path("security/review/<int:assessment_id>/", review.review_detail, name="review"),
    path("security/review/<int:assessment_id>/return/", review.review_return, name="review_return"),
    path("security/review/<int:assessment_id>/accept/", review.review_accept, name="review_accept"),
    # analysts: findings
    path("security/findings/", findings.finding_list_page, name="findings"),
    path("security/findings/export.<str:fmt>", findings.finding_export, name="finding_export"),
    path("security/findings/<int:finding_id>/", findings.finding_detail, name="finding"),
    path("security/findings/<int:finding_id>/close/", findings.finding_close, name="finding_close"),
    path("security/findings/<int:finding_id>/accept-risk/", findings.finding_accept_risk, name="finding_accept_risk"),
    path("security/findings/<int:finding_id>/acceptance/decide/", findings.finding_acceptance_decide,
         name="finding_acceptance_decide"),
    # dashboard and the supplier's security page
    path("security/dashboard/", dashboard.dashboard, name="dashboard"),
    path("security/kev/", kev.kev_page, name="kev_exposure"),
    path("security/kev/export.<str:fmt>", kev.kev_export, name="kev_export"),
    path("security/coverage/", coverage.coverage_page, name="coverage"),
    path("security/coverage/controls/", coverage.coverage_group, name="coverage_group"),
    path("security/suppliers/<int:supplier_id>/coverage/", coverage.supplier_coverage_page, name="supplier_coverage"),
    path("security/templates/<int:template_id>/mapping/", coverage.template_mapping_page, name="template_mapping"),
    path("security/register/", register.register_page, name="risk_register"),
    path("security/register/export.<str:fmt>", register.register_export, name="register_export"),
    path("security/register/bulk/", register.register_bulk, name="register_bulk"),
    path("security/", dashboard.dashboard, name="index"),  # where people type the app's name
    path("security/suppliers/<int:supplier_id>/", dashboard.supplier_security, name="supplier_security"),
    # the supplier portal (respondent accounts)
    path("security/portal/", portal.portal_home, name="portal"),
    path("security/portal/assessments/<int:assessment_id>/", portal.assessment_page, name="portal_assessment"),
    path("security/portal/assessments/<int:assessment_id>/save/", portal.assessment_save, name="portal_save"),
    path("security/portal/assessments/<int:assessment_id>/questions/", portal.assessment_questions,
         name="portal_questions"),
    path("security/portal/assessments/<int:assessment_id>/evidence/", portal.evidence_upload, name="portal_evidence"),
    path("security/portal/assessments/<int:assessment_id>/offline.xlsx", portal.offline_download,
         name="portal_xlsx"),
    path("security/portal/assessments/<int:assessment_id>/offline/", portal.offline_upload, name="portal_xlsx_upload"),
    path("security/portal/sboms/", sbom_portal.sbom_page, name="portal_sboms"),
    path("security/portal/sboms/upload/", sbom_portal.sbom_upload, name="portal_sbom_upload"),
    path("security/portal/evidence/<int:evidence_id>/", portal.evidence_download, name="portal_evidence_file"),
    path("security/portal/evidence/<int:evidence_id>/remove/", portal.evidence_remove, name="portal_evidence_remove"),
    path("security/portal/assessments/<int:assessment_id>/reply/", portal.reply, name="portal_reply"),
    path("security/portal/findings/<int:finding_id>/", portal.finding_page, name="portal_finding"),
    path("security/portal/findings/<int:finding_id>/plan/", portal.finding_plan, name="portal_finding_plan"),
    path("security/portal/findings/<int:finding_id>/evidence/", portal.finding_evidence, name="portal_finding_evidence"),
    # the supplier portal (magic-link visitors: one assessment, no account)
    path("security/portal/link/<str:token>/", guest.redeem, name="portal_link"),
    path("security/portal/guest/", guest.assessment_page, name="guest"),
    path("security/portal/guest/save/", guest.assessment_save, name="guest_save"),
    path("security/portal/guest/questions/", guest.assessment_questions, name="guest_questions"),
    path("security/portal/guest/evidence/", guest.evidence_upload, name="guest_evidence"),
    path("security/portal/guest/evidence/<int:evidence_id>/", guest.evidence_download, name="guest_evidence_file"),
    path("security/portal/guest/evidence/<int:evidence_id>/remove/", guest.evidence_remove,
         name="guest_evidence_remove"),
    path("security/portal/guest/reply/", guest.reply, name="guest_reply"),
    path("security/portal/guest/offline.xlsx", guest.offline_download, name="guest_xlsx"),
    path("security/portal/guest/offline/", guest.offline_upload, name="guest_xlsx_upload"),
    path("security/portal/guest/findings/<int:finding_id>/", guest.finding_page, name="guest_finding"),
    path("security/portal/guest/findings/<int:finding_id>/plan/", guest.finding_plan, name="guest_finding_plan"),
    path("security/portal/guest/findings/<int:finding_id>/evidence/", guest.finding_evidence,
         name="guest_finding_evidence"),
]
