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

    def __init__(self, domain: str, action: str):
        if domain not in POLICY:
            raise ValueError(f"policy has no domain {domain!r}")
        self.domain, self.action = domain, action
        super().__init__()

    def __call__(self, request):
        user = self._authenticate(request)
        if user is None:
            return None  # ninja answers 401
        if not can(user, self.domain, self.action):
            raise PermissionDenied
        request.user = user
        return user

    @staticmethod
    def _authenticate(request):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            return user_for_token(header[7:].strip())
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if two_factor_required(user.role) and not user.is_verified():
            return None
        if request.method in UNSAFE_METHODS and check_csrf(request) is not None:
            raise PermissionDenied("CSRF check failed: send the X-CSRFToken header with the csrftoken cookie")
        return user


def policy(domain: str, action: str) -> PolicyAuth:
    return PolicyAuth(domain, action)
