"""Shipped reference data in one idempotent step (`steadfast security_setup`, called by the demo)."""

from __future__ import annotations

from steadfast.security.services.frameworks import import_shipped_frameworks
from steadfast.security.services.kev import import_kev
from steadfast.security.services.questionnaires import load_baseline_template


def setup_security(*, actor) -> list[str]:
    lines = []
    for result in import_shipped_frameworks(actor=actor):
        state = "imported" if result.created else "present"
        lines.append(f"{result.framework.name} {result.framework.version}: {state} ({result.controls} controls)")
    template = load_baseline_template(actor=actor)
    lines.append(f"{template}: {template.questions.count()} questions")
    kev = import_kev(actor=actor)
    lines.append(f"CISA KEV {kev.catalog_version}: {kev.added} added, {kev.updated} updated, {kev.unchanged} unchanged")
    return lines
