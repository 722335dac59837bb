"""Sites: where suppliers (or we) make, hold or move items."""

from __future__ import annotations

from steadfast.core.services import crud
from steadfast.network.models import Site, Supplier
from steadfast.network.services.common import delete_unless_used, known_fields, resolve

SITE_FIELDS = {"ref", "owner_supplier", "name", "kind", "country", "subdivision", "city", "latitude", "longitude",
               "ttr_days", "notes"}


def _normalise(fields: dict) -> dict:
    if "owner_supplier" in fields:
        fields["owner_supplier"] = resolve(Supplier, fields["owner_supplier"], field="owner_supplier", required=False)
    for code in ("country", "subdivision"):
        if isinstance(fields.get(code), str):
            fields[code] = fields[code].strip().upper()
    return fields


def create_site(*, actor, **fields) -> Site:
    return crud.create(actor=actor, model=Site, **_normalise(known_fields(Site, fields, allowed=SITE_FIELDS)))


def update_site(*, actor, site: Site, **fields) -> Site:
    return crud.update(actor=actor, instance=site, **_normalise(known_fields(Site, fields, allowed=SITE_FIELDS)))


def delete_site(*, actor, site: Site) -> None:
    delete_unless_used(actor=actor, instance=site)
