"""API tokens: a random secret shown once; only its SHA-256 is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from steadfast.core.models import ApiToken, RoleSettings, User
from steadfast.core.services import crud
from steadfast.core.services.accounts import two_factor_required
from steadfast.core.services.reauth import has_confirmed_device

TOKEN_PREFIX = "sf_"
MAX_EXPIRES_DAYS = 3650  # ten years
TWO_FACTOR_FIRST = ("Your role requires two-factor sign-in: set up an authenticator app on your profile "
                    "before creating or using API tokens.")


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def lacks_required_second_factor(user: User) -> bool:
    """True when the user's role requires two-factor sign-in and they have no confirmed device:
    such an account gets no token, and the tokens it already has do not work."""

    return two_factor_required(user.role) and not has_confirmed_device(user)


def create_token(*, actor, user: User, name: str, expires_days: int | None = None,
                 scope: str = ApiToken.Scope.READ) -> tuple[ApiToken, str]:
    """A new token for `user`; without `expires_days` it lives STEADFAST_API_TOKEN_DAYS days.
    Read-only unless `scope` is "write" (least privilege: a token for a dashboard cannot write)."""
    if scope not in ApiToken.Scope.values:
        raise ValueError(f"scope must be one of {', '.join(ApiToken.Scope.values)}, not {scope!r}")
    if expires_days is None:
        expires_days = settings.STEADFAST_API_TOKEN_DAYS
    if not 0 < expires_days <= MAX_EXPIRES_DAYS:
        raise ValueError(f"expires-days must be a whole number of days from 1 to {MAX_EXPIRES_DAYS}")
    if lacks_required_second_factor(user):
        raise PermissionDenied(TWO_FACTOR_FIRST)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=expires_days)
    token = crud.create(actor=actor, model=ApiToken, user=user, name=name or "token", prefix=secret[:10],
                        key_hash=hash_token(secret), expires_at=expires_at, scope=scope)
    return token, secret


def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at:
        return token
    return crud.update(actor=actor, instance=token, revoked_at=timezone.now())


def user_for_token(secret: str) -> User | None:
    """The active user behind a presented secret, or None. Records when it was last used."""
    token = token_for_secret(secret)
    return token.user if token is not None else None


def token_for_secret(secret: str) -> ApiToken | None:
    """The usable token (with its active user) behind a presented secret, or None: unknown,
    revoked, expired, or its owner lacks a second factor the role requires. Records when it was
    last used."""
    now = timezone.now()
    # One query for the token, its user and whether the user's role requires a second factor the
    # user lacks (a lookup on every API request).
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(secret), revoked_at__isnull=True, user__is_active=True)
        .annotate(
            role_requires_two_factor=Exists(RoleSettings.objects.filter(role=OuterRef("user__role"),
                                                                        require_two_factor=True)),
            has_confirmed_device=Exists(TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)),
        )
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= now):
        return None
    if token.role_requires_two_factor and not token.has_confirmed_device:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
