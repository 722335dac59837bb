"""The OpenAPI document says what the API does: every error an operation can answer, and decimals.

`SteadfastAPI` is the project's NinjaAPI. Its document adds, to every operation, the
application/problem+json answers the API plumbing gives (errors.py), chosen by what the operation
has, so that a client (or Schemathesis's status-code check) finds every status it can meet:

| status | when | operations |
|---|---|---|
| 400 | the body is not JSON; a query parameter carries a NUL byte | with a request body; with query parameters |
| 401 | no or a bad session/token | every authenticated one |
| 403 | the role may not | every authenticated one |
| 404 | no such object, or outside the caller's scope | with a path parameter or a body |
| 409 | a database rule refused the write; nothing was changed | POST, PUT, PATCH, DELETE |
| 413 | the body is larger than the server accepts | with a request body |
| 422 | a parameter or field is invalid (named in `errors`) | with parameters or a body |
| 429 | over the rate limit; `Retry-After` says when to retry | every one |

Whole numbers carry their 64-bit bounds (StrictSchema and ListQuery refuse anything past them with a
422). Decimals (money, costs) are typed as such: a string in answers (`"format": "decimal"`, exact, never
a binary float), and a number or a decimal string in request bodies.
"""

from __future__ import annotations

from contextlib import contextmanager

import ninja.openapi.schema as ninja_openapi
from ninja import NinjaAPI
from ninja.schema import NinjaGenerateJsonSchema

from steadfast.core.api.errors import TITLES
from steadfast.core.api.schemas import INT64_MAX, INT64_MIN

PROBLEM = "Problem"
PROBLEM_SCHEMA = {
    "title": PROBLEM,
    "type": "object",
    "description": "An error, as RFC 9457 problem details (application/problem+json).",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "what went wrong and what to do about it"},
        "errors": {
            "type": "array",
            "description": "one entry per invalid field or parameter (422, 400)",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string", "description": "e.g. tier, contacts.0.email, query.offset"},
                               "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["type", "title", "status", "detail"],
}
WRITES = {"post", "put", "patch", "delete"}
DECIMAL_TEXT = r"^-?[0-9]+(\.[0-9]+)?$"


class DecimalJsonSchema(NinjaGenerateJsonSchema):
    """Decimals as decimals: pydantic writes them as strings in answers (typed `string` only) and
    accepts a number or a string in bodies; the document says `format: decimal` for both."""

    def decimal_schema(self, schema):
        if self.mode == "serialization":
            return {"type": "string", "format": "decimal",
                    "description": "a decimal number written as a string, exact (e.g. \"1250.00\")"}
        number = super().decimal_schema(schema)
        number = next((part for part in number.get("anyOf", []) if part.get("type") == "number"), number)
        return {"anyOf": [number, {"type": "string", "format": "decimal", "pattern": DECIMAL_TEXT}]}

    def int_schema(self, schema):
        """Whole numbers are database integers: 64 bits unless the field says less."""
        found = super().int_schema(schema)
        if "minimum" not in found and "exclusiveMinimum" not in found:
            found["minimum"] = INT64_MIN
        if "maximum" not in found and "exclusiveMaximum" not in found:
            found["maximum"] = INT64_MAX
        return found


@contextmanager
def _decimal_aware():
    """ninja reads its JSON-schema generator from its openapi module for every model; point it at
    ours while the document is built (ninja offers no setting for it)."""
    original = ninja_openapi.NinjaGenerateJsonSchema
    ninja_openapi.NinjaGenerateJsonSchema = DecimalJsonSchema
    try:
        yield
    finally:
        ninja_openapi.NinjaGenerateJsonSchema = original


def _problem_response(status: int, description: str) -> dict:
    response = {"description": description,
                "content": {"application/problem+json": {"schema": {"$ref": f"#/components/schemas/{PROBLEM}"}}}}
    if status == 429:
        response["headers"] = {"Retry-After": {"description": "seconds to wait before the next request",
                                               "schema": {"type": "integer"}}}
    return response


def error_statuses(method: str, operation: dict) -> dict[int, str]:
    """The problem answers `operation` can give, with why (the table in the module docstring)."""
    parameters = operation.get("parameters") or []
    body = "requestBody" in operation
    found = {429: "Too many requests for this token or address: retry after `Retry-After` seconds."}
    if operation.get("security"):
        found[401] = "No valid session or bearer token."
        found[403] = "The caller's role does not allow this operation."
    if body or any(p.get("in") == "path" for p in parameters):
        found[404] = ("No such object (in the path, or a record the body names), or not one the caller's "
                      "scope shows: the same answer.")
    if method in WRITES:
        found[409] = "A database rule refused the change (a duplicate, a stale reference); nothing was changed."
    if parameters or body:
        found[422] = "A parameter or field is invalid; `errors` names each one and why."
    if any(p.get("in") == "query" for p in parameters):
        found[400] = "A query parameter carries a NUL byte (core/middleware.py), which no field accepts."
    if body:
        found[400] = "The body is not valid JSON." + (" " + found[400] if 400 in found else "")
        found[413] = "The body is larger than the server accepts."
    return dict(sorted(found.items()))


def document_errors(document: dict) -> None:
    document.setdefault("components", {}).setdefault("schemas", {})[PROBLEM] = PROBLEM_SCHEMA
    for path_item in document.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status, why in error_statuses(method, operation).items():
                if status not in responses and str(status) not in responses:  # ninja keys its own by int
                    responses[str(status)] = _problem_response(status, f"{TITLES[status]}: {why}")


class SteadfastAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        with _decimal_aware():
            document = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_errors(document)
        return document
