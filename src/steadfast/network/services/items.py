"""Items (parts, assemblies, software, services, products) and their approved sources."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from steadfast.core.services import crud
from steadfast.network.models import Item, ItemKind, ItemSource, Site
from steadfast.network.services.common import delete_unless_used, known_fields, resolve

ITEM_FIELDS = {"ref", "name", "kind", "unit", "unit_cost", "demand_per_day", "margin_per_unit"}
SOURCE_FIELDS = {"ref", "item", "site", "capacity_per_day", "inventory", "lead_time_days", "ttr_days", "share",
                 "status"}


def _check_product_fields(item: Item | None, fields: dict) -> None:
    kind = fields.get("kind", item.kind if item else None)
    if kind == ItemKind.PRODUCT:
        return
    demand = fields.get("demand_per_day", item.demand_per_day if item else 0)
    if demand:
        raise ValidationError({"demand_per_day": "only products face external demand: leave it 0 for a "
                                                 f"{ItemKind(kind).label.lower() if kind in ItemKind.values else kind}"})
    if item is not None and item.kind == ItemKind.PRODUCT and "kind" in fields and item.deployments.exists():
        raise ValidationError({"kind": f"{item.ref} is deployed in customer networks: it must stay a product"})


def create_item(*, actor, **fields) -> Item:
    known_fields(Item, fields, allowed=ITEM_FIELDS)
    _check_product_fields(None, fields)
    return crud.create(actor=actor, model=Item, **fields)


def update_item(*, actor, item: Item, **fields) -> Item:
    known_fields(Item, fields, allowed=ITEM_FIELDS)
    with transaction.atomic():
        _check_product_fields(item, fields)
        return crud.update(actor=actor, instance=item, **fields)


def delete_item(*, actor, item: Item) -> None:
    """Deleting an item removes the BOM lines below it; it is refused while it is a child,
    has sources or is deployed."""
    delete_unless_used(actor=actor, instance=item)


def default_source_ref(item: Item, site: Site) -> str:
    return f"{item.ref}@{site.ref}"[:130]


def _normalise_source(fields: dict) -> dict:
    if "item" in fields:
        fields["item"] = resolve(Item, fields["item"], field="item")
    if "site" in fields:
        fields["site"] = resolve(Site, fields["site"], field="site")
    return fields


def create_item_source(*, actor, **fields) -> ItemSource:
    """An approved source of an item at a site. `ref` defaults to 'ITEM@SITE'."""
    fields = _normalise_source(known_fields(ItemSource, fields, allowed=SOURCE_FIELDS))
    for required in ("item", "site"):
        if fields.get(required) is None:
            raise ValidationError({required: f"a {required} is required"})
    if not fields.get("ref"):
        fields["ref"] = default_source_ref(fields["item"], fields["site"])
    return crud.create(actor=actor, model=ItemSource, **fields)


def update_item_source(*, actor, source: ItemSource, **fields) -> ItemSource:
    fields = _normalise_source(known_fields(ItemSource, fields, allowed=SOURCE_FIELDS))
    return crud.update(actor=actor, instance=source, **fields)


def delete_item_source(*, actor, source: ItemSource) -> None:
    crud.delete(actor=actor, instance=source)
