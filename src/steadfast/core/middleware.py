"""Security headers, the URL length limit, the session idle timeout, the per-role two-factor
requirement, and problem+json for API answers that no operation gave."""

from __future__ import annotations

import re
import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import devices_for_user

from steadfast.core.api.errors import problem
from steadfast.core.api.schemas import INT64_MAX, INT64_MIN
from steadfast.core.services.accounts import two_factor_required

INTEGER = re.compile(r"[+-]?[0-9]+")


class RequestLineLimitMiddleware:
    """Refuses a URL longer than STEADFAST_MAX_URL_BYTES (path and query string) before anything
    reads it (414), and a query parameter carrying a NUL byte (400): the API with problem+json, pages
    with a short plain answer. gunicorn's own
    `--limit-request-line` is set above it (the `serve` command), so this answer, not gunicorn's
    HTML page, is what a client sees."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.STEADFAST_MAX_URL_BYTES
        size = len(request.META.get("PATH_INFO", "").encode()) + len(request.META.get("QUERY_STRING", "").encode())
        if size > limit:
            detail = f"The URL is {size:,} bytes long; this server accepts at most {limit:,} (path and query string)."
            if request.path.startswith("/api/"):
                return problem(414, detail)
            return HttpResponse(detail, status=414, content_type="text/plain; charset=utf-8")
        # A NUL byte cannot be stored or compared in PostgreSQL text (a DataError deep in a query):
        # a query parameter carrying one is refused here, by name, on both databases alike.
        for name, values in request.GET.lists():
            if "\x00" in name or any("\x00" in value for value in values):
                shown = name.replace("\x00", "\\x00")
                detail = f"The query parameter {shown!r} contains a NUL byte (\\x00), which no field accepts."
                if request.path.startswith("/api/"):
                    return problem(400, detail)
                return HttpResponse(detail, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Sets a strict Content-Security-Policy (no inline script anywhere) and a few companions."""

    # The interactive API docs (Swagger UI) set inline styles; scripts stay 'self' only.
    RELAXED_STYLE_PREFIXES = ("/api/v1/docs",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if request.path.startswith(self.RELAXED_STYLE_PREFIXES):
            policy = policy.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class SessionIdleTimeoutMiddleware:
    """Ends a signed-in session after STEADFAST_SESSION_IDLE_SECONDS without a request (ASVS 3.3.2),
    besides the absolute SESSION_COOKIE_AGE. The request then goes on signed out: pages send it
    to sign-in, the API answers 401."""

    LAST_SEEN_KEY = "steadfast_last_seen"
    # Write the time at most once a minute, so that not every request saves the session.
    RECORD_EVERY_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(self.LAST_SEEN_KEY)
            if last_seen is not None and now - last_seen > settings.STEADFAST_SESSION_IDLE_SECONDS:
                logout(request)
            elif last_seen is None or now - last_seen >= self.RECORD_EVERY_SECONDS:
                request.session[self.LAST_SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """When an administrator requires two-factor sign-in for a role, its members must verify.

    A member without a device is sent to enrolment; one with a device to the code prompt.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/api/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not user.is_verified()
        ):

            if two_factor_required(user.role):
                if any(True for _ in devices_for_user(user, confirmed=True)):
                    return redirect(f"{reverse('core:otp_verify')}?next={request.path}")
                return redirect("core:totp_enrol")
        return self.get_response(request)


class ApiProblemMiddleware:
    """API answers that do not come from an operation (unknown path, wrong method) as problem+json,
    and a whole number in the path past 64 bits (an id no database row can have) as 404 before the
    operation runs: the databases would overflow on it (SQLite raises, a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            for value in view_kwargs.values():
                if isinstance(value, str) and INTEGER.fullmatch(value) and not INT64_MIN <= int(value) <= INT64_MAX:
                    return problem(404, "No such object.")
        return None

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code >= 400
            and not response.get("Content-Type", "").startswith(("application/problem+json", "application/json"))
        ):

            detail = {404: "No such API route.", 405: f"{request.method} is not allowed here."}.get(
                response.status_code, "The request failed.")
            replacement = problem(response.status_code, detail)
            if response.has_header("Allow"):
                replacement["Allow"] = response["Allow"]
            return replacement
        return response
