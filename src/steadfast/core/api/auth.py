"""API authentication and authorisation in one step: who is calling, and may they do this?

Each operation declares `auth=policy(domain, action)`. Authentication runs before ninja parses
the request, so a caller without the right gets 401/403 and never a validation error that would
reveal the shape of a route they cannot use. A bearer token acts with its owner's role narrowed by
its scope (a read-only token: "view" operations with safe methods only), and an address that keeps
presenting unknown tokens is answered 429 for a while (throttling.BadTokenThrottle).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja.errors import Throttled
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from steadfast.core.api.throttling import BAD_TOKENS
from steadfast.core.models import ApiToken
from steadfast.core.policy import POLICY, can
from steadfast.core.services.accounts import two_factor_required
from steadfast.core.services.tokens import token_for_secret

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
READ_ONLY_TOKEN = ("This API token is read-only: create a token with the read and write scope on your "
                   "profile to change records.")


class PolicyAuth(AuthBase):
    openapi_type = "http"
    openapi_scheme = "bearer"

    def __init__(self, domain: str, action: str, *, session_only: bool = False):
        if domain not in POLICY:
            raise ValueError(f"policy has no domain {domain!r}")
        self.domain, self.action, self.session_only = domain, action, session_only
        super().__init__()

    def __call__(self, request):
        if self.session_only and _bearer_secret(request) is not None:
            # A leaked token must not be able to mint more tokens that outlive its revocation.
            raise PermissionDenied("An API token cannot do this: sign in to Steadfast and do it from your session.")
        user = self._authenticate(request)
        if user is None:
            return None  # ninja answers 401
        request.user = user  # known before the check, so that a refusal is logged with the caller's name
        if not can(user, self.domain, self.action):
            raise PermissionDenied
        token = getattr(request, "api_token", None)
        if token is not None and token.scope == ApiToken.Scope.READ and (
                self.action != "view" or request.method not in SAFE_METHODS):
            raise PermissionDenied(READ_ONLY_TOKEN)
        return user

    @staticmethod
    def _authenticate(request):
        secret = _bearer_secret(request)
        if secret is not None:
            wait = BAD_TOKENS.refusal(request)
            if wait is not None:
                raise Throttled(wait=wait)
            token = token_for_secret(secret)
            if token is None:
                BAD_TOKENS.record_failure(request)
                return None
            request.api_token = token
            return token.user
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if two_factor_required(user.role) and not user.is_verified():
            return None
        if request.method in UNSAFE_METHODS and check_csrf(request) is not None:
            raise PermissionDenied("CSRF check failed: send the X-CSRFToken header with the csrftoken cookie")
        return user


def _bearer_secret(request) -> str | None:
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def policy(domain: str, action: str, *, session_only: bool = False) -> PolicyAuth:
    """`session_only`: a signed-in browser session only, never an API token (403 for a token)."""
    return PolicyAuth(domain, action, session_only=session_only)
