"""The caller's own account: who am I, my jobs."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema, Status

from steadfast.core import selectors
from steadfast.core.api.auth import policy
from steadfast.core.api.schemas import JobOut, StrictSchema
from steadfast.core.policy import POLICY, can
from steadfast.core.services import reauth, tokens

router = Router(tags=["account"])


class MeOut(Schema):
    username: str
    role: str
    supplier_id: int | None
    customer_id: int | None
    permissions: dict[str, list[str]]


@router.get("/me", response=MeOut, auth=policy("profile", "view"))
def me(request):
    user = request.user
    permissions = {d: sorted(a for a in ("view", "change") if can(user, d, a)) for d in POLICY}
    return {"username": user.username, "role": user.role, "supplier_id": user.supplier_id,
            "customer_id": user.customer_id, "permissions": {d: a for d, a in permissions.items() if a}}


@router.get("/jobs", response=list[JobOut], auth=policy("jobs", "view"))
def jobs(request):
    return list(selectors.jobs_for(user=request.user)[:100])


@router.get("/jobs/{job_id}", response=JobOut, auth=policy("jobs", "view"))
def job(request, job_id: int):
    return selectors.job(user=request.user, job_id=job_id)


class TokenIn(StrictSchema):
    name: str = Field(..., min_length=1, max_length=100)
    expires_days: int | None = Field(None, ge=1, le=tokens.MAX_EXPIRES_DAYS,
                                     description="Lifetime in days; the server's default (90 unless configured) when left out.")
    scope: Literal["read", "write"] = Field("read", description="What the token may do: 'read' (the default) "
                                                                "only reads; 'write' also changes what your role may change.")
    password: str = Field(..., max_length=4096, description="Your current password: creating a token needs it again.")
    otp_code: str | None = Field(None, max_length=8, description="A current code from your authenticator app, "
                                                                  "when your account has two-factor sign-in.")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    scope: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    last_used_at: dt.datetime | None


class NewTokenOut(TokenOut):
    secret: str


@router.get("/me/tokens", response=list[TokenOut], auth=policy("profile", "view"))
def my_tokens(request):
    return list(selectors.tokens_for(user=request.user))


@router.post("/me/tokens", response={201: NewTokenOut}, auth=policy("profile", "change", session_only=True))
def create_my_token(request, body: TokenIn):
    """Create a token acting as you, from a signed-in session only (a token cannot create tokens),
    proving again who you are with your password and, with two-factor sign-in, a current code.
    The secret is in this response only; it is stored hashed."""
    errors = reauth.reauthenticate(request, request.user, password=body.password, code=body.otp_code)
    if errors:
        raise ValidationError(errors)
    token, secret = tokens.create_token(actor=request.user, user=request.user, name=body.name,
                                        expires_days=body.expires_days, scope=body.scope)
    return Status(201, {**TokenOut.from_orm(token).dict(), "secret": secret})


@router.delete("/me/tokens/{token_id}", response={204: None}, auth=policy("profile", "change"))
def revoke_my_token(request, token_id: int):
    tokens.revoke_token(actor=request.user, token=selectors.token(user=request.user, token_id=token_id))
    return Status(204, None)
