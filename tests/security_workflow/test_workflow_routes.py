"""The role × route matrix for the workflow's pages, run on the workflow URLs even before they are
wired into the project (tests/test_route_matrix.py covers them once they are)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from steadfast.core.policy import allowed
from steadfast.core.roles import Role
from steadfast.security import testing_workflow
from steadfast.security.urls_workflow import urlpatterns


def _sample(kwarg, **kw):
    if kwarg in testing_workflow.KWARGS:
        return testing_workflow.route_sample(kwarg, **kw)
    from steadfast.network import testing as network_testing

    return network_testing.route_sample(kwarg, **kw)


def _fill(route: str, values: dict) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)


ROUTES = [(str(p.pattern), p) for p in urlpatterns]


def test_every_workflow_route_declares_a_policy():
    assert all(hasattr(p.callback, "policy") for _, p in ROUTES)


@pytest.mark.parametrize("route,pattern", ROUTES, ids=[r for r, _ in ROUTES])
def test_workflow_route_for_every_role(route, pattern, role_users, make_user):
    other_user = make_user(Role.RISK_ANALYST, username="someone-else")
    declared = pattern.callback.policy
    kwargs = re.findall(r"<(?:\w+:)?(\w+)>", route)
    for role, user in role_users.items():
        client = Client()
        client.force_login(user)
        own = {k: _sample(k, user=user, foreign=False, other_user=other_user) for k in kwargs}
        response = client.get(_fill(route, own))
        if response.status_code == 405:
            response = client.post(_fill(route, own))
        assert response.status_code < 500, (route, role, response.status_code)
        if declared is None:
            continue
        domain, action = declared
        if allowed(role, domain, action):
            assert response.status_code not in (401, 403), (route, role, response.status_code)
            foreign = {k: _sample(k, user=user, foreign=True, other_user=other_user) for k in kwargs}
            if kwargs and all(v is not None for v in foreign.values()):
                response = client.get(_fill(route, foreign))
                if response.status_code == 405:
                    response = client.post(_fill(route, foreign))
                assert response.status_code == 404, (route, role, "out of scope", response.status_code)
        else:
            assert response.status_code == 403, (route, role, response.status_code)
    anonymous = Client().get(_fill(route, {k: 1 for k in kwargs}))
    if declared is not None:
        assert anonymous.status_code in (302, 405), (route, anonymous.status_code)
    else:
        assert anonymous.status_code < 500
