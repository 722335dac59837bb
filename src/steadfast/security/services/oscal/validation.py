"""Validation against the official OSCAL 1.2.3 JSON schemas.

The schemas' patterns use `\\p{L}`-style classes that Python's `re` rejects, so the `pattern` keyword is
re-implemented with the `regex` package; formats use jsonschema's checker (date-time, uri, email...).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import jsonschema
import regex

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
ASSESSMENT_RESULTS_SCHEMA = DATA_DIR / "oscal_assessment-results_schema.json"


@functools.cache
def _compiled(pattern: str):
    return regex.compile(pattern)


def _pattern(validator, pattern, instance, schema):
    if isinstance(instance, str) and not _compiled(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


OscalValidator = jsonschema.validators.extend(jsonschema.Draft7Validator, {"pattern": _pattern})


@functools.cache
def assessment_results_validator():
    schema = json.loads(ASSESSMENT_RESULTS_SCHEMA.read_text(encoding="utf-8"))
    return OscalValidator(schema, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)


def assessment_results_errors(document: dict) -> list[str]:
    """Every schema violation as "path: message" (empty when the document is valid)."""
    return [f"{'/'.join(str(p) for p in error.absolute_path) or '(document)'}: {error.message}"
            for error in assessment_results_validator().iter_errors(document)]
