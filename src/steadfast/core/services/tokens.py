"""API tokens: a random secret shown once; only its SHA-256 is stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from steadfast.core.models import ApiToken, User
from steadfast.core.services import crud

TOKEN_PREFIX = "sf_"
MAX_EXPIRES_DAYS = 3650  # ten years; leave it out for a token that does not expire


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(*, actor, user: User, name: str, expires_days: int | None = None) -> tuple[ApiToken, str]:
    if expires_days is not None and not 0 < expires_days <= MAX_EXPIRES_DAYS:
        raise ValueError(f"expires-days must be a whole number of days from 1 to {MAX_EXPIRES_DAYS}")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.now() + dt.timedelta(days=expires_days) if expires_days else None
    token = crud.create(actor=actor, model=ApiToken, user=user, name=name or "token", prefix=secret[:10],
                        key_hash=hash_token(secret), expires_at=expires_at)
    return token, secret


def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    if token.revoked_at:
        return token
    return crud.update(actor=actor, instance=token, revoked_at=timezone.now())


def user_for_token(secret: str) -> User | None:
    """The active user behind a presented secret, or None. Records when it was last used."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None or (token.expires_at and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        with transaction.atomic():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
