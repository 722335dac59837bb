from django.urls import path

from steadfast.core.views import admin_pages, auth, home, profile, recovery, users

app_name = "core"

urlpatterns = [
    path("", home.home, name="home"),
    path("healthz", home.healthz, name="healthz"),
    path("accounts/login/", auth.login_view, name="login"),
    path("accounts/logout/", auth.logout_view, name="logout"),
    path("accounts/password/", auth.password_change, name="password_change"),
    path("accounts/password/forgot/", recovery.forgot_password, name="password_forgot"),
    path("accounts/password/forgot/sent/", recovery.password_reset_sent, name="password_reset_sent"),
    path("accounts/password/reset/<uidb64>/<token>/", recovery.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/password/reset/done/", recovery.password_reset_complete, name="password_reset_complete"),
    path("accounts/profile/", profile.profile, name="profile"),
    path("accounts/tokens/", profile.token_create, name="token_create"),
    path("accounts/tokens/<int:token_id>/revoke/", profile.token_revoke, name="token_revoke"),
    path("accounts/two-factor/", profile.totp_enrol, name="totp_enrol"),
    path("accounts/two-factor/verify/", profile.otp_verify, name="otp_verify"),
    path("accounts/two-factor/disable/", profile.totp_disable, name="totp_disable"),
    path("audit/", admin_pages.audit_log, name="audit"),
    path("audit/verify/", admin_pages.audit_verify, name="audit_verify"),
    path("jobs/", admin_pages.jobs_page, name="jobs"),
    path("jobs/<int:job_id>/", admin_pages.job_progress, name="job_progress"),
    path("jobs/selfcheck/", admin_pages.job_selfcheck, name="job_selfcheck"),
    path("users/", admin_pages.users_page, name="users"),
    path("users/two-factor/", admin_pages.role_two_factor, name="role_two_factor"),
    path("users/<int:user_id>/", users.user_detail, name="user"),
    path("users/<int:user_id>/unlock/", recovery.user_unlock, name="user_unlock"),
    path("users/<int:user_id>/password-reset/", recovery.user_password_reset, name="user_password_reset"),
    path("users/<int:user_id>/two-factor/reset/", users.user_reset_two_factor, name="user_reset_two_factor"),
]
