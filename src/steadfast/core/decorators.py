"""Page access: every view declares its (domain, action) from the policy table, or says public."""

from __future__ import annotations

import functools

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from steadfast.core.policy import POLICY, can


def policy_required(domain: str, action: str = "view"):
    if domain not in POLICY:
        raise ValueError(f"policy has no domain {domain!r}")

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not can(request.user, domain, action):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.policy = (domain, action)
        return wrapper

    return decorate


def public(view):
    """No sign-in needed (login page, health check). The route matrix test knows these."""
    view.policy = None
    return view
