"""API authentication and authorisation in one step: who is calling, and may they do this?

Each operation declares `auth=policy(domain, action)`. Authentication runs before ninja parses
the request, so a caller without the right gets 401/403 and never a validation error that would
reveal the shape of a route they cannot use.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja.security.base import AuthBase
from ninja.utils import check_csrf

from steadfast.core.policy import POLICY, can
from steadfast.core.services.accounts import two_factor_required
from steadfast.core.services.tokens import user_for_token

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


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
        return user

    @staticmethod
    def _authenticate(request):
        secret = _bearer_secret(request)
        if secret is not None:
            return user_for_token(secret)
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
