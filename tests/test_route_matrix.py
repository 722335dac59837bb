"""Every page and API route × every role, generated from the policy table and the URL conf.

A route must declare its policy (domain, action) or be explicitly public; one that does not makes
this test fail. For each role: allowed → not 401/403; denied → 403; an object outside the role's
scope → 404 (never 403: no existence leak).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.module_loading import import_string

from steadfast.api import api
from steadfast.core.api.auth import PolicyAuth
from steadfast.core.policy import POLICY, allowed
from steadfast.core.roles import Role

# Each app's route samples (its testing.route_sample()), one line per app: a new app adds its own.
ROUTE_SAMPLES = [
    "steadfast.core.testing",
    "steadfast.network.testing",
    "steadfast.security.testing",
    "steadfast.privacy.testing",
    "steadfast.continuity.testing",
    "steadfast.incidents.testing",
    "steadfast.transparency.testing",
]


def _django_routes(patterns=None, prefix=""):
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            if getattr(entry, "app_name", None) == "api" or str(entry.pattern).startswith("api/"):
                continue
            yield from _django_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _api_routes():
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                yield (prefix.rstrip("/") + "/" + path.lstrip("/")).replace("//", "/"), operation


DJANGO_ROUTES = sorted(_django_routes(), key=lambda r: r[0])
API_ROUTES = sorted(((p, o) for p, o in _api_routes()), key=lambda r: (r[0], r[1].methods))


def _kwarg_names(route: str) -> list[str]:
    import re

    return re.findall(r"<(?:\w+:)?(\w+)>", route) + re.findall(r"{(?:\w+:)?(\w+)}", route)


def _sample(kwarg, *, user, foreign, other_user):
    for module_name in ROUTE_SAMPLES:
        try:
            return import_string(f"{module_name}.route_sample")(kwarg, user=user, foreign=foreign,
                                                                other_user=other_user)
        except KeyError:
            continue
    pytest.fail(f"no app's testing.route_sample() knows the URL argument {kwarg!r}")


def _fill(route: str, values: dict) -> str:
    import re

    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    path = re.sub(r"{(?:\w+:)?(\w+)}", lambda m: str(values[m.group(1)]), path)
    return "/" + path.lstrip("/")


def test_every_route_is_covered_by_the_policy():
    undeclared = [route for route, pattern in DJANGO_ROUTES
                  if not hasattr(pattern.callback, "policy") and not route.startswith("static/")]
    assert not undeclared, f"pages without a policy: {undeclared}"
    unguarded = [f"{sorted(op.methods)} {path}" for path, op in API_ROUTES
                 if not any(isinstance(cb, PolicyAuth) for cb in op.auth_callbacks)]
    assert not unguarded, f"API routes without policy(...) auth: {unguarded}"
    for route, pattern in DJANGO_ROUTES:
        declared = pattern.callback.policy
        assert declared is None or declared[0] in POLICY, f"{route} names unknown domain {declared}"


@pytest.fixture
def other_user(make_user):
    return make_user(Role.RISK_ANALYST, username="someone-else")


def _request(client: Client, method: str, path: str):
    if method == "GET":
        return client.get(path)
    return getattr(client, method.lower())(path, data="{}", content_type="application/json")


@pytest.mark.parametrize("route,pattern", DJANGO_ROUTES, ids=[r for r, _ in DJANGO_ROUTES])
def test_page_route_for_every_role(route, pattern, role_users, other_user):
    declared = pattern.callback.policy
    for role, user in role_users.items():
        client = Client()
        client.force_login(user)
        kwargs = _kwarg_names(route)
        own = {k: _sample(k, user=user, foreign=False, other_user=other_user) for k in kwargs}
        response = client.get(_fill(route, own))
        if response.status_code == 405:  # POST-only action
            response = client.post(_fill(route, own))
        if declared is None:
            assert response.status_code < 500, (route, role)
            continue
        domain, action = declared
        if allowed(role, domain, action):
            assert response.status_code not in (401, 403, 500), (route, role, response.status_code)
            if kwargs:
                foreign = {k: _sample(k, user=user, foreign=True, other_user=other_user) for k in kwargs}
                if all(v is not None for v in foreign.values()):
                    response = client.get(_fill(route, foreign))
                    if response.status_code == 405:
                        response = client.post(_fill(route, foreign))
                    assert response.status_code == 404, (route, role, "out of scope", response.status_code)
        else:
            assert response.status_code == 403, (route, role, response.status_code)
    anonymous = Client().get(_fill(route, {k: 1 for k in _kwarg_names(route)}))
    if declared is not None:
        assert anonymous.status_code in (302, 405), (route, anonymous.status_code)


@pytest.mark.parametrize("path,operation", API_ROUTES, ids=[f"{sorted(o.methods)[0]} {p}" for p, o in API_ROUTES])
def test_api_route_for_every_role(path, operation, role_users, other_user, api_client_for):
    auth = next(cb for cb in operation.auth_callbacks if isinstance(cb, PolicyAuth))
    method = sorted(operation.methods)[0]
    full = "/api/v1/" + path.lstrip("/")
    for role, user in role_users.items():
        client = api_client_for(user)
        if auth.session_only:  # a token is refused here whatever the role (403); a session is not
            client = Client()
            client.force_login(user)
        kwargs = _kwarg_names(full)
        own = {k: _sample(k, user=user, foreign=False, other_user=other_user) for k in kwargs}
        response = _request(client, method, _fill(full, own))
        assert response.status_code < 500, (full, role, response.status_code, response.content[:300])
        if allowed(role, auth.domain, auth.action):
            assert response.status_code not in (401, 403), (full, role, response.status_code, response.content[:300])
            if kwargs:
                foreign = {k: _sample(k, user=user, foreign=True, other_user=other_user) for k in kwargs}
                if all(v is not None for v in foreign.values()):
                    response = _request(client, method, _fill(full, foreign))
                    assert response.status_code == 404, (full, role, "out of scope", response.status_code)
        else:
            assert response.status_code == 403, (full, role, response.status_code)
            assert response["Content-Type"] == "application/problem+json"
    anonymous = _request(Client(), method, _fill(full, {k: 1 for k in _kwarg_names(full)}))
    assert anonymous.status_code == 401, (full, anonymous.status_code)
