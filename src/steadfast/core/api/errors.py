"""Every API error is application/problem+json (RFC 9457), with per-field messages. No traces."""

from __future__ import annotations

import logging
import math

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

log = logging.getLogger("steadfast.api")

TITLES = {
    400: "Bad request", 401: "Authentication required", 403: "Forbidden", 404: "Not found",
    405: "Method not allowed", 409: "Conflict", 413: "Request body too large", 414: "URL too long", 422: "Invalid input",
    429: "Too many requests", 500: "Internal error",
}


def problem(status: int, detail: str, *, errors: list[dict] | None = None, **extra) -> JsonResponse:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    body.update(extra)
    return JsonResponse(body, status=status, content_type="application/problem+json")


def _field_name(location: list[str]) -> str:
    """Where the error is, as a client names it.

    Body fields are named plainly ("tier", "contacts.0.email"), as the per-field errors of the
    services are; ninja's location starts with "body" and the operation's parameter name, which
    mean nothing to a client. Query and path parameters keep their prefix ("query.limit").
    """
    if location[:1] == ["body"]:
        rest = location[2:]
        return ".".join(rest) if rest else "body"
    return ".".join(location)


def _field_errors(raw: list[dict]) -> list[dict]:
    errors = []
    for item in raw:
        location = [str(part) for part in item.get("loc", [])]
        kind = item.get("type", "")
        message = item.get("msg", "invalid")
        if kind == "value_error" and message.startswith("Value error, "):
            message = message[len("Value error, "):]  # pydantic's prefix for a validator's own message
        if kind == "extra_forbidden":
            message = "unknown field"
        if kind == "json_invalid" or (location[:1] == ["body"] and kind == "value_error" and "JSON" in message):
            message = "the body is not valid JSON"
        errors.append({"field": _field_name(location), "message": message})
    return errors


def django_field_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [{"field": field, "message": " ".join(str(m) for m in messages)}
                for field, messages in exc.message_dict.items()]
    return [{"field": "", "message": message} for message in exc.messages]


def install(api) -> None:
    @api.exception_handler(ValidationError)
    def on_validation(request, exc: ValidationError):
        errors = _field_errors(exc.errors)
        if any(e["message"] == "the body is not valid JSON" for e in errors):
            return problem(400, "The body is not valid JSON.", errors=errors)
        return problem(422, "Some fields are invalid.", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request, exc: DjangoValidationError):
        return problem(422, "Some fields are invalid.", errors=django_field_errors(exc))

    @api.exception_handler(AuthenticationError)
    def on_auth(request, exc):
        return problem(401, "Sign in, or send 'Authorization: Bearer <token>'.")

    @api.exception_handler(PermissionDenied)
    def on_denied(request, exc):
        return problem(403, str(exc) or "Your role does not allow this.")

    @api.exception_handler(Http404)
    def on_404(request, exc):
        return problem(404, "No such object.")

    @api.exception_handler(ObjectDoesNotExist)
    def on_missing(request, exc):
        return problem(404, "No such object.")

    @api.exception_handler(RequestDataTooBig)
    def on_too_big(request, exc):
        return problem(413, "The request body is larger than this server accepts.")

    @api.exception_handler(Throttled)
    def on_throttled(request, exc: Throttled):
        response = problem(429, "Too many requests: wait for the number of seconds in Retry-After.")
        if exc.wait is not None:
            response["Retry-After"] = str(max(1, math.ceil(exc.wait)))
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        return problem(exc.status_code, str(exc))

    @api.exception_handler(IntegrityError)
    def on_integrity(request, exc):
        # Services validate before saving; a constraint that still fires (a concurrent write of the
        # same ref, a rule only the database knows) is a conflict, not a server fault.
        log.warning("database constraint refused an API write: %s", exc)
        return problem(409, "The change conflicts with a rule of the database (a duplicate or a "
                            "reference that is no longer valid); nothing was changed.")

    @api.exception_handler(Exception)
    def on_error(request, exc):
        log.exception("unhandled API error")
        return problem(500, "Something went wrong on our side; it has been logged.")
