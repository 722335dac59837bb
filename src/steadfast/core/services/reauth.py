"""Second-factor and re-authentication checks shared by sign-in, the code prompt and sensitive
changes (ASVS 3.7.1: disabling two-factor, changing the password, creating API tokens).

Every wrong password or code is reported as a failed sign-in, so django-axes counts it towards
the same lockout as the sign-in form: guessing codes from a signed-in session gains nothing.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django_otp import devices_for_user, match_token


def has_confirmed_device(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def record_failure(request, user) -> None:
    """Count one failed password or code for this account and address (django-axes listens)."""
    user_login_failed.send(sender=__name__, credentials={"username": user.get_username()}, request=request)


def is_locked_out(request, user) -> bool:
    return AxesProxyHandler.is_locked(request, credentials={"username": user.get_username()})


def check_code(request, user, code: str):
    """The confirmed device that accepts `code`, or None (and the failure is counted)."""
    device = match_token(user, (code or "").strip()) if (code or "").strip() else None
    if device is None:
        record_failure(request, user)
    return device


def reauthenticate(request, user, *, password: str, code: str | None) -> dict[str, str]:
    """Errors by field name ({} when the caller proved again who they are): the current password,
    and a current code from the authenticator app when the account has one."""
    if is_locked_out(request, user):
        return {"password": "Too many failed attempts: this account is locked for now. Try again later."}
    if not user.check_password(password or ""):
        record_failure(request, user)
        return {"password": "Your current password is not correct."}
    if has_confirmed_device(user):
        if not (code or "").strip():
            return {"otp_code": "Enter the current code from your authenticator app."}
        device = check_code(request, user, code)
        if device is None:
            return {"otp_code": "That code is not valid. Codes change every 30 seconds."}
    return {}
