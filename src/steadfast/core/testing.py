"""Test support shipped with the app: sample objects for the role × route matrix.

Every app with routes that take URL arguments has a `testing.py` with `route_sample()`; the matrix
test (tests/test_route_matrix.py) asks each app in turn until one knows the argument.
"""

from __future__ import annotations

from steadfast.core.models import AuditEvent, Job
from steadfast.core.policy import can
from steadfast.core.roles import Role
from steadfast.core.services.tokens import create_token


def route_sample(kwarg: str, *, user, foreign: bool, other_user):
    """A value for URL argument `kwarg`: an object `user` may reach, or (foreign=True) one outside
    their scope that must answer 404 (None when the role has no narrower scope for it)."""

    if kwarg == "token_id":
        owner = other_user if foreign else user
        token, _ = create_token(actor=None, user=owner, name="matrix")
        return token.pk
    if kwarg == "job_id":
        if foreign and can(user, "audit", "view"):
            return None  # auditors and administrators see every job
        owner = other_user if foreign else user
        return Job.objects.create(kind="core.selfcheck", label="matrix", owner=owner).pk
    if kwarg == "user_id":
        return None if foreign else other_user.pk  # accounts are not scoped: who may see one sees all
    if kwarg == "uidb64":  # a password-reset link's account (public page: any value is answered)
        return "MQ"
    if kwarg == "seq":
        return None if foreign else AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first()
    raise KeyError(kwarg)


SCOPED_ROLES = (Role.SUPPLIER_RESPONDENT, Role.CUSTOMER_VIEWER)
