"""Suggestions for the ref pickers of the privacy forms (at most LIMIT, scoped like every read)."""

from __future__ import annotations

from django.db.models import Q

from steadfast.core.scoping import scoped
from steadfast.incidents.models import Incident
from steadfast.network.models import Contract, Item, Supplier
from steadfast.privacy.models import ProcessingActivity
from steadfast.privacy.selectors.common import require
from steadfast.security.models import Control

LIMIT = 20
# kind → (model, the value a picker takes, fields searched, how an option reads)
KINDS = {
    "suppliers": (Supplier, "ref", ("ref", "legal_name"), lambda o: f"{o.legal_name} ({o.country})"),
    "items": (Item, "ref", ("ref", "name"), lambda o: o.name),
    "contracts": (Contract, "ref", ("ref", "title", "supplier__legal_name"), lambda o: f"{o.title} · {o.supplier.legal_name}"),
    "activities": (ProcessingActivity, "ref", ("ref", "name"), lambda o: o.name),
    "controls": (Control, "control_id", ("control_id", "label", "title"), lambda o: f"{o.label or o.control_id} {o.title}"),
    "incidents": (Incident, "ref", ("ref", "title"), lambda o: o.title),
}


def lookup(*, user, kind: str, q: str, framework: str = "") -> list[dict[str, str]]:
    """[{"value", "label"}] matching `q` (a ref's start, or a word of the name), refs first."""
    require(user, "privacy.records")
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; use one of {', '.join(KINDS)}")
    model, key, fields, label = KINDS[kind]
    q = q.strip()
    if len(q) < 2:
        return []
    qs = scoped(model.objects.all(), user=user) if model is not Control else Control.objects.filter(withdrawn=False)
    if model is Control:
        if not framework.isdigit():
            return []
        qs = qs.filter(framework_id=int(framework))
    if model is Contract:
        qs = qs.select_related("supplier")
    condition = Q(**{f"{key}__istartswith": q})
    for field in fields:
        condition |= Q(**{f"{field}__icontains": q})
    rows = qs.filter(condition).order_by(key)[:LIMIT]
    return [{"value": str(getattr(o, key)), "label": label(o)} for o in rows]
