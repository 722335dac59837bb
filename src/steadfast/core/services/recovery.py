"""Getting back in: an administrator unlocks an account or sends a password-reset link; anyone may
ask for a reset link by e-mail ("forgot password").

Reset links are Django's (`default_token_generator`): signed with the secret key, valid for
PASSWORD_RESET_TIMEOUT, and spent once the password changes (the token hashes the password). A
reset sets the password only: an account with two-factor sign-in still needs its code to sign in.
Every step writes one audit event; a request for an unknown address writes none and answers the
same (no account enumeration).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from steadfast.core.links import absolute_url
from steadfast.core.models import User
from steadfast.core.services.audit import record_event


@dataclass(frozen=True)
class ResetLink:
    url: str
    emailed_to: str  # "" when the account has no e-mail address: the administrator passes the link on


def _recent_attempts(user: User):
    """django-axes' failed-attempt records for this account still within the cool-off period."""
    since = timezone.now() - dt.timedelta(hours=float(settings.AXES_COOLOFF_TIME))
    return AccessAttempt.objects.filter(username=user.get_username(), attempt_time__gte=since)


def failed_sign_ins(user: User) -> int:
    """Failed sign-in attempts counted against this account now."""
    return sum(_recent_attempts(user).values_list("failures_since_start", flat=True))


def is_locked(user: User) -> bool:
    return _recent_attempts(user).filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT).exists()


def unlock_user(*, actor, user: User) -> int:
    """Forget the failed sign-ins of `user` (from every address): they may sign in again at once.
    Returns the number of attempt records removed."""
    with transaction.atomic():
        failures = failed_sign_ins(user)
        axes_reset(username=user.get_username())
        record_event(actor=actor, verb="unlock", instance=user, changes={"failed_sign_ins": [failures, 0]})
    return failures


def reset_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return absolute_url(reverse("core:password_reset_confirm", kwargs={"uidb64": uid, "token": token}))


def _send_reset_mail(user: User, url: str, *, by_administrator: bool) -> None:
    context = {"user": user, "url": url, "by_administrator": by_administrator,
               "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
    send_mail(subject="Reset your Steadfast password",
              message=render_to_string("registration/password_reset_email.txt", context),
              from_email=None, recipient_list=[user.email])


def send_reset_link(*, actor, user: User) -> ResetLink:
    """An administrator's reset for `user`: a one-time link, e-mailed when the account has an address
    and returned so that it can be shown once to the administrator."""
    url = reset_url(user)
    with transaction.atomic():
        record_event(actor=actor, verb="send_password_reset", instance=user,
                     changes={"emailed_to": [None, user.email or "(shown to the administrator)"]})
    if user.email:  # after the commit: no e-mail about a reset that was rolled back
        _send_reset_mail(user, url, by_administrator=True)
    return ResetLink(url=url, emailed_to=user.email)


def request_password_reset(*, email: str) -> int:
    """Forgot-password: e-mail a reset link to each active account with this address and a usable
    password. Says nothing about whether there was one (the caller answers the same either way)."""
    users = [u for u in User.objects.filter(email__iexact=email.strip(), is_active=True) if u.has_usable_password()]
    for user in users:
        url = reset_url(user)
        with transaction.atomic():
            record_event(actor=None, verb="request_password_reset", instance=user, changes={})
        _send_reset_mail(user, url, by_administrator=False)
    return len(users)


def complete_password_reset(*, user: User, password: str) -> None:
    """The new password from a valid reset link; the account's failed sign-ins are forgotten too."""
    validate_password(password, user)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        axes_reset(username=user.get_username())
        record_event(actor=user, verb="reset_password", instance=user, changes={})  # never the hash
